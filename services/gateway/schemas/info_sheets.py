"""The gateway's schemas of the information sheet (信息批量导入): the query arguments
(records' own input schemas, `schemas.query_schema`) and the report's shape for the
OpenAPI document."""

from marshmallow import INCLUDE, Schema, fields

from contracts.records import info_import as records
from services.gateway.schemas import query_schema

InfoTemplateQuery = query_schema(records.InfoTemplateSchema)
InfoImportQuery = query_schema(records.InfoImportSchema, "content", "media_type")


class _Answer(Schema):
    class Meta:
        unknown = INCLUDE


class InfoRowError(_Answer):
    sheet = fields.String(metadata={"description": "the set, e.g. education"})
    title = fields.String(metadata={"description": "the sheet's title, e.g. 学习经历"})
    row = fields.Integer(metadata={"description": "the sheet's row number (the header is row 1)"})
    field = fields.String()
    column = fields.String(metadata={"description": "the column header, e.g. 身份证件号码"})
    message = fields.String()


class InfoSheetCount(_Answer):
    rows = fields.Integer()
    valid = fields.Integer()


class InfoImportReport(_Answer):
    sheets = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(InfoSheetCount),
        metadata={"description": "per set: rows read, rows without an error"},
    )
    rows = fields.Integer()
    valid = fields.Integer()
    errors = fields.List(
        fields.Nested(InfoRowError),
        metadata={
            "description": "every bad row and field; all_or_nothing with bad rows answers 400 "
            "with them in error.fields.rows"
        },
    )
    written = fields.Integer(metadata={"description": "import: rows written (one event each)"})
    unchanged = fields.Integer(metadata={"description": "import: rows equal to the record"})
