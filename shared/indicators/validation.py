"""Checking an entry's fields against its set: types, code tables, metadata rules,
cross-field rules, and completeness.

Pure functions. `validate_entry` checks the fields it is given; for an update
of some fields of a stored entry, merge them into the stored fields first so
that the cross-field rules see the whole entry. A value of None (or "", or
[]) means "no value" and is kept as None, so an update can clear a field.
An id_number given without an id_type is checked as type "1" (the default).
Messages are Chinese with English in parentheses.

The checks run in this order:
1. each given field: known to the set, of its type (codes in their table);
2. read-only fields and fields derived from other sets are refused;
3. `clears`: a value such as "0 无" empties the fields it clears (they are
   then neither checked nor required);
4. `groups`: a field of another group than the entry's (教学科研成果) is refused;
5. `exclusive`: codes that stand alone (0 无, 00 无, 12/13 in 政治面貌);
6. `cascade`: a code allowed under its parent's code (岗位等级 by 岗位类别);
7. bounds (`minimum`, `maximum`);
8. the set's own rules (`rules.RULES`);
9. with partial=False, every required field (also `required_when`, per group).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from shared.indicators.codetables import CODE_TABLES
from shared.indicators.fielddefs import FieldDef, SetDef
from shared.indicators.rules import RULES, Errors, clear
from shared.indicators.sets import SETS
from shared.text import problem as problem_of_text

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
REQUIRED = "必填项 (required)"
READONLY = "只读字段,不可填写 (read-only: set by another process)"

# Extra conditional requirements that metadata (`required_when`) cannot say:
# set name -> function(fields) -> names of the fields it requires.
CONDITIONAL_REQUIRED: dict[str, Any] = {}


def _is_empty(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, (list, tuple)) and not value)
    )


# -- cleaning one value -----------------------------------------------------------


def _code(field: FieldDef, value: object) -> str:
    table = CODE_TABLES[_table_name(field)]
    if not isinstance(value, str):
        raise ValueError("代码应为文本 (a code must be a string)")
    code = value.strip()
    if code not in table:
        raise ValueError(
            f"代码 {code} 不在代码表「{table.label}」中 (code {code} is not in table {table.name})"
        )
    return code


def _codes(field: FieldDef, value: object) -> list[str]:
    if not isinstance(value, (list, tuple)):
        raise ValueError("应为代码列表 (must be a list of codes)")
    result = []
    for item in value:
        code = _code(field, item)
        if code not in result:
            result.append(code)
    return result


def _string(field: FieldDef, value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("应为文本 (must be a string)")
    text = value.strip()
    refused = problem_of_text(text)
    if refused:
        raise ValueError(refused)
    if field.max_length is not None and len(text) > field.max_length:
        raise ValueError(
            f"不能超过 {field.max_length} 个字符 (at most {field.max_length} characters)"
        )
    if field.pattern is not None and not re.fullmatch(field.pattern, text):
        raise ValueError(f"格式不正确:{field.help or field.pattern} (wrong format)")
    return text


def _date(field: FieldDef, value: object) -> str:
    try:
        if isinstance(value, str) and _DATE_RE.match(value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise ValueError("应为存在的日期 YYYY-MM-DD (must be a real date YYYY-MM-DD)")


def _month(field: FieldDef, value: object) -> str:
    if isinstance(value, str) and _MONTH_RE.match(value):
        return value
    raise ValueError("格式应为 YYYY-MM (must be a month YYYY-MM)")


def _integer(field: FieldDef, value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    raise ValueError("应为整数 (must be a whole number)")


def _decimal(field: FieldDef, value: object) -> str:
    if not isinstance(value, bool) and isinstance(value, (int, float, str)):
        try:
            number = Decimal(str(value).strip())
            if number.is_finite():
                return str(number)
        except InvalidOperation:
            pass
    raise ValueError("应为数字 (must be a number)")


def _boolean(field: FieldDef, value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("应为 true 或 false (must be true or false)")


_CLEANERS = {
    "string": _string,
    "code": _code,
    "codes": _codes,
    "date": _date,
    "month": _month,
    "integer": _integer,
    "decimal": _decimal,
    "boolean": _boolean,
}


# -- the metadata rules -----------------------------------------------------------


def _table_name(field: FieldDef) -> str:
    if field.code_table is None:
        raise TypeError(f"{field.name} is not a code field")
    return field.code_table


def _label(table_name: str | None, code: str) -> str:
    """The label of `code` in its table; the code itself when it has none."""
    table = CODE_TABLES.get(table_name) if table_name is not None else None
    return (table.label_of(code) if table else None) or code


def _not_entered(set_def: SetDef, given: Iterable[str], errors: Errors) -> None:
    for name in given:
        fd = set_def.field(name)
        if fd.readonly:
            errors[name].append(READONLY)
        elif fd.derived is not None and not fd.derived.entered:
            sources = "、".join(_source_label(s) for s in fd.derived.sources)
            errors[name].append(f"由{sources}得出,不可填写 (derived, not entered)")


def _source_label(name: str) -> str:
    return SETS[name].label if name in SETS else name


def _apply_clears(set_def: SetDef, cleaned: dict[str, Any], errors: Errors) -> None:
    for fd in set_def.fields:
        if fd.clears is not None and fd.clears.triggered_by(cleaned.get(fd.name)):
            clear(cleaned, errors, set_def.cleared_by(fd))


def _check_groups(set_def: SetDef, cleaned: dict[str, Any], errors: Errors) -> None:
    if set_def.group_field is None:
        return
    group_def = set_def.field(set_def.group_field)
    group = cleaned.get(group_def.name)
    for name, value in cleaned.items():
        fd = set_def.field(name)
        if not fd.groups or value is None:
            continue
        if group is None:
            if group_def.name not in errors:
                errors[name].append(f"请先选择{group_def.label} (choose {group_def.name} first)")
        elif group not in fd.groups:
            errors[name].append(
                f"「{_label(group_def.code_table, group)}」没有此项 "
                f"(not a field of {group_def.name} {group})"
            )


def _check_exclusive(set_def: SetDef, cleaned: dict[str, Any], errors: Errors) -> None:
    for fd in set_def.fields:
        codes = cleaned.get(fd.name)
        if not fd.exclusive or not codes or len(codes) < 2:
            continue
        alone = [c for c in codes if c in fd.exclusive]
        if alone:
            labels = "、".join(_label(fd.code_table, c) for c in alone)
            errors[fd.name].append(f"「{labels}」只能单独选择 ({'/'.join(alone)} stands alone)")


def _check_cascades(set_def: SetDef, cleaned: dict[str, Any], errors: Errors) -> None:
    for fd in set_def.fields:
        value = cleaned.get(fd.name)
        if fd.cascade is None or value is None or fd.name in errors:
            continue
        parent_def = set_def.field(fd.cascade.depends_on)
        parent = cleaned.get(parent_def.name)
        if parent is None:
            if parent_def.name not in errors:
                errors[fd.name].append(f"请先填写{parent_def.label} (depends on {parent_def.name})")
            continue
        allowed = fd.cascade.allowed(parent)
        if allowed is not None and value not in allowed:
            errors[fd.name].append(
                f"{fd.label}「{_label(fd.code_table, value)}」不适用于{parent_def.label}"
                f"「{_label(parent_def.code_table, parent)}」 "
                f"(code {value} is not allowed under {parent_def.name} {parent})"
            )


def _check_bounds(set_def: SetDef, cleaned: dict[str, Any], errors: Errors) -> None:
    for fd in set_def.fields:
        value = cleaned.get(fd.name)
        if value is None or fd.type not in ("integer", "decimal"):
            continue
        number = Decimal(value) if isinstance(value, str) else value
        if fd.minimum is not None and number < fd.minimum:
            errors[fd.name].append(f"不能小于 {fd.minimum} (at least {fd.minimum})")
        if fd.maximum is not None and number > fd.maximum:
            errors[fd.name].append(f"不能大于 {fd.maximum} (at most {fd.maximum})")


# -- the public functions -----------------------------------------------------------


def cleared_fields(set_def: SetDef, fields: Mapping[str, Any]) -> set[str]:
    """The fields that the values of `fields` clear (e.g. everything after 0 无)."""
    cleared: set[str] = set()
    for fd in set_def.fields:
        if (
            fd.clears is not None
            and fd.name not in cleared
            and fd.clears.triggered_by(fields.get(fd.name))
        ):
            cleared.update(set_def.cleared_by(fd))
    return cleared


def missing_required(set_def: SetDef, fields: dict[str, Any]) -> list[str]:
    """Names of the required fields without a value, in the set's order.

    Required: `required` fields that are entered (not read-only, not derived
    from other sets), of the entry's group when they belong to groups; fields
    whose `required_when` holds; the extras of CONDITIONAL_REQUIRED. Fields that
    the entry's values clear are never required.
    """
    extra = set(CONDITIONAL_REQUIRED.get(set_def.name, lambda f: [])(fields))
    cleared = cleared_fields(set_def, fields)
    group = fields.get(set_def.group_field) if set_def.group_field else None
    missing = []
    for fd in set_def.fields:
        if fd.name in cleared or not fd.entered:
            continue
        needed = (
            (fd.required and (not fd.groups or group in fd.groups))
            or (fd.required_when is not None and fd.required_when.holds(fields))
            or fd.name in extra
        )
        if needed and _is_empty(fields.get(fd.name)):
            missing.append(fd.name)
    return missing


def validate_entry(
    set_def: SetDef, fields: dict[str, Any], *, partial: bool, today: date | None = None
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Return (cleaned fields, errors by field name).

    partial=True checks what is there (a draft); partial=False also reports
    every required field without a value. `today` (default: the real date)
    decides "the current year" and "the future".
    """
    today = today or date.today()
    errors: dict[str, list[str]] = defaultdict(list)
    cleaned: dict[str, Any] = {}
    if not isinstance(fields, dict):
        return {}, {"fields": ["应为对象 (must be an object)"]}
    given = []
    for name, value in fields.items():
        if not set_def.has_field(name):
            errors[name].append(f"「{set_def.label}」没有此字段 (unknown field)")
            continue
        field = set_def.field(name)
        if _is_empty(value):
            cleaned[name] = None
            continue
        given.append(name)
        try:
            cleaned[name] = _CLEANERS[field.type](field, value)
        except ValueError as error:
            errors[name].append(str(error))
    _not_entered(set_def, given, errors)
    _apply_clears(set_def, cleaned, errors)
    _check_groups(set_def, cleaned, errors)
    _check_exclusive(set_def, cleaned, errors)
    _check_cascades(set_def, cleaned, errors)
    _check_bounds(set_def, cleaned, errors)
    for rule in RULES.get(set_def.name, ()):
        rule(cleaned, errors, today)
    if not partial:
        for name in missing_required(set_def, cleaned):
            if name not in errors:
                errors[name].append(REQUIRED)
    return cleaned, {name: messages for name, messages in errors.items() if messages}


