"""The event envelope as it travels: over RPC (`events_since`) and in the relay's messages."""

from marshmallow import EXCLUDE, Schema, fields, validate


class ActorSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    account_id = fields.String(required=True)
    username = fields.String(required=True)
    role = fields.String(required=True)
    org_code = fields.String(required=True, allow_none=True)


class EventMetadataSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    actor = fields.Nested(ActorSchema, required=True)
    correlation_id = fields.String(required=True)
    causation_id = fields.String(allow_none=True, load_default=None)


class EnvelopeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    source = fields.String(required=True)
    position = fields.Integer(required=True, validate=validate.Range(min=1))
    event_id = fields.String(required=True)
    stream_id = fields.String(required=True)
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    type = fields.String(required=True)
    schema_version = fields.Integer(required=True)
    data = fields.Dict(required=True)
    metadata = fields.Nested(EventMetadataSchema, required=True)
    occurred_at = fields.String(required=True)
    prev_hash = fields.String(required=True)
    hash = fields.String(required=True)


class EventBatchSchema(Schema):
    """One message of the outbox relay: a run of consecutive events of one source."""

    source = fields.String(required=True)
    events = fields.List(fields.Nested(EnvelopeSchema), required=True)


ENVELOPE = EnvelopeSchema()
BATCH = EventBatchSchema()
