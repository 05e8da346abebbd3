"""Input of the audit trail RPC: whose trail."""

from marshmallow import Schema, fields, validate

_required = {"required": "必填 (required)"}


class TrailSchema(Schema):
    teacher_id = fields.String(
        required=True, validate=validate.Length(min=1, max=36), error_messages=_required
    )
