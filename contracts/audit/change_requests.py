"""Inputs of the change-request (变更申请) RPCs of audit (decisions use
`contracts.audit.reviews.DecisionSchema`)."""

from marshmallow import fields, validate

from contracts.paging import PageSchema
from contracts.vocabulary.audit import STATES


class ListChangeRequestsSchema(PageSchema):
    # default (None): what waits for the caller's step (filed for a school, school_approved
    # for the province), otherwise every state
    state = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf([*STATES, "all"])
    )
    teacher_id = fields.String(load_default=None, allow_none=True)
