"""Inputs of the records RPCs of the information sheet (信息批量导入): its template and
an import."""

from marshmallow import Schema, fields, validate

# how an import writes: every row or nothing, or the good rows
ALL_OR_NOTHING, GOOD_ROWS = "all_or_nothing", "good_rows"


class InfoTemplateSchema(Schema):
    format = fields.String(load_default="xlsx", validate=validate.OneOf(("xlsx", "csv")))
    set = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "csv: the set of the file, e.g. education"},
    )


class InfoImportSchema(Schema):
    content = fields.String(required=True, metadata={"description": "the file, base64"})
    media_type = fields.String(load_default=None, allow_none=True)
    dry_run = fields.Boolean(load_default=True)
    mode = fields.String(
        load_default=ALL_OR_NOTHING, validate=validate.OneOf((ALL_OR_NOTHING, GOOD_ROWS))
    )
    set = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "csv: the set of the file (else detected)"},
    )
