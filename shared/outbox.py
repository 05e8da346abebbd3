"""The outbox relay: publishes committed events, in order, with publisher confirms.

The event table is the outbox. The relay reads the events after its checkpoint,
publishes them as one message per run (a wake-up and fast path for consumers;
the store stays the truth), waits for the broker's confirm, and only then moves
its checkpoint. A crash between commit and publish loses nothing (the events
are still after the checkpoint); a crash between publish and checkpoint sends a
run again, which consumers ignore (at-least-once, idempotent consumers).
"""

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import kombu
import sqlalchemy as sa

from shared.eventstore import EventStore, utcnow_iso

log = logging.getLogger(__name__)
CHECKPOINT = "relay"


def exchange_for(service: str) -> kombu.Exchange:
    """The service's nameko event exchange (`<service>.events`, topic, durable)."""
    return kombu.Exchange(f"{service}.events", type="topic", durable=True, auto_delete=False)


def routing_key_for(service: str) -> str:
    return f"{service}.log"


def init_checkpoint(outbox_table: sa.Table) -> Callable[[sa.Connection], None]:
    def hook(conn: sa.Connection) -> None:
        if (
            conn.execute(
                sa.select(outbox_table.c.name).where(outbox_table.c.name == CHECKPOINT)
            ).first()
            is None
        ):
            conn.execute(
                outbox_table.insert().values(name=CHECKPOINT, position=0, updated_at=utcnow_iso())
            )

    return hook


class OutboxRelay:
    def __init__(
        self,
        service: str,
        engine: sa.Engine,
        store: EventStore,
        outbox_table: sa.Table,
        amqp_uri: str,
        batch_size: int = 500,
        poll_interval: float = 0.5,
        linger: float = 0.0,
    ) -> None:
        self.service = service
        self.engine = engine
        self.store = store
        self.outbox = outbox_table
        self.amqp_uri = amqp_uri
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.linger = linger
        self.exchange = exchange_for(service)
        self.routing_key = routing_key_for(service)
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._connection: kombu.Connection | None = None
        self._producer: kombu.Producer | None = None
        self._read_checkpoint = sa.select(outbox_table.c.position).where(
            outbox_table.c.name == CHECKPOINT
        )

    # control ---------------------------------------------------------------
    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()

    def run(self) -> None:
        """Loop until stopped: publish what is pending, else sleep until woken or polled."""
        backoff = 0.5
        while not self._stopped.is_set():
            try:
                published = self.publish_pending()
                backoff = 0.5
                if published < self.batch_size:
                    woken = bool(published) or self._wake.wait(self.poll_interval)
                    if woken and self.linger:
                        # let the commits of the next few milliseconds share one message
                        self._stopped.wait(self.linger)
                    self._wake.clear()
            except Exception:
                log.exception("outbox relay of %s failed; retrying in %.1fs", self.service, backoff)
                self._close()
                self._stopped.wait(backoff)
                backoff = min(backoff * 2, 10)
        self._close()

    # work ------------------------------------------------------------------
    def checkpoint(self) -> int:
        with self.engine.connect() as conn:
            position: int = conn.execute(self._read_checkpoint).scalar_one()
            return position

    def status(self, conn: sa.Connection, head: int, now: float | None = None) -> dict[str, Any]:
        """How far the relay has published: its checkpoint, how many committed events wait
        (`unpublished`), and for how many seconds the oldest of them has waited."""
        position = conn.execute(self._read_checkpoint).scalar_one()
        now = time.time() if now is None else now
        waiting_for = 0.0
        if head > position:
            oldest = self.store.since(conn, position, 1)
            if oldest:
                waiting_for = max(
                    0.0, now - datetime.fromisoformat(oldest[0]["occurred_at"]).timestamp()
                )
        return {
            "checkpoint": position,
            "unpublished": max(0, head - position),
            "waiting_for": round(waiting_for, 1),
        }

    def pending(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            position = conn.execute(self._read_checkpoint).scalar_one()
            return self.store.since(conn, position, self.batch_size)

    def publish_pending(self) -> int:
        """Publish one run of pending events; returns how many were published."""
        events = self.pending()
        if not events:
            return 0
        self.publish(events)
        with self.engine.begin() as conn:
            conn.execute(
                self.outbox.update()
                .where(self.outbox.c.name == CHECKPOINT)
                .where(self.outbox.c.position < events[-1]["position"])
                .values(position=events[-1]["position"], updated_at=utcnow_iso())
            )
        return len(events)

    def publish(self, events: list[dict[str, Any]]) -> None:
        producer = self._ensure_producer()
        producer.publish(
            {"source": self.service, "events": events},
            exchange=self.exchange,
            routing_key=self.routing_key,
            serializer="json",
            delivery_mode=2,
            retry=False,
        )

    def _ensure_producer(self) -> kombu.Producer:
        if self._producer is None:
            connection = self._connection = kombu.Connection(
                self.amqp_uri, transport_options={"confirm_publish": True}, heartbeat=0
            )
            connection.ensure_connection(max_retries=1)
            channel = connection.channel()
            self.exchange(channel).declare()
            self._producer = kombu.Producer(channel)
        return self._producer

    def _close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.release()
        self._connection = None
        self._producer = None


def drain(relay: OutboxRelay, timeout: float = 10.0) -> None:
    """Publish everything pending now (used by tools and tests)."""
    deadline = time.monotonic() + timeout
    while relay.publish_pending():
        if time.monotonic() > deadline:
            raise TimeoutError("outbox relay did not drain in time")
