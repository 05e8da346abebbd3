"""Inputs of the records RPC of a school's training requirement (培训学分)."""

from decimal import Decimal
from typing import Any

from marshmallow import Schema, fields, validate

from shared.schema_text import REQUIRED_ERRORS


class _Number(fields.Decimal):
    """A JSON number, not its text (as the OpenAPI document says), kept exact."""

    def _validated(self, value: Any) -> Decimal:
        if isinstance(value, (str, bool)):
            raise self.make_error("invalid")
        return super()._validated(value)


class TrainingRequirementSchema(Schema):
    """A school's yearly training requirement (学时, optionally 学分)."""

    year = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1950, max=2100),
        error_messages=REQUIRED_ERRORS,
    )
    hours = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=0, max=10000),
        error_messages=REQUIRED_ERRORS,
    )
    credits = _Number(
        load_default=None, allow_none=True, as_string=True, validate=validate.Range(min=0)
    )
