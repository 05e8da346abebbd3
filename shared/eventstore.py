"""The event store: one append-only table per service database.

- `position` is global, dense and in commit order: appends take the single row
  of `event_log_head` (a row lock in PostgreSQL, the write lock in SQLite), so
  positions are handed out one transaction at a time and a transaction that
  rolls back gives its numbers back. A reader following positions never skips
  an event that commits late, and a consumer can tell a gap from a number that
  was never used.
- `(stream_id, version)` is unique: `append` with a stale expected version
  raises ConcurrencyConflict.
- Each event carries the hash of the previous event in its stream; a history
  rewritten in the table no longer verifies (`verify_stream`).
- The table is the outbox: `shared.outbox` publishes what has committed.
"""

import hashlib
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from shared.errors import ConcurrencyConflict
from shared.events import NewEvent, current

GENESIS_HASH = "0" * 64


def define_tables(metadata: sa.MetaData) -> dict[str, sa.Table]:
    events = sa.Table(
        "events",
        metadata,
        sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("stream_id", sa.String(120), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("event_type", sa.String(80), nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("meta", sa.Text, nullable=False),
        sa.Column("occurred_at", sa.String(40), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("stream_id", "version", name="uq_events_stream_version"),
    )
    head = sa.Table(
        "event_log_head",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("position", sa.BigInteger, nullable=False),
    )
    outbox = sa.Table(
        "outbox_checkpoint",
        metadata,
        sa.Column("name", sa.String(80), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )

    def init_head(conn: sa.Connection) -> None:
        if conn.execute(sa.select(head.c.id)).first() is None:
            conn.execute(head.insert().values(id=1, position=0))

    # the head's one row, inserted after the upgrade when missing (shared.migrations)
    metadata.info.setdefault("seeds", []).append(init_head)
    return {"events": events, "head": head, "outbox": outbox}


def utcnow_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def canonical(obj: object) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(envelope: dict[str, Any]) -> str:
    body = {
        k: envelope[k]
        for k in (
            "event_id",
            "stream_id",
            "version",
            "type",
            "schema_version",
            "data",
            "metadata",
            "occurred_at",
            "prev_hash",
        )
    }
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


class TamperDetected(Exception):
    pass


class EventStore:
    def __init__(self, service: str, tables: dict[str, sa.Table]) -> None:
        self.service = service
        self.events = tables["events"]
        self.head = tables["head"]
        # built once: the statements of every append and every read of the log
        events, head = self.events, self.head
        self._move_head = (
            head.update()
            .where(head.c.id == 1)
            .values(position=head.c.position + sa.bindparam("n", type_=sa.BigInteger))
        )
        self._read_head = sa.select(head.c.position)
        self._stream_head = (
            sa.select(events.c.version, events.c.hash)
            .where(events.c.stream_id == sa.bindparam("stream_id"))
            .order_by(events.c.version.desc())
            .limit(1)
        )
        self._since = (
            sa.select(events)
            .where(events.c.position > sa.bindparam("position"))
            .order_by(events.c.position)
            .limit(sa.bindparam("limit"))
        )
        self._stream = (
            sa.select(events)
            .where(events.c.stream_id == sa.bindparam("stream_id"))
            .order_by(events.c.version)
        )

    # writing ---------------------------------------------------------------
    def lock(self, conn: sa.Connection) -> None:
        """Take the append lock now, for a command whose checks must not race
        (uniqueness across streams); it is held until the transaction ends."""
        conn.execute(self._move_head, {"n": 0})

    def append(
        self,
        conn: sa.Connection,
        stream_id: str,
        expected_version: int,
        new_events: list[NewEvent],
        *,
        actor: dict[str, Any],
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """Append to a stream inside the caller's transaction; returns the envelopes."""
        if not new_events:
            return []
        n = len(new_events)
        conn.execute(self._move_head, {"n": n})
        last_position = conn.execute(self._read_head).scalar_one()
        current = conn.execute(self._stream_head, {"stream_id": stream_id}).first()
        version, prev_hash = (current.version, current.hash) if current else (0, GENESIS_HASH)
        if version != expected_version:
            raise ConcurrencyConflict(
                f"stream {stream_id} is at version {version}, not {expected_version}",
                {"expected_version": [f"stream is at version {version}"]},
            )
        envelopes, rows = self._envelopes(
            stream_id,
            version,
            prev_hash,
            last_position - n + 1,
            new_events,
            utcnow_iso(),
            {"actor": actor, "correlation_id": correlation_id, "causation_id": causation_id},
        )
        conn.execute(self.events.insert(), rows)
        return envelopes

    def append_batch(
        self,
        conn: sa.Connection,
        batch: list[tuple[str, int, list[NewEvent]]],
        *,
        actor: dict[str, Any],
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """Append to many streams in one call, inside the caller's transaction: one move
        of the head, one SELECT of the streams' versions, one insert. `batch` is
        `[(stream_id, expected_version, new_events)]`, each stream once; a stale expected
        version of any stream raises ConcurrencyConflict (the caller rolls back)."""
        batch = [(stream, expected, list(new)) for stream, expected, new in batch if new]
        streams = [stream for stream, _, _ in batch]
        if len(set(streams)) != len(streams):
            raise ValueError("append_batch takes each stream once")
        n = sum(len(new) for _, _, new in batch)
        if not n:
            return []
        conn.execute(self._move_head, {"n": n})
        position = conn.execute(self._read_head).scalar_one() - n + 1
        current = self.stream_heads(conn, streams)
        stale = [
            (s, e, current.get(s, (0,))[0]) for s, e, _ in batch if current.get(s, (0,))[0] != e
        ]
        if stale:
            stream, expected, version = stale[0]
            raise ConcurrencyConflict(
                f"stream {stream} is at version {version}, not {expected}"
                f"{f' (and {len(stale) - 1} more streams)' if len(stale) > 1 else ''}",
                {"expected_version": [f"stream {s} is at version {v}" for s, _, v in stale]},
            )
        occurred_at = utcnow_iso()
        envelopes: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        metadata = {"actor": actor, "correlation_id": correlation_id, "causation_id": causation_id}
        for stream, expected, new_events in batch:
            prev_hash = current.get(stream, (0, GENESIS_HASH))[1]
            more, more_rows = self._envelopes(
                stream, expected, prev_hash, position, new_events, occurred_at, metadata
            )
            envelopes += more
            rows += more_rows
            position += len(new_events)
        conn.execute(self.events.insert(), rows)
        return envelopes

    def stream_heads(
        self, conn: sa.Connection, stream_ids: Iterable[str]
    ) -> dict[str, tuple[int, str]]:
        """`{stream_id: (version, hash)}` of the last event of each stream that has one."""
        newer = self.events.alias("newer")
        found: dict[str, tuple[int, str]] = {}
        ids = list(stream_ids)
        for start in range(0, len(ids), 500):
            rows = conn.execute(
                sa.select(self.events.c.stream_id, self.events.c.version, self.events.c.hash).where(
                    self.events.c.stream_id.in_(ids[start : start + 500]),
                    ~sa.exists().where(
                        newer.c.stream_id == self.events.c.stream_id,
                        newer.c.version > self.events.c.version,
                    ),
                )
            )
            found.update({r.stream_id: (r.version, r.hash) for r in rows})
        return found

    def _envelopes(
        self,
        stream_id: str,
        version: int,
        prev_hash: str,
        first_position: int,
        new_events: list[NewEvent],
        occurred_at: str,
        metadata: dict[str, Any],
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The envelopes of events appended after `version` of a stream, hash-chained
        from `prev_hash`, and their rows."""
        envelopes: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        for i, new in enumerate(new_events):
            event_id = str(uuid.uuid4())
            envelope: dict[str, Any] = {
                "source": self.service,
                "position": first_position + i,
                "event_id": event_id,
                "stream_id": stream_id,
                "version": version + i + 1,
                "type": new.type,
                "schema_version": new.schema_version,
                "data": new.data,
                "metadata": {**metadata, "correlation_id": metadata["correlation_id"] or event_id},
                "occurred_at": occurred_at,
                "prev_hash": prev_hash,
            }
            envelope["hash"] = prev_hash = event_hash(envelope)
            envelopes.append(envelope)
            rows.append(
                {
                    "position": envelope["position"],
                    "event_id": event_id,
                    "stream_id": stream_id,
                    "version": envelope["version"],
                    "event_type": new.type,
                    "schema_version": new.schema_version,
                    "data": canonical(new.data),
                    "meta": canonical(envelope["metadata"]),
                    "occurred_at": occurred_at,
                    "prev_hash": envelope["prev_hash"],
                    "hash": envelope["hash"],
                }
            )
        return envelopes, rows

    # reading ---------------------------------------------------------------
    def _envelope(self, row: sa.Row[Any]) -> dict[str, Any]:
        return {
            "source": self.service,
            "position": row.position,
            "event_id": row.event_id,
            "stream_id": row.stream_id,
            "version": row.version,
            "type": row.event_type,
            "schema_version": row.schema_version,
            "data": json.loads(row.data),
            "metadata": json.loads(row.meta),
            "occurred_at": row.occurred_at,
            "prev_hash": row.prev_hash,
            "hash": row.hash,
        }

    def since(self, conn: sa.Connection, position: int, limit: int = 500) -> list[dict[str, Any]]:
        rows = conn.execute(self._since, {"position": position, "limit": limit})
        return [self._envelope(r) for r in rows]

    def read_stream(
        self, conn: sa.Connection, stream_id: str, *, until_position: int | None = None
    ) -> list[dict[str, Any]]:
        """A stream's envelopes in version order, each upcast to its event type's current
        schema version, as consumers read them (`shared.events.current`)."""
        return [current(e) for e in self._stored_stream(conn, stream_id, until_position)]

    def _stored_stream(
        self, conn: sa.Connection, stream_id: str, until_position: int | None = None
    ) -> list[dict[str, Any]]:
        """A stream's envelopes as they were written (what their hashes cover)."""
        query = self._stream
        if until_position is not None:
            query = query.where(self.events.c.position <= until_position)
        rows = conn.execute(query, {"stream_id": stream_id})
        return [self._envelope(r) for r in rows]

    def read_streams(
        self, conn: sa.Connection, stream_ids: Iterable[str]
    ) -> dict[str, list[dict[str, Any]]]:
        """Many streams at once: `{stream_id: envelopes in version order}` (a stream
        without events is left out)."""
        found: dict[str, list[dict[str, Any]]] = {}
        ids = list(stream_ids)
        for start in range(0, len(ids), 500):
            rows = conn.execute(
                sa.select(self.events)
                .where(self.events.c.stream_id.in_(ids[start : start + 500]))
                .order_by(self.events.c.stream_id, self.events.c.version)
            )
            for row in rows:
                found.setdefault(row.stream_id, []).append(current(self._envelope(row)))
        return found

    def last_position(self, conn: sa.Connection) -> int:
        position: int = conn.execute(self._read_head).scalar_one()
        return position

    def verify_stream(self, conn: sa.Connection, stream_id: str) -> int:
        """Recompute the hash chain of a stream; returns its length or raises TamperDetected."""
        prev = GENESIS_HASH
        envelopes = self._stored_stream(conn, stream_id)
        for envelope in envelopes:
            if envelope["prev_hash"] != prev or event_hash(envelope) != envelope["hash"]:
                raise TamperDetected(
                    f"{stream_id} version {envelope['version']} does not match its hash chain"
                )
            prev = envelope["hash"]
        return len(envelopes)
