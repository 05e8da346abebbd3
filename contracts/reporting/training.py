"""Inputs of the 培训学分（学时） RPCs: an org's yearly summary and one teacher's
totals (the gateway loads the same arguments from query strings)."""

from marshmallow import Schema, fields, validate

_YEAR = validate.Range(min=1950, max=2100)


class TrainingSummarySchema(Schema):
    org_code = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=40)
    )
    year = fields.Integer(load_default=None, allow_none=True, validate=_YEAR)


class TeacherTrainingSchema(Schema):
    teacher_id = fields.String(required=True, validate=validate.Length(min=1, max=36))
    year = fields.Integer(load_default=None, allow_none=True, validate=_YEAR)