# -- across entries -------------------------------------------------------------------


def entry_key(set_def: SetDef, fields: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The values of the set's key fields (what identifies an entry on re-import);
    None when they are all empty or the set has no key."""
    if not set_def.key_fields:
        return None
    key = tuple(None if _is_empty(fields.get(k)) else fields.get(k) for k in set_def.key_fields)
    return None if all(v is None for v in key) else key


def key_conflicts(
    set_def: SetDef, fields: Mapping[str, Any], others: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    """For a set with `unique_key` (基本待遇, 年度考核: one a year): errors when
    another entry (`others`: their field dicts) has the same key."""
    key = entry_key(set_def, fields)
    if not set_def.unique_key or key is None:
        return {}
    if any(entry_key(set_def, other) == key for other in others):
        return {
            name: [f"已有{set_def.field(name).label}相同的记录 (one entry per {name})"]
            for name in set_def.key_fields
        }
    return {}


def incomplete(
    entries_by_set: Mapping[str, Iterable[tuple[str, Mapping[str, Any]]]],
    sets: Mapping[str, SetDef] | None = None,
) -> dict[str, list[str]]:
    """The completeness check before submission, naming each missing field.

    `entries_by_set`: set name -> [(entry_id, fields), ...]. Answers
    {key: [message]} where key is the set name for a required set without
    entries, the field name for 基本信息, `set.field` for another one-entry set,
    and `set.entry_id.field` for an entry of a many-entry set. Empty when complete.
    """
    sets = SETS if sets is None else sets
    missing: dict[str, list[str]] = {}
    for set_def in sets.values():
        entries = list(entries_by_set.get(set_def.name, ()))
        if set_def.required and not entries:
            missing[set_def.name] = [
                f"「{set_def.label}」至少填写一条 (at least one entry is required)"
            ]
        for entry_id, fields in entries:
            for name in missing_required(set_def, dict(fields)):
                if set_def.name == "basic_info":
                    key = name
                elif set_def.many:
                    key = f"{set_def.name}.{entry_id}.{name}"
                else:
                    key = f"{set_def.name}.{name}"
                missing[key] = [f"「{set_def.label}」{set_def.field(name).label}:{REQUIRED}"]
    return missing
