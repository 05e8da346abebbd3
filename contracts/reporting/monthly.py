"""Input of the monthly report RPC (附件4 月报表); the gateway loads the same schema
from the query string."""

from marshmallow import Schema, fields, validate

from shared.schema_text import REQUIRED_ERRORS

MONTH = r"^[1-9]\d{3}-(0[1-9]|1[0-2])$"


class MonthlyReportSchema(Schema):
    org_code = fields.String(
        required=True, validate=validate.Length(min=1, max=40), error_messages=REQUIRED_ERRORS
    )
    month = fields.String(
        required=True,
        validate=validate.Regexp(MONTH, error="格式应为 YYYY-MM (expected YYYY-MM)"),
        error_messages=REQUIRED_ERRORS,
    )
