"""Inputs of the business modules' reporting RPCs (the gateway loads the same
arguments from query strings)."""
from marshmallow import Schema, fields, validate

_YEAR = validate.Range(min=1950, max=2100)


class TrainingSummarySchema(Schema):
    org_code = fields.String(load_default=None, allow_none=True,
                             validate=validate.Length(min=1, max=40))
    year = fields.Integer(load_default=None, allow_none=True, validate=_YEAR)


class TeacherTrainingSchema(Schema):
    teacher_id = fields.String(required=True, validate=validate.Length(min=1, max=36))
    year = fields.Integer(load_default=None, allow_none=True, validate=_YEAR)


class RotationListSchema(Schema):
    org_code = fields.String(load_default=None, allow_none=True,
                             validate=validate.Length(min=1, max=40))
    active = fields.Boolean(load_default=False)
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    # past the end of any listing; a larger one would overflow the database's integers
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10**9))
