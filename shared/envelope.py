"""The event envelope as it travels in the relay's messages, and the check a consumer
makes of each message before it applies it.

A message is `{"source": ..., "events": [envelope, ...]}`. The check is plain Python,
a few microseconds an event, because it runs on every event of the live path: each
field present with its type, positions and versions whole numbers of at least 1, and
only the fields below kept (others are dropped, so a newer producer may add some).
A message that fails it is dropped whole: the store is the truth, and the next
catch-up fetches what it carried.
"""

from typing import Any

Envelope = dict[str, Any]


class MalformedMessage(ValueError):
    """`messages`: what is wrong, by field (`{"events": {3: {"position": [...]}}}`)."""

    def __init__(self, messages: dict[str, Any]) -> None:
        super().__init__(messages)
        self.messages = messages


# field -> (the types it may have, what it says when it has none of them)
_TEXT = ((str,), "应为文本 (text)")
_TEXT_OR_NONE = ((str, type(None)), "应为文本或空 (text or null)")
_OBJECT = ((dict,), "应为对象 (an object)")
_COUNT = "应为不小于 1 的整数 (a whole number of at least 1)"
_INTEGER = "应为整数 (a whole number)"

ENVELOPE_FIELDS: dict[str, tuple[tuple[type, ...], str]] = {
    "source": _TEXT,
    "event_id": _TEXT,
    "stream_id": _TEXT,
    "type": _TEXT,
    "data": _OBJECT,
    "metadata": _OBJECT,
    "occurred_at": _TEXT,
    "prev_hash": _TEXT,
    "hash": _TEXT,
}
COUNTS = ("position", "version")  # whole numbers of at least 1
ACTOR_FIELDS = {
    "account_id": _TEXT,
    "username": _TEXT,
    "role": _TEXT,
    "org_code": _TEXT_OR_NONE,
}
MISSING = "必填 (required)"


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fields(
    value: dict[str, Any], spec: dict[str, tuple[tuple[type, ...], str]]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, (types, message) in spec.items():
        if name not in value:
            errors[name] = [MISSING]
        elif not isinstance(value[name], types):
            errors[name] = [message]
    return errors


def check_envelope(value: Any) -> tuple[Envelope | None, dict[str, Any]]:
    """The envelope with only its known fields, or None and what is wrong with it."""
    if not isinstance(value, dict):
        return None, {"_schema": [_OBJECT[1]]}
    errors: dict[str, Any] = _fields(value, ENVELOPE_FIELDS)
    for name in COUNTS:
        if name not in value:
            errors[name] = [MISSING]
        elif not _whole(value[name]) or value[name] < 1:
            errors[name] = [_COUNT]
    if "schema_version" not in value:
        errors["schema_version"] = [MISSING]
    elif not _whole(value["schema_version"]):
        errors["schema_version"] = [_INTEGER]
    metadata = value.get("metadata")
    if isinstance(metadata, dict):
        problems: dict[str, Any] = {}
        actor = metadata.get("actor")
        if not isinstance(actor, dict):
            problems["actor"] = [MISSING if actor is None else _OBJECT[1]]
        elif actor_errors := _fields(actor, ACTOR_FIELDS):
            problems["actor"] = actor_errors
        if not isinstance(metadata.get("correlation_id"), str):
            problems["correlation_id"] = [MISSING if "correlation_id" not in metadata else _TEXT[1]]
        if not isinstance(metadata.get("causation_id"), (str, type(None))):
            problems["causation_id"] = [_TEXT_OR_NONE[1]]
        if problems:
            errors["metadata"] = problems
    if errors:
        return None, errors
    meta: dict[str, Any] = value["metadata"]
    return {
        **{name: value[name] for name in ENVELOPE_FIELDS},
        "position": value["position"],
        "version": value["version"],
        "schema_version": value["schema_version"],
        "metadata": {
            "actor": {name: meta["actor"][name] for name in ACTOR_FIELDS},
            "correlation_id": meta["correlation_id"],
            "causation_id": meta.get("causation_id"),
        },
    }, {}


def check_batch(body: Any) -> dict[str, Any]:
    """`{"source": ..., "events": [...]}` with every envelope checked, or
    MalformedMessage naming each wrong field (by the event's index in the run)."""
    if not isinstance(body, dict):
        raise MalformedMessage({"_schema": [_OBJECT[1]]})
    errors: dict[str, Any] = {}
    source, events = body.get("source"), body.get("events")
    if not isinstance(source, str):
        errors["source"] = [MISSING if source is None else _TEXT[1]]
    if not isinstance(events, list):
        errors["events"] = [MISSING if events is None else "应为列表 (a list)"]
        raise MalformedMessage(errors)
    checked, wrong = [], {}
    for index, value in enumerate(events):
        envelope, problems = check_envelope(value)
        if problems:
            wrong[index] = problems
        else:
            checked.append(envelope)
    if wrong:
        errors["events"] = wrong
    if errors:
        raise MalformedMessage(errors)
    return {"source": source, "events": checked}
