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

Parked events are kept, never deleted: one row per (consumer, source, event),
whose state is `parked` (waiting), `replayed` (a replay applied it after a fix)
or `superseded` (a rebuild took it over and replays it from the log; if it fails
again there, the same row is parked again). Parking an event again updates its
row: more attempts, the last error. A replay claims the row (parked → replayed)
and applies the event through the same handler in one transaction, so a replay
that runs twice, or from two instances at once, applies the event once; a replay
that fails leaves the row parked with the new error.
"""

import itertools
import json
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from shared import logs
from shared.errors import NotFound, ValidationError
from shared.events import current
from shared.eventstore import canonical, utcnow_iso
from shared.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

# what a subscription calls for an event: its unit of work (the consumer's transaction)
# and the envelope, upcast to the event type's current version
Handler = Callable[[UnitOfWork, dict[str, Any]], None]


# the states of a parked event
PARKED, REPLAYED, SUPERSEDED = "parked", "replayed", "superseded"
STATES = (PARKED, REPLAYED, SUPERSEDED)


class CheckpointMoved(Exception):
    """Another instance of the consumer applied these events first."""


def define_tables(metadata: sa.MetaData) -> dict[str, sa.Table]:
    checkpoints = sa.Table(
        "consumer_checkpoints",
        metadata,
        sa.Column("consumer", sa.String(80), primary_key=True),
        sa.Column("source", sa.String(80), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    parked = sa.Table(
        "parked_events",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("consumer", sa.String(80), nullable=False),
        sa.Column("source", sa.String(80), nullable=False),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("event_type", sa.String(80), nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("envelope", sa.Text, nullable=False),
        sa.Column("parked_at", sa.String(40), nullable=False),
        # added after the table's first rows: nullable or with a server default, so rows
        # parked before them have a value
        sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
        sa.Column("state", sa.String(20), nullable=False, server_default=PARKED),
        sa.Column("last_failed_at", sa.String(40), nullable=True),
        sa.Column("replayed_at", sa.String(40), nullable=True),
        sa.Column("outcome", sa.Text, nullable=True),
    )
    return {"checkpoints": checkpoints, "parked": parked}


class Subscription:
    """One consumer's view of one source's log."""

    def __init__(
        self,
        consumer: str,
        source: str,
        handlers: Mapping[str, Sequence[Handler]],
        engine: sa.Engine,
        tables: dict[str, sa.Table],
        unit_of_work: Callable[[sa.Connection, dict[str, Any]], UnitOfWork],
        fetch: Callable[[str, int, int], list[dict[str, Any]]],
        retries: int = 3,
        backoff: float = 0.2,
        page_size: int = 500,
    ) -> None:
        self.consumer = consumer
        self.source = source
        self.handlers = handlers
        self.engine = engine
        self.checkpoints = tables["checkpoints"]
        self.parked = tables["parked"]
        self.unit_of_work = unit_of_work
        self.fetch = fetch
        self.retries = retries
        self.backoff = backoff
        self.page_size = page_size
        self.lock = threading.RLock()
        # what this instance knows, for status(): the highest position it has seen of the
        # source, when it last heard from the source, the highest checkpoint it has seen,
        # and since when events it knows of have waited without the checkpoint moving
        self._head = 0
        self._heard_at = time.time()
        self._checkpoint_seen = 0
        self._behind_since: float | None = None
        # built once: every run of events reads and moves the checkpoint
        cp = self.checkpoints
        mine = (cp.c.consumer == consumer) & (cp.c.source == source)
        self._read_position = sa.select(cp.c.position).where(mine)
        self._move_position = (
            cp.update()
            .where(mine, cp.c.position == sa.bindparam("old"))
            .values(position=sa.bindparam("new"), updated_at=sa.bindparam("at"))
        )

    # entry points ----------------------------------------------------------
    def receive(self, events: list[dict[str, Any]]) -> int:
        """Apply a run of events from a message; returns how many were new."""
        events = sorted(events, key=lambda e: e["position"])
        if events:
            self._heard(events[-1]["position"])  # before the lock: a stuck run shows as lag
        with self.lock:
            return self._process(events)

    def catch_up(self) -> int:
        """Fetch and apply what the source holds after the checkpoint, a page at a time
        (the lock is taken per page, so messages keep flowing meanwhile); stops at the
        first short page instead of chasing a source that keeps writing."""
        applied = 0
        while True:
            with self.lock:
                position = self.position()
                page = self._fetch(position)
                if page:
                    applied += self._apply_run(page, position)
            if len(page) < self.page_size:
                return applied

    def position(self) -> int:
        with self.engine.connect() as conn:
            position = self._position(conn)
        self._saw_checkpoint(position)
        return position

    # internals -------------------------------------------------------------
    def _fetch(self, position: int) -> list[dict[str, Any]]:
        page = self.fetch(self.source, position, self.page_size)
        self._heard(page[-1]["position"] if page else position)
        return page

    def _heard(self, head: int) -> None:
        self._heard_at = now = time.time()
        if head > self._head:
            self._head = head
            if self._behind_since is None:
                self._behind_since = now

    def _saw_checkpoint(self, position: int) -> None:
        """The checkpoint is at `position` (read, or moved by this instance): caught up with
        what this instance knows, or progress while behind."""
        if position >= self._head:
            self._behind_since = None
        elif position > self._checkpoint_seen:
            self._behind_since = time.time()
        self._checkpoint_seen = max(self._checkpoint_seen, position)

    def _fill_gap(self, until: int) -> int:
        """Fetch from the source until the checkpoint reaches `until` (lock held)."""
        applied = 0
        while True:
            position = self.position()
            if position >= until:
                return applied
            page = self._fetch(position)
            if not page:
                return applied
            applied += self._apply_run(page, position)

    def _process(self, events: list[dict[str, Any]]) -> int:
        position = self.position()
        fresh = [e for e in events if e["position"] > position]
        if not fresh:
            return 0
        if fresh[0]["position"] != position + 1 or not _contiguous(fresh):
            # a gap: the store is the truth, fetch what is missing in order
            return self._fill_gap(until=fresh[-1]["position"])
        return self._apply_run(fresh, position)

    def _apply_run(self, events: list[dict[str, Any]], position: int) -> int:
        events = [e for e in events if e["position"] > position]
        if not events:
            return 0
        if not _contiguous(events) or events[0]["position"] != position + 1:
            raise RuntimeError(
                f"{self.source} returned a run that is not contiguous after {position}"
            )
        try:
            with self.engine.begin() as conn:
                # claim the run first: a second instance waits here, then finds it done
                self._advance(conn, position, events[-1]["position"])
                for envelope in events:
                    self._handle(conn, envelope)
            self._saw_checkpoint(events[-1]["position"])
            return len(events)
        except CheckpointMoved:
            return 0
        except Exception:
            log.warning(
                "%s: a run from %s failed; applying one by one",
                self.consumer,
                self.source,
                exc_info=True,
            )
        for envelope in events:
            with logs.correlation(envelope["metadata"].get("correlation_id")):
                self._apply_one(envelope)
        return len(events)

    def _apply_one(self, envelope: dict[str, Any]) -> None:
        error: Exception | None = None
        for attempt in range(self.retries):
            try:
                with self.engine.begin() as conn:
                    position = self._position(conn)
                    if envelope["position"] <= position:
                        return
                    self._advance(conn, position, envelope["position"])
                    self._handle(conn, envelope)
                self._saw_checkpoint(envelope["position"])
                return
            except CheckpointMoved:
                return
            except Exception as exc:
                error = exc
                log.warning(
                    "%s: %s #%s failed (attempt %d): %s",
                    self.consumer,
                    self.source,
                    envelope["position"],
                    attempt + 1,
                    exc,
                )
                time.sleep(self.backoff * (2**attempt))
        try:
            with self.engine.begin() as conn:
                position = self._position(conn)
                if envelope["position"] <= position:
                    return
                self._advance(conn, position, envelope["position"])
                self._park(conn, envelope, error)
        except CheckpointMoved:
            return
        self._saw_checkpoint(envelope["position"])
        log.error(
            "%s: parked %s #%s (%s): %s",
            self.consumer,
            self.source,
            envelope["position"],
            envelope["type"],
            error,
        )

    def _park(self, conn: sa.Connection, envelope: dict[str, Any], error: Exception | None) -> None:
        """The event's row, new or (parked before, e.g. ahead of a rebuild) updated."""
        parked, now = self.parked, utcnow_iso()
        row = conn.execute(
            sa.select(parked.c.id).where(
                parked.c.consumer == self.consumer,
                parked.c.source == self.source,
                parked.c.event_id == envelope["event_id"],
            )
        ).first()
        if row is None:
            conn.execute(
                parked.insert().values(
                    consumer=self.consumer,
                    source=self.source,
                    position=envelope["position"],
                    event_id=envelope["event_id"],
                    event_type=envelope["type"],
                    error=describe(error),
                    envelope=canonical(envelope),
                    parked_at=now,
                    attempts=self.retries,
                    state=PARKED,
                    last_failed_at=now,
                )
            )
        else:
            conn.execute(
                parked.update()
                .where(parked.c.id == row.id)
                .values(
                    position=envelope["position"],
                    event_type=envelope["type"],
                    error=describe(error),
                    envelope=canonical(envelope),
                    attempts=parked.c.attempts + self.retries,
                    state=PARKED,
                    last_failed_at=now,
                )
            )

    def _handle(self, conn: sa.Connection, envelope: dict[str, Any]) -> None:
        """Every handler of the event's type, in the order the wiring lists them, in the
        event's one transaction; an event type nobody handles only moves the checkpoint."""
        envelope = current(envelope)
        handlers = self.handlers.get(envelope["type"], ())
        if handlers:
            uow = self.unit_of_work(conn, envelope)
            # what the handlers log names the request that caused the event
            with logs.correlation(envelope["metadata"].get("correlation_id")):
                for handler in handlers:
                    handler(uow, envelope)

    def _position(self, conn: sa.Connection) -> int:
        position: int | None = conn.execute(self._read_position).scalar()
        return position or 0

    def _advance(self, conn: sa.Connection, old: int, new: int) -> None:
        result = conn.execute(self._move_position, {"old": old, "new": new, "at": utcnow_iso()})
        if result.rowcount == 1:
            return
        if old == 0 and conn.execute(self._read_position).first() is None:
            conn.execute(
                self.checkpoints.insert().values(
                    consumer=self.consumer,
                    source=self.source,
                    position=new,
                    updated_at=utcnow_iso(),
                )
            )
            return
        raise CheckpointMoved(f"{self.consumer}: another instance applied {self.source} past {old}")

    def reset(self, conn: sa.Connection) -> None:
        """Start again from zero (a rebuild). Parked rows stay: the waiting ones are
        superseded, as the rebuild applies their events from the log; one that fails
        again is parked again on the same row."""
        conn.execute(
            self.checkpoints.delete().where(
                self.checkpoints.c.consumer == self.consumer,
                self.checkpoints.c.source == self.source,
            )
        )
        self._checkpoint_seen = 0
        parked = self.parked
        conn.execute(
            parked.update()
            .where(
                parked.c.consumer == self.consumer,
                parked.c.source == self.source,
                parked.c.state == PARKED,
            )
            .values(state=SUPERSEDED, outcome="superseded: a rebuild applies it from the log")
        )

    # status and replay -----------------------------------------------------
    def status(
        self, checkpoint: int, checkpoint_at: str | None, parked: int, now: float | None = None
    ) -> dict[str, Any]:
        """This subscription's state, from its checkpoint row and parked count."""
        self._saw_checkpoint(checkpoint)
        return lag_status(
            checkpoint,
            checkpoint_at,
            self._head,
            self._behind_since,
            self._heard_at,
            parked,
            time.time() if now is None else now,
        )

    def replay(self, ids: list[int] | None = None) -> list[dict[str, Any]]:
        """Apply parked events again through the handlers: the rows `ids` of this source,
        else every parked one, in log order. One answer per row: `applied`, `failed`
        (still parked, with the new error) or `skipped` (not parked: replayed already,
        superseded, or being replayed by another instance)."""
        parked = self.parked
        query = sa.select(parked.c.id).where(
            parked.c.consumer == self.consumer, parked.c.source == self.source
        )
        query = (
            query.where(parked.c.id.in_(ids))
            if ids is not None
            else query.where(parked.c.state == PARKED)
        )
        with self.engine.connect() as conn:
            found = [r.id for r in conn.execute(query.order_by(parked.c.position, parked.c.id))]
        return [self._replay_one(row_id) for row_id in found]

    def _replay_one(self, row_id: int) -> dict[str, Any]:
        parked = self.parked
        mine = parked.c.id == row_id
        with self.lock:
            try:
                with self.engine.begin() as conn:
                    # claim it first: a second replay waits here, then finds it replayed
                    claimed = conn.execute(
                        parked.update()
                        .where(mine, parked.c.state == PARKED)
                        .values(state=REPLAYED, replayed_at=utcnow_iso(), outcome="applied")
                    )
                    row = conn.execute(sa.select(parked).where(mine)).first()
                    if row is None:  # no such row: nothing to claim
                        return {"id": row_id, "outcome": "not_found"}
                    if claimed.rowcount != 1:
                        return {**_answer(row), "outcome": "skipped"}
                    self._handle(conn, json.loads(row.envelope))
                log.info(
                    "%s: replayed parked %s #%s (%s)",
                    self.consumer,
                    self.source,
                    row.position,
                    row.event_type,
                )
                return {**_answer(row), "state": REPLAYED, "outcome": "applied"}
            except Exception as exc:
                log.warning(
                    "%s: replaying parked %s row %s failed: %s",
                    self.consumer,
                    self.source,
                    row_id,
                    exc,
                )
                at = utcnow_iso()
                with self.engine.begin() as conn:
                    conn.execute(
                        parked.update()
                        .where(mine, parked.c.state == PARKED)
                        .values(
                            error=describe(exc),
                            attempts=parked.c.attempts + 1,
                            last_failed_at=at,
                            replayed_at=at,
                            outcome="failed",
                        )
                    )
                    row = conn.execute(sa.select(parked).where(mine)).first()
                if row is None:
                    return {"id": row_id, "outcome": "not_found"}
                return {**_answer(row), "outcome": "failed"}


