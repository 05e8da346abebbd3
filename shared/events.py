"""Domain events: frozen dataclasses with a type and a schema version.

Pure Python: domain modules define their events on `DomainEvent`. A schema that
has shipped is never edited in place; a new version gets an upcaster here that
turns the stored older data into the current shape when it is read.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
_UPCASTERS: dict[tuple[str, int], Upcaster] = {}


@dataclass(frozen=True)
class DomainEvent:
    version: ClassVar[int] = 1

    @classmethod
    def type_name(cls) -> str:
        return cls.__name__

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "DomainEvent":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class NewEvent:
    """What a command appends: type, schema version and JSON-ready data."""

    type: str
    schema_version: int
    data: dict[str, Any]

    @classmethod
    def of(cls, event: DomainEvent) -> "NewEvent":
        return cls(event.type_name(), event.version, event.to_data())


def upcaster(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register `fn(data) -> data` turning version `from_version` into the next one."""

    def register(fn: Upcaster) -> Upcaster:
        _UPCASTERS[(event_type, from_version)] = fn
        return fn

    return register


def upcast(
    event_type: str, schema_version: int, data: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    while (event_type, schema_version) in _UPCASTERS:
        data = _UPCASTERS[(event_type, schema_version)](data)
        schema_version += 1
    return schema_version, data


def current(envelope: dict[str, Any]) -> dict[str, Any]:
    """The envelope with its data upcast to the event type's current schema version:
    how every reader sees an event, the owner's repositories and read model as well as
    other services' consumers (the stored row and its hash stay as written)."""
    version, data = upcast(envelope["type"], envelope["schema_version"], envelope["data"])
    if version == envelope["schema_version"]:
        return envelope
    return {**envelope, "schema_version": version, "data": data}


# upcasters -----------------------------------------------------------------------
# Declared here rather than beside their events so that every process has them: the
# owner's event store and every consumer read an event through `current`.
@upcaster("LoginFailed", 1)
def _login_failed_keeps_no_typed_text(data: dict[str, Any]) -> dict[str, Any]:
    """accounts' LoginFailed 1 kept as `username` the text typed at the login even when
    no account has that name (stream `login-unknown`); such text is often a password typed
    into the wrong field. From 2 on `username` is an account's own name, "" when none."""
    if data.get("account_id") is None:
        return {**data, "username": ""}
    return data
