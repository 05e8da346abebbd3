"""Inputs of the review (审核) RPCs of audit: the task list and a decision (also the
decision on a change request)."""

from marshmallow import Schema, fields, validate

from contracts.paging import PageSchema
from shared.schema_text import Text


class ListTasksSchema(PageSchema):
    state = fields.String(
        load_default="pending",
        allow_none=True,
        validate=validate.OneOf(["pending", "approved", "rejected", "returned", "all"]),
    )
    review_level = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(["unit", "school"])
    )


class DecisionSchema(Schema):
    decision = fields.String(
        required=True,
        validate=validate.OneOf(["approve", "reject"]),
        error_messages={"required": "必填 (required)"},
    )
    reason = Text(
        load_default=None, allow_none=True, multiline=True, validate=validate.Length(max=2000)
    )
