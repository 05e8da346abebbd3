"""Loading input with a marshmallow schema, on either side of a boundary: the gateway
loads HTTP bodies and query strings, a service its RPC arguments, with the same schemas
(contracts/) and the same errors. No nameko here, so a contract can use it."""

from typing import Any

from marshmallow import Schema
from marshmallow import ValidationError as SchemaError

from shared import errors


def load(schema: Schema, data: Any, *, partial: bool = False) -> dict[str, Any]:
    """Validate input with a marshmallow schema; a bad field becomes a ValidationError naming it."""
    try:
        loaded: dict[str, Any] = schema.load(data if data is not None else {}, partial=partial)
        return loaded
    except SchemaError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        names = ", ".join(sorted(messages))
        raise errors.ValidationError(f"invalid input: {names}", messages) from None
