"""The gateway's schemas of the information sheet (信息批量导入): query arguments (types
only: records checks the values) and the report's shape for the OpenAPI document."""
from marshmallow import EXCLUDE, INCLUDE, Schema, fields


class InfoTemplateQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    format = fields.String(metadata={"description": "xlsx (default: one sheet per set) or csv"})
    set = fields.String(metadata={"description": "csv: the set of the file, e.g. education"})


class InfoImportQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    dry_run = fields.Boolean(metadata={"description": "true (default): check only, write nothing"})
    mode = fields.String(metadata={"description": "all_or_nothing (default): any bad row "
                                   "answers 400 and nothing is written; good_rows: the good "
                                   "rows are written and the bad ones reported"})
    set = fields.String(metadata={"description": "csv: the set of the file (else detected "
                                  "from its header)"})


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
    sheets = fields.Dict(keys=fields.String(), values=fields.Nested(InfoSheetCount),
                         metadata={"description": "per set: rows read, rows without an error"})
    rows = fields.Integer()
    valid = fields.Integer()
    errors = fields.List(fields.Nested(InfoRowError), metadata={
        "description": "every bad row and field; all_or_nothing with bad rows answers 400 "
                       "with them in error.fields.rows"})
    written = fields.Integer(metadata={"description": "import: rows written (one event each)"})
    unchanged = fields.Integer(metadata={"description": "import: rows equal to the record"})
