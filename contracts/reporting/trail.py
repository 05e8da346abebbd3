"""Input of the audit trail RPC: whose trail."""

from marshmallow import Schema, fields, validate

from shared.schema_text import REQUIRED_ERRORS


class TrailSchema(Schema):
    teacher_id = fields.String(
        required=True, validate=validate.Length(min=1, max=36), error_messages=REQUIRED_ERRORS
    )
