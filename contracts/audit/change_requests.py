"""Inputs of the change-request (变更申请) RPCs of audit (decisions use
`contracts.audit.reviews.DecisionSchema`)."""

from marshmallow import Schema, fields, validate

from contracts.vocabulary.audit import STATES


class ListChangeRequestsSchema(Schema):
    # default (None): what waits for the caller's step (filed for a school, school_approved
    # for the province), otherwise every state
    state = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf([*STATES, "all"])
    )
    teacher_id = fields.String(load_default=None, allow_none=True)
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    # past the end of any listing; a larger one would overflow the database's integers
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10**9))
