"""Inputs of the records RPCs."""
from marshmallow import Schema, fields, validate

STATES = ("draft", "submitted", "approved", "rejected", "returned")


class ListTeachersSchema(Schema):
    unit_code = fields.String(load_default=None, allow_none=True)
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STATES))
    # 教师变动: active (the default, the collection scope), left, retired, deceased or all
    status = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(
        ("active", "left", "retired", "deceased", "all")))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class AsOfSchema(Schema):
    as_of = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(
        r"^(\d+|\d{4}-\d{2}-\d{2}(T.*)?)$", error="an event position or a date YYYY-MM-DD"))


class ReturnSchema(Schema):
    """退回: why the submitted record goes back to its filler."""
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000),
                           error_messages={"required": "退回需填写原因 (required)"})