def describe(error: BaseException | None) -> str:
    return f"{type(error).__name__}: {error}"


def lag_status(
    checkpoint: int,
    checkpoint_at: str | None,
    known_head: int,
    behind_since: float | None,
    heard_at: float,
    parked: int,
    now: float,
) -> dict[str, Any]:
    """A subscription's state: `head` is the highest position this instance has seen of
    the source (at least the checkpoint), `lag` what it has seen but not applied,
    `behind_for` the seconds that lag has stood without the checkpoint moving, and
    `silent_for` the seconds since the source last answered or sent anything."""
    head = max(known_head, checkpoint)
    behind_for = 0.0
    if head > checkpoint:
        since = behind_since if behind_since is not None else now
        if checkpoint_at:
            since = max(since, datetime.fromisoformat(checkpoint_at).timestamp())
        behind_for = max(0.0, now - since)
    return {
        "checkpoint": checkpoint,
        "head": head,
        "lag": head - checkpoint,
        "behind_for": round(behind_for, 1),
        "silent_for": round(max(0.0, now - heard_at), 1),
        "parked": parked,
    }


def checkpoints(
    conn: sa.Connection, tables: dict[str, sa.Table], consumer: str
) -> dict[str, tuple[int, str | None]]:
    """`{source: (position, updated_at)}` of one consumer."""
    cp = tables["checkpoints"]
    return {
        r.source: (r.position, r.updated_at)
        for r in conn.execute(
            sa.select(cp.c.source, cp.c.position, cp.c.updated_at).where(cp.c.consumer == consumer)
        )
    }


