"""Inputs of the records RPC of teacher changes (教师变动)."""

from marshmallow import Schema, fields, validate

from contracts.vocabulary.records import ALL_CODES, KINDS
from shared.schema_text import REQUIRED_ERRORS, Text

DATE = r"^\d{4}-\d{2}-\d{2}$"


class TeacherChangeSchema(Schema):
    """A teacher change: join | transfer | leave | retire | death, with its date."""

    kind = fields.String(
        required=True,
        validate=validate.OneOf(KINDS),
        error_messages=REQUIRED_ERRORS,
        metadata={"description": "join, transfer, leave, retire or death"},
    )
    date = fields.String(
        required=True,
        validate=validate.Regexp(DATE, error="格式应为 YYYY-MM-DD (expected YYYY-MM-DD)"),
        error_messages=REQUIRED_ERRORS,
        metadata={"description": "when it happened (not in the future)"},
    )
    change_code = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(ALL_CODES),
        metadata={
            "description": "教师变动 code: join 111/112/114/122/123/131, "
            "transfer 132, leave 212/215, retire and "
            "death 215 (the default where only one fits)"
        },
    )
    to_unit_code = Text(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": "transfer only: an open unit of the same school"},
    )
    staff_source = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1, max=4),
        metadata={"description": "join only: 教职工来源 code"},
    )
    note = Text(load_default="", multiline=True, validate=validate.Length(max=500))
