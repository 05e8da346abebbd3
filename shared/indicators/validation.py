"""Checking an entry's fields against its set: types, code tables, cross-field rules.

Pure functions. `validate_entry` checks the fields it is given; for an update
of some fields of a stored entry, merge them into the stored fields first so
that the cross-field rules see the whole entry. A value of None (or "", or
[]) means "no value" and is kept as None, so an update can clear a field.
An id_number given without an id_type is checked as type "1" (the default).
Messages are Chinese with English in parentheses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation

from shared.idnumbers import IdNumberError, RESIDENT_FORMAT_TYPES, parse_resident_id, \
    validate_id_document
from shared.indicators.codetables import CODE_TABLES
from shared.indicators.sets import FieldDef, SetDef

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
REQUIRED = "必填项 (required)"


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) \
        or (isinstance(value, (list, tuple)) and not value)


def _code(field: FieldDef, value) -> str:
    table = CODE_TABLES[field.code_table]
    if not isinstance(value, str):
        raise ValueError("代码应为文本 (a code must be a string)")
    code = value.strip()
    if code not in table:
        raise ValueError(f"代码 {code} 不在代码表「{table.label}」中 "
                         f"(code {code} is not in table {table.name})")
    return code


def _codes(field: FieldDef, value) -> list[str]:
    if not isinstance(value, (list, tuple)):
        raise ValueError("应为代码列表 (must be a list of codes)")
    result = []
    for item in value:
        code = _code(field, item)
        if code not in result:
            result.append(code)
    return result


def _string(field: FieldDef, value) -> str:
    if not isinstance(value, str):
        raise ValueError("应为文本 (must be a string)")
    text = value.strip()
    if not text.isprintable():
        raise ValueError("含有控制字符 (contains control characters)")
    if field.max_length is not None and len(text) > field.max_length:
        raise ValueError(f"不能超过 {field.max_length} 个字符 "
                         f"(at most {field.max_length} characters)")
    if field.pattern is not None and not re.fullmatch(field.pattern, text):
        raise ValueError(f"格式不正确:{field.help or field.pattern} (wrong format)")
    return text


def _date(field: FieldDef, value) -> str:
    try:
        if isinstance(value, str) and _DATE_RE.match(value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise ValueError("应为存在的日期 YYYY-MM-DD (must be a real date YYYY-MM-DD)")


def _month(field: FieldDef, value) -> str:
    if isinstance(value, str) and _MONTH_RE.match(value):
        return value
    raise ValueError("格式应为 YYYY-MM (must be a month YYYY-MM)")


def _integer(field: FieldDef, value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    raise ValueError("应为整数 (must be a whole number)")


def _decimal(field: FieldDef, value) -> str:
    if not isinstance(value, bool) and isinstance(value, (int, float, str)):
        try:
            number = Decimal(str(value).strip())
            if number.is_finite():
                return str(number)
        except InvalidOperation:
            pass
    raise ValueError("应为数字 (must be a number)")


def _boolean(field: FieldDef, value) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("应为 true 或 false (must be true or false)")


_CLEANERS = {"string": _string, "code": _code, "codes": _codes, "date": _date,
             "month": _month, "integer": _integer, "decimal": _decimal, "boolean": _boolean}


# -- cross-field rules: rule(cleaned, errors, today) may add errors or clear fields --

def _clear(cleaned, errors, names):
    for name in names:
        cleaned[name] = None
        errors.pop(name, None)


def _standalone(codes, alone, label):
    if codes and len(codes) > 1 and alone & set(codes):
        return f"{label}只能单独选择 ({'/'.join(sorted(alone & set(codes)))} stands alone)"
    return None


def _foreign_nationality_clears(cleaned, errors, today):
    if cleaned.get("nationality") not in (None, "156"):
        _clear(cleaned, errors, ("ethnicity", "political_status"))


def _political_status(cleaned, errors, today):
    codes = cleaned.get("political_status") or []
    problem = _standalone(codes, {"12", "13"}, "无党派民主人士、群众")
    if problem:
        errors["political_status"].append(problem)
    if {"01", "02"} <= set(codes):
        errors["political_status"].append("中共党员与中共预备党员不能同时选择 "
                                          "(01 and 02 exclude each other)")


def _establishment(cleaned, errors, today):
    if cleaned.get("on_establishment") == "1":
        _clear(cleaned, errors, ("employment_form",))


def _id_document(cleaned, errors, today):
    number, id_type = cleaned.get("id_number"), cleaned.get("id_type", "1")
    if number is None or id_type is None or "id_type" in errors:
        return
    birth = cleaned.get("birth_date")
    try:
        cleaned["id_number"] = validate_id_document(
            id_type, number, birth_month=birth[:7] if birth else None,
            gender=cleaned.get("gender"), today=today)
        if birth and id_type in RESIDENT_FORMAT_TYPES \
                and parse_resident_id(number, today=today).birth_date.isoformat() != birth:
            raise IdNumberError(f"出生日期 {birth} 与证件号不一致 "
                                f"(birth date {birth} disagrees with the number)")
    except IdNumberError as error:
        errors["id_number"].append(error.message)


def _work_dates(cleaned, errors, today):
    birth, work = cleaned.get("birth_date"), cleaned.get("work_start_month")
    school = cleaned.get("school_join_month")
    if birth and work and work <= birth[:7]:
        errors["work_start_month"].append("参加工作年月应晚于出生日期 (must be after the birth date)")
    if work and school and school < work:
        errors["school_join_month"].append("进本校年月不能早于参加工作年月 "
                                           "(must not be before the month work started)")


def _study_dates(cleaned, errors, today):
    start, end = cleaned.get("start_month"), cleaned.get("end_month")
    if start and end and end <= start:
        errors["end_month"].append("毕业年月应晚于入学年月 (must be after the start month)")


def _no_degree_clears(cleaned, errors, today):
    if cleaned.get("degree_level") == "0":
        _clear(cleaned, errors, ("degree_name", "degree_country", "degree_institution",
                                 "degree_month"))


RULES = {
    "basic_info": (_foreign_nationality_clears, _political_status, _establishment,
                   _id_document, _work_dates),
    "education": (_no_degree_clears, _study_dates),
}

# Fields required only in some situations: set name -> fields -> the names.
CONDITIONAL_REQUIRED = {
    "basic_info": lambda f: ["employment_form"] if f.get("on_establishment") == "0" else [],
}


def missing_required(set_def: SetDef, fields: dict) -> list[str]:
    """Names of the required fields without a value, in the set's order."""
    extra = set(CONDITIONAL_REQUIRED.get(set_def.name, lambda f: [])(fields))
    return [f.name for f in set_def.fields
            if (f.required or f.name in extra) and _is_empty(fields.get(f.name))]


def validate_entry(set_def: SetDef, fields: dict, *, partial: bool,
                   today: date | None = None) -> tuple[dict, dict[str, list[str]]]:
    """Return (cleaned fields, errors by field name).

    partial=True checks what is there (a draft); partial=False also reports
    every required field without a value.
    """
    errors: dict[str, list[str]] = defaultdict(list)
    cleaned: dict = {}
    if not isinstance(fields, dict):
        return {}, {"fields": ["应为对象 (must be an object)"]}
    for name, value in fields.items():
        if not set_def.has_field(name):
            errors[name].append(f"「{set_def.label}」没有此字段 (unknown field)")
            continue
        field = set_def.field(name)
        if _is_empty(value):
            cleaned[name] = None
            continue
        try:
            cleaned[name] = _CLEANERS[field.type](field, value)
        except ValueError as error:
            errors[name].append(str(error))
    for rule in RULES.get(set_def.name, ()):
        rule(cleaned, errors, today)
    if not partial:
        for name in missing_required(set_def, cleaned):
            if name not in errors:
                errors[name].append(REQUIRED)
    return cleaned, {name: messages for name, messages in errors.items() if messages}
