"""A marshmallow schema for every information set, generated from its definition.

The indicator system (shared/indicators) is the one source: each field's type,
length, pattern, code table and bounds become a marshmallow field, so an input
with a wrong type, an unknown field or a code outside its table is refused at
the service's edge with the field named. The rules that need the whole entry
(cascades, exclusive codes, date orders, conditional requirements) stay with
the record's domain, which checks the entry merged over what it held.
"""

import re
from datetime import date
from functools import cache
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from shared.errors import NotFound
from shared.indicators import CODE_TABLES, SETS
from shared.indicators.fielddefs import FieldDef
from shared.schemas import load

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MESSAGES = {
    "null": "不能为空 (may not be null)",
    "invalid": "格式不对 (not a valid value)",
    "required": "必填项 (required)",
}


def _valid_date(value: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValidationError("日期应为 YYYY-MM-DD (a date YYYY-MM-DD)") from None


def _code_choice(field: FieldDef) -> validate.OneOf:
    if field.code_table is None:
        raise ValueError(f"{field.name} is a code field without a code table")
    table = CODE_TABLES[field.code_table]
    return validate.OneOf(
        [code for code, _ in table.codes],
        error=f"代码不在代码表「{table.label}」中 (not a code of {table.name})",
    )


def _bounds(field: FieldDef) -> list[validate.Validator]:
    if field.minimum is None and field.maximum is None:
        return []
    return [validate.Range(min=field.minimum, max=field.maximum)]


def marshmallow_field(field: FieldDef) -> fields.Field:
    common: dict[str, Any] = {"allow_none": True, "error_messages": MESSAGES}
    if field.type == "code":
        return fields.String(validate=_code_choice(field), **common)
    if field.type == "codes":
        return fields.List(fields.String(validate=_code_choice(field)), **common)
    if field.type == "date":
        return fields.String(
            validate=[
                validate.Regexp(r"^\d{4}-\d{2}-\d{2}$", error="日期应为 YYYY-MM-DD"),
                _valid_date,
            ],
            **common,
        )
    if field.type == "month":
        return fields.String(
            validate=validate.Regexp(MONTH, error="年月应为 YYYY-MM (YYYY-MM)"), **common
        )
    if field.type == "integer":
        return fields.Integer(strict=False, validate=_bounds(field), **common)
    if field.type == "decimal":
        return fields.Decimal(as_string=True, validate=_bounds(field), **common)
    if field.type == "boolean":
        return fields.Boolean(**common)
    checks: list[validate.Validator] = (
        [validate.Length(max=field.max_length)] if field.max_length else []
    )
    if field.pattern:
        checks.append(validate.Regexp(field.pattern, error="格式不对 (does not match the pattern)"))
    return fields.String(validate=checks, **common)


@cache
def schema_for(set_name: str) -> Schema:
    set_def = SETS[set_name]
    declared = {f.name: marshmallow_field(f) for f in set_def.fields}
    schema_class = Schema.from_dict(declared, name=f"{set_name.title().replace('_', '')}Schema")
    schema_class.error_messages = {"unknown": f"「{set_def.label}」没有这个字段 (unknown field)"}
    return schema_class(unknown=RAISE)


def load_set_input(set_name: str, values: dict[str, Any]) -> dict[str, Any]:
    """Type, format and code checks of an input for the set; every required field
    may be missing here (a draft), the completeness check comes at submission."""
    if set_name not in SETS:
        raise NotFound(f"no information set {set_name}", {"set": [f"unknown set {set_name}"]})
    load(schema_for(set_name), values, partial=True)
    return values  # as given: the record's rules normalise what they keep
