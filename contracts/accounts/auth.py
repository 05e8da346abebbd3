"""Input of the password change of accounts (one's own password)."""

from marshmallow import Schema, validate

from shared.schema_text import REQUIRED_ERRORS, Text


class ChangePasswordSchema(Schema):
    old_password = Text(required=True, multiline=True, error_messages=REQUIRED_ERRORS)
    new_password = Text(
        required=True,
        multiline=True,
        validate=validate.Length(max=200),
        error_messages=REQUIRED_ERRORS,
    )
