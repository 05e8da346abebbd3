"""Paging, the same for every listing: `limit` items (1 to 500, 50 when not given) from
`offset`. A listing's query schema subclasses `PageSchema`."""

from marshmallow import Schema, fields, validate


class PageSchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    # past the end of any listing; a larger one would overflow the database's integers
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10**9))
