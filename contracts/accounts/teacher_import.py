"""Inputs of the teacher import of accounts (批量导入) and its template."""

from marshmallow import Schema, fields, validate

from shared.schema_text import REQUIRED_ERRORS, Text


class ImportTemplateSchema(Schema):
    format = fields.String(load_default="xlsx", validate=validate.OneOf(["xlsx", "csv"]))


class ImportTeachersSchema(Schema):
    content = fields.String(
        required=True,
        error_messages=REQUIRED_ERRORS,
        metadata={"description": "the .xlsx or CSV file, base64-encoded"},
    )
    dry_run = fields.Boolean(load_default=True)
    unit_code = Text(load_default=None, validate=validate.Length(min=1, max=40))
