"""Input of the login RPC of accounts."""

from marshmallow import Schema, validate

from shared.schema_text import REQUIRED_ERRORS, Text


class LoginSchema(Schema):
    username = Text(
        required=True, validate=validate.Length(min=1, max=80), error_messages=REQUIRED_ERRORS
    )
    password = Text(
        required=True,
        multiline=True,
        validate=validate.Length(min=1, max=200),
        error_messages=REQUIRED_ERRORS,
    )
