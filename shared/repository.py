"""A repository per aggregate type: the one place where a command loads an aggregate,
and appends what the domain decided.

    records = TeacherRecords.writing(uow)
    record = records.get(teacher_id)          # the stream folded (events upcast)
    event = domain.submit(record, caller, ...)
    records.save(record, [event])             # appended at the version it was read at

`save` expects the stream at the version the aggregate was loaded at, so a writer that
appended meanwhile makes it fail with `ConcurrencyConflict` (409) instead of being
overwritten. `add` starts a new stream. A service's `repository.py` names, per
aggregate type, its stream, its fold and the answer when it does not exist.

Aggregates whose streams grow without bound (an account's stream holds every login)
keep their state in a snapshot table written in the same transaction as each event;
their repository reads that snapshot and the stream's head instead of folding
(`StreamHead`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar

import sqlalchemy as sa

from shared.errors import NotFound
from shared.events import DomainEvent, NewEvent


class Aggregate(Protocol):
    @property
    def version(self) -> int: ...


A = TypeVar("A", bound=Aggregate)
Envelope = dict[str, Any]
NewEvents = Iterable[DomainEvent | NewEvent]


@dataclass(frozen=True)
class StreamHead:
    """A stream appended to without folding it: its id and its last version."""

    stream_id: str
    version: int


class Repository(Generic[A]):
    """Load and save one aggregate type through a unit of work (`writing`) or read it
    on a connection (`reading`)."""

    stream_prefix: ClassVar[str]
    # what a missing aggregate answers: the message and the field errors of NotFound
    missing: ClassVar[tuple[str, dict[str, list[str]]]] = ("not found", {})

    def __init__(self, conn: Any, store: Any, uow: Any = None):
        self.conn = conn
        self.store = store
        self.uow = uow

    @classmethod
    def writing(cls, uow: Any) -> Self:
        return cls(uow.conn, uow.store, uow)

    @classmethod
    def reading(cls, conn: Any, store: Any) -> Self:
        return cls(conn, store)

    # naming and folding: what each aggregate type says -----------------------------
    def stream_of(self, key: str) -> str:
        return f"{self.stream_prefix}-{key}"

    def key_of(self, aggregate: A) -> str:
        raise NotImplementedError

    def fold(self, key: str, envelopes: list[Envelope]) -> A | None:
        raise NotImplementedError

    # loading -------------------------------------------------------------------------
    def events(self, key: str, *, until_position: int | None = None) -> list[Envelope]:
        """The stream's envelopes in version order, each in its current schema version."""
        envelopes: list[Envelope] = self.store.read_stream(
            self.conn, self.stream_of(key), until_position=until_position
        )
        return envelopes

    def find(self, key: str, *, until_position: int | None = None) -> A | None:
        return self.fold(key, self.events(key, until_position=until_position))

    def get(self, key: str, *, until_position: int | None = None) -> A:
        return self.present(self.find(key, until_position=until_position))

    def present(self, aggregate: A | None) -> A:
        """The aggregate, or NotFound with the type's own answer (`missing`)."""
        if aggregate is None:
            message, fields = self.missing
            raise NotFound(message, fields or None)
        return aggregate

    def many(self, keys: Sequence[str]) -> dict[str, A | None]:
        """Many aggregates in one read: `{key: aggregate or None}`."""
        streams = self.store.read_streams(self.conn, [self.stream_of(k) for k in keys])
        return {k: self.fold(k, streams.get(self.stream_of(k), [])) for k in keys}

    def head(self, key: str) -> StreamHead:
        """The stream's last version (0 when it has none), read without folding."""
        stream_id = self.stream_of(key)
        events = self.store.events
        version: int = self.conn.execute(
            sa.select(sa.func.coalesce(sa.func.max(events.c.version), 0)).where(
                events.c.stream_id == stream_id
            )
        ).scalar_one()
        return StreamHead(stream_id, version)

    # saving --------------------------------------------------------------------------
    def save(self, aggregate: A, events: NewEvents) -> list[Envelope]:
        """Append `events` to the aggregate's stream, expecting it at the version the
        aggregate was loaded at; the envelopes appended."""
        return self._append(self.stream_of(self.key_of(aggregate)), aggregate.version, events)

    def save_many(self, batch: Iterable[tuple[str, int, NewEvents]]) -> list[Envelope]:
        """`save` for many aggregates at once (`[(key, version read at, events)]`), in one
        statement per table; any stream moved on since makes the whole batch fail."""
        envelopes: list[Envelope] = self._writer().append_batch(
            [(self.stream_of(key), version, list(events)) for key, version, events in batch]
        )
        return envelopes

    def add(self, key: str, events: NewEvents) -> list[Envelope]:
        """Start the stream of a new aggregate (refused when it has events already)."""
        return self._append(self.stream_of(key), 0, events)

    def append_at_head(self, key: str, events: NewEvents) -> list[Envelope]:
        """Append at the stream's head as it is now, for streams that are appended to
        without folding them (a snapshot read under the append lock, `uow.serialize()`,
        or a plain history): a writer that appends between the read and this append
        makes it fail with ConcurrencyConflict."""
        return self._append(self.stream_of(key), self.head(key).version, events)

    def _append(self, stream_id: str, version: int, events: NewEvents) -> list[Envelope]:
        envelopes: list[Envelope] = self._writer().append(stream_id, version, list(events))
        return envelopes

    def _writer(self) -> Any:
        if self.uow is None:
            raise RuntimeError(f"{type(self).__name__} was opened for reading")
        return self.uow
