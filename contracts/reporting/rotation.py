"""Input of the 交流轮岗 listing RPC (the gateway loads the same arguments from the
query string)."""

from marshmallow import fields, validate

from contracts.paging import PageSchema


class RotationListSchema(PageSchema):
    org_code = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=40)
    )
    active = fields.Boolean(load_default=False)
