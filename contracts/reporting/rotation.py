"""Input of the 交流轮岗 listing RPC (the gateway loads the same arguments from the
query string)."""

from marshmallow import Schema, fields, validate


class RotationListSchema(Schema):
    org_code = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=40)
    )
    active = fields.Boolean(load_default=False)
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    # past the end of any listing; a larger one would overflow the database's integers
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10**9))
