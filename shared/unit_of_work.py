"""One command, one transaction: the unit of work a handler writes through.

It appends events with the expected stream version and, in the same
transaction, lets the service bring its read tables up to date
(`on_append`). Nothing here talks to RabbitMQ.
"""

from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

from shared.events import DomainEvent, NewEvent
from shared.eventstore import EventStore

Envelope = dict[str, Any]


class UnitOfWork:
    def __init__(
        self,
        conn: sa.Connection,
        store: EventStore | None,
        *,
        actor: dict[str, Any],
        correlation_id: str | None = None,
        causation_id: str | None = None,
        on_append: Callable[[sa.Connection, Envelope], None] | None = None,
    ) -> None:
        self.conn = conn
        self.store = store
        self.actor = actor
        self.correlation_id = correlation_id
        self.causation_id = causation_id
        self.on_append = on_append
        self.appended: list[Envelope] = []

    @property
    def _store(self) -> EventStore:
        """The service's event store; a service without one (reporting) appends nothing."""
        if self.store is None:
            raise TypeError("this service keeps no event store: it appends nothing")
        return self.store

    def append(
        self, stream_id: str, expected_version: int, events: Iterable[DomainEvent | NewEvent]
    ) -> list[Envelope]:
        new = [e if isinstance(e, NewEvent) else NewEvent.of(e) for e in events]
        envelopes = self._store.append(
            self.conn,
            stream_id,
            expected_version,
            new,
            actor=self.actor,
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
        )
        for envelope in envelopes:
            if self.on_append is not None:
                self.on_append(self.conn, envelope)
        self.appended.extend(envelopes)
        return envelopes

    def append_batch(
        self, batch: Iterable[tuple[str, int, Iterable[DomainEvent | NewEvent]]]
    ) -> list[Envelope]:
        """Append to many streams at once (`[(stream_id, expected_version, events)]`),
        each with its expected version; the read tables follow event by event."""
        new = [
            (stream, expected, [e if isinstance(e, NewEvent) else NewEvent.of(e) for e in events])
            for stream, expected, events in batch
        ]
        envelopes = self._store.append_batch(
            self.conn,
            new,
            actor=self.actor,
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
        )
        for envelope in envelopes:
            if self.on_append is not None:
                self.on_append(self.conn, envelope)
        self.appended.extend(envelopes)
        return envelopes

    def serialize(self) -> None:
        """Run the rest of this command alone among the service's writers."""
        self._store.lock(self.conn)

    def read_stream(self, stream_id: str) -> list[Envelope]:
        return self._store.read_stream(self.conn, stream_id)
