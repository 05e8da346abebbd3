"""Idempotent, ordered consumption of another service's event log.

A subscription keeps, per source service, the position of the last event it
has processed. An event's effects and the new checkpoint commit in one
transaction, so a redelivered or replayed event (position at or below the
checkpoint) is a no-op. Messages from the relay are the fast path; a gap (the
next event is not checkpoint + 1) is filled from the source's
`events_since` RPC, and so is everything missed while the consumer was down or
its queue did not exist yet. A handler that keeps failing is retried a bounded
number of times, then the event is parked where an operator sees it, and the
stream goes on.
"""
import logging
import threading
import time
from typing import Callable

import sqlalchemy as sa

from shared.envelope import current
from shared.eventstore import canonical, utcnow_iso

log = logging.getLogger(__name__)

Handler = Callable[[object, dict], None]


class CheckpointMoved(Exception):
    """Another instance of the consumer applied these events first."""


def define_tables(metadata: sa.MetaData) -> dict[str, sa.Table]:
    checkpoints = sa.Table(
        "consumer_checkpoints", metadata,
        sa.Column("consumer", sa.String(80), primary_key=True),
        sa.Column("source", sa.String(80), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    parked = sa.Table(
        "parked_events", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("consumer", sa.String(80), nullable=False),
        sa.Column("source", sa.String(80), nullable=False),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("event_type", sa.String(80), nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("envelope", sa.Text, nullable=False),
        sa.Column("parked_at", sa.String(40), nullable=False),
    )
    return {"checkpoints": checkpoints, "parked": parked}


class Subscription:
    """One consumer's view of one source's log."""

    def __init__(self, consumer: str, source: str, handlers: dict[str, Handler],
                 engine: sa.Engine, tables: dict[str, sa.Table],
                 unit_of_work: Callable, fetch: Callable[[str, int, int], list[dict]],
                 default: Handler | None = None, retries: int = 3, backoff: float = 0.2,
                 page_size: int = 500):
        self.consumer = consumer
        self.source = source
        self.handlers = handlers
        self.default = default
        self.engine = engine
        self.checkpoints = tables["checkpoints"]
        self.parked = tables["parked"]
        self.unit_of_work = unit_of_work
        self.fetch = fetch
        self.retries = retries
        self.backoff = backoff
        self.page_size = page_size
        self.lock = threading.RLock()
        # built once: every run of events reads and moves the checkpoint
        cp = self.checkpoints
        mine = (cp.c.consumer == consumer) & (cp.c.source == source)
        self._read_position = sa.select(cp.c.position).where(mine)
        self._move_position = cp.update().where(
            mine, cp.c.position == sa.bindparam("old")).values(
            position=sa.bindparam("new"), updated_at=sa.bindparam("at"))

    # entry points ----------------------------------------------------------
    def receive(self, events: list[dict]) -> int:
        """Apply a run of events from a message; returns how many were new."""
        with self.lock:
            return self._process(sorted(events, key=lambda e: e["position"]))

    def catch_up(self) -> int:
        """Fetch and apply what the source holds after the checkpoint, a page at a time
        (the lock is taken per page, so messages keep flowing meanwhile); stops at the
        first short page instead of chasing a source that keeps writing."""
        applied = 0
        while True:
            with self.lock:
                position = self.position()
                page = self.fetch(self.source, position, self.page_size)
                if page:
                    applied += self._apply_run(page, position)
            if len(page) < self.page_size:
                return applied

    def position(self) -> int:
        with self.engine.connect() as conn:
            return self._position(conn)

    # internals -------------------------------------------------------------
    def _fill_gap(self, until: int) -> int:
        """Fetch from the source until the checkpoint reaches `until` (lock held)."""
        applied = 0
        while True:
            position = self.position()
            if position >= until:
                return applied
            page = self.fetch(self.source, position, self.page_size)
            if not page:
                return applied
            applied += self._apply_run(page, position)

    def _process(self, events: list[dict]) -> int:
        position = self.position()
        fresh = [e for e in events if e["position"] > position]
        if not fresh:
            return 0
        if fresh[0]["position"] != position + 1 or not _contiguous(fresh):
            # a gap: the store is the truth, fetch what is missing in order
            return self._fill_gap(until=fresh[-1]["position"])
        return self._apply_run(fresh, position)

    def _apply_run(self, events: list[dict], position: int) -> int:
        events = [e for e in events if e["position"] > position]
        if not events:
            return 0
        if not _contiguous(events) or events[0]["position"] != position + 1:
            raise RuntimeError(f"{self.source} returned a run that is not contiguous after {position}")
        try:
            with self.engine.begin() as conn:
                # claim the run first: a second instance waits here, then finds it done
                self._advance(conn, position, events[-1]["position"])
                for envelope in events:
                    self._handle(conn, envelope)
            return len(events)
        except CheckpointMoved:
            return 0
        except Exception:  # noqa: BLE001 - fall back to one event at a time
            log.warning("%s: a run from %s failed; applying one by one", self.consumer,
                        self.source, exc_info=True)
        for envelope in events:
            self._apply_one(envelope)
        return len(events)

    def _apply_one(self, envelope: dict):
        error = None
        for attempt in range(self.retries):
            try:
                with self.engine.begin() as conn:
                    position = self._position(conn)
                    if envelope["position"] <= position:
                        return
                    self._advance(conn, position, envelope["position"])
                    self._handle(conn, envelope)
                return
            except CheckpointMoved:
                return
            except Exception as exc:  # noqa: BLE001
                error = exc
                log.warning("%s: %s #%s failed (attempt %d): %s", self.consumer, self.source,
                            envelope["position"], attempt + 1, exc)
                time.sleep(self.backoff * (2 ** attempt))
        with self.engine.begin() as conn:
            position = self._position(conn)
            if envelope["position"] <= position:
                return
            conn.execute(self.parked.insert().values(
                consumer=self.consumer, source=self.source, position=envelope["position"],
                event_id=envelope["event_id"], event_type=envelope["type"],
                error=f"{type(error).__name__}: {error}", envelope=canonical(envelope),
                parked_at=utcnow_iso()))
            self._advance(conn, position, envelope["position"])
        log.error("%s: parked %s #%s (%s): %s", self.consumer, self.source,
                  envelope["position"], envelope["type"], error)

    def _handle(self, conn, envelope: dict):
        envelope = current(envelope)
        handler = self.handlers.get(envelope["type"], self.default)
        if handler is not None:
            handler(self.unit_of_work(conn, envelope), envelope)

    def _position(self, conn) -> int:
        row = conn.execute(self._read_position).first()
        return row.position if row else 0

    def _advance(self, conn, old: int, new: int):
        result = conn.execute(self._move_position, {"old": old, "new": new, "at": utcnow_iso()})
        if result.rowcount == 1:
            return
        if old == 0 and conn.execute(self._read_position).first() is None:
            conn.execute(self.checkpoints.insert().values(
                consumer=self.consumer, source=self.source, position=new,
                updated_at=utcnow_iso()))
            return
        raise CheckpointMoved(f"{self.consumer}: another instance applied {self.source} past {old}")

    def reset(self, conn):
        conn.execute(self.checkpoints.delete().where(
            self.checkpoints.c.consumer == self.consumer,
            self.checkpoints.c.source == self.source))
        conn.execute(self.parked.delete().where(
            self.parked.c.consumer == self.consumer, self.parked.c.source == self.source))


def _contiguous(events: list[dict]) -> bool:
    return all(b["position"] == a["position"] + 1 for a, b in zip(events, events[1:]))