def status(
    conn: sa.Connection,
    tables: dict[str, sa.Table],
    consumer: str,
    subscriptions: dict[str, "Subscription"],
) -> dict[str, Any]:
    """`{subscriptions: {source: lag_status}, parked: how many wait, of every source}`."""
    now = time.time()
    positions = checkpoints(conn, tables, consumer)
    parked = parked_counts(conn, tables, consumer)
    return {
        "subscriptions": {
            source: subscription.status(
                *positions.get(source, (0, None)), parked=parked.get(source, 0), now=now
            )
            for source, subscription in subscriptions.items()
        },
        "parked": sum(parked.values()),
    }


def replay(
    engine: sa.Engine,
    tables: dict[str, sa.Table],
    consumer: str,
    subscriptions: dict[str, "Subscription"],
    ids: list[Any] | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    """Replay parked events of `consumer`: the rows `ids`, or every parked one of `source`
    (`Subscription.replay`); an id that names no row answers `not_found`."""
    if (ids is None) == (source is None):
        raise ValidationError(
            "name what to replay: the ids of parked events, or a source",
            {"ids": ["ids or source, not both"]},
        )
    if source is not None:
        if source not in subscriptions:
            raise NotFound(
                f"{consumer} follows no source {source!r}",
                {"source": [f"one of {', '.join(sorted(subscriptions))}"]},
            )
        return subscriptions[source].replay()
    try:
        ids = [int(i) for i in ids or ()]
    except (TypeError, ValueError):
        raise ValidationError(
            "the ids of parked events are numbers", {"ids": ["a list of numbers"]}
        ) from None
    with engine.connect() as conn:
        rows = list_parked(conn, tables, consumer, state=None, ids=ids)
    answers = []
    for row in sorted(rows, key=lambda r: (r["source"], r["position"])):
        subscription = subscriptions.get(row["source"])
        if subscription is None:
            answers.append(
                {
                    **row,
                    "outcome": "skipped",
                    "error": f"{consumer} follows {row['source']} no more",
                }
            )
        else:
            answers.extend(subscription.replay([row["id"]]))
    found = {r["id"] for r in rows}
    return answers + [{"id": i, "outcome": "not_found"} for i in ids if i not in found]


def parked_counts(
    conn: sa.Connection, tables: dict[str, sa.Table], consumer: str
) -> dict[str, int]:
    """`{source: how many events wait parked}` of one consumer."""
    parked = tables["parked"]
    return dict(
        conn.execute(
            sa.select(parked.c.source, sa.func.count())
            .where(parked.c.consumer == consumer, parked.c.state == PARKED)
            .group_by(parked.c.source)
        ).all()
    )


def list_parked(
    conn: sa.Connection,
    tables: dict[str, sa.Table],
    consumer: str,
    source: str | None = None,
    state: str | None = PARKED,
    ids: list[int] | None = None,
) -> list[dict[str, Any]]:
    """A consumer's parked rows, oldest first (`state` None or "all": every state)."""
    if state == "all":
        state = None
    if state is not None and state not in STATES:
        raise ValidationError(
            f"no state {state!r}", {"state": [f"one of {', '.join(STATES)}, all"]}
        )
    parked = tables["parked"]
    query = sa.select(parked).where(parked.c.consumer == consumer)
    if source is not None:
        query = query.where(parked.c.source == source)
    if state is not None:
        query = query.where(parked.c.state == state)
    if ids is not None:
        query = query.where(parked.c.id.in_(ids))
    return [_answer(r) for r in conn.execute(query.order_by(parked.c.id))]


def _answer(row: sa.Row[Any]) -> dict[str, Any]:
    return {
        "id": row.id,
        "consumer": row.consumer,
        "source": row.source,
        "position": row.position,
        "event_id": row.event_id,
        "event_type": row.event_type,
        "error": row.error,
        "parked_at": row.parked_at,
        "attempts": row.attempts,
        "state": row.state,
        "last_failed_at": row.last_failed_at or row.parked_at,
        "replayed_at": row.replayed_at,
        "outcome": row.outcome,
    }


def _contiguous(events: list[dict[str, Any]]) -> bool:
    return all(b["position"] == a["position"] + 1 for a, b in itertools.pairwise(events))
