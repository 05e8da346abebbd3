"""Inputs of the review (审核) RPCs of audit: the task list and a decision (also the
decision on a change request)."""

from marshmallow import Schema, fields, validate

from shared.schema_text import Text


class ListTasksSchema(Schema):
    state = fields.String(
        load_default="pending",
        allow_none=True,
        validate=validate.OneOf(["pending", "approved", "rejected", "returned", "all"]),
    )
    review_level = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(["unit", "school"])
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    # past the end of any listing; a larger one would overflow the database's integers
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10**9))


class DecisionSchema(Schema):
    decision = fields.String(
        required=True,
        validate=validate.OneOf(["approve", "reject"]),
        error_messages={"required": "必填 (required)"},
    )
    reason = Text(
        load_default=None, allow_none=True, multiline=True, validate=validate.Length(max=2000)
    )
