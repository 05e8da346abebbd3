"""One service on a real SQLite database, without RabbitMQ: its command handlers run
through its own Storage, unit of work and repositories, exactly as the service's
entrypoints call them; the services it follows are faked at their edge, as event logs
the test appends to, served to the service's subscriptions instead of `events_since`
over RPC."""

import importlib
import itertools
from types import SimpleNamespace

import sqlalchemy as sa

from shared import db, migrations
from shared.caller import SYSTEM, Caller
from shared.events import DomainEvent, NewEvent
from shared.eventstore import EventStore
from shared.rpc import CallContext
from shared.storage import StorageHandle

SERVICE_CLASSES = {
    "accounts": "AccountsService",
    "records": "RecordsService",
    "audit": "AuditService",
    "reporting": "ReportingService",
}


class Container:
    """What a service's Storage asks of its nameko container when it is not started."""

    def __init__(self, service: str):
        self.service_name = service
        self.config = {"AMQP_URI": "memory://"}


class ForeignLog:
    """The event log of a service the one under test follows (its own SQLite file)."""

    def __init__(self, name: str, url: str):
        tables = importlib.import_module(f"services.{name}.tables")
        self.name = name
        self.engine = db.make_engine(url)
        migrations.upgrade(self.engine, tables.metadata)  # as that service starts
        self.store = EventStore(name, tables.shared_tables)

    def append(self, stream_id: str, *events: DomainEvent | NewEvent, actor=None) -> list[dict]:
        new = [e if isinstance(e, NewEvent) else NewEvent.of(e) for e in events]
        with self.engine.begin() as conn:
            version = len(self.store.read_stream(conn, stream_id))
            return self.store.append(
                conn,
                stream_id,
                version,
                new,
                actor=actor or SYSTEM.actor(),
                correlation_id=None,
            )

    def since(self, position: int, limit: int) -> list[dict]:
        with self.engine.connect() as conn:
            return self.store.since(conn, position, limit)


class ServiceUnderTest:
    """`as_(caller)` is what a handler receives as `storage`; `deliver()` brings the
    foreign logs' new events to the service's subscriptions."""

    def __init__(self, service: str, tmp_path, monkeypatch):
        monkeypatch.setenv(f"{service.upper()}_DATABASE_URL", f"sqlite:///{tmp_path}/{service}.db")
        module = importlib.import_module(f"services.{service}.service")
        declared = getattr(module, SERVICE_CLASSES[service]).storage
        self.container = Container(service)  # kept: the provider holds a weak reference
        self.provider = declared.bind(self.container, "storage")
        self.sources = {
            source: ForeignLog(source, f"sqlite:///{tmp_path}/{service}-follows-{source}.db")
            for source in self.provider.subscription_handlers
        }
        # the foreign edge: what `events_since` over RPC would answer
        self.provider._fetch = lambda source, position, limit: self.sources[source].since(
            position, limit
        )
        self.provider.setup()
        self.calls = itertools.count(1)

    def as_(
        self,
        caller: Caller | None,
        *,
        idempotency_key: str | None = None,
        command: str = "command",
        if_match: int | None = None,
    ) -> StorageHandle:
        """What the entrypoint `command` gives its handler when `caller` calls it."""
        worker = SimpleNamespace(
            data={},
            call_id=f"test.call.{next(self.calls)}",
            entrypoint=SimpleNamespace(method_name=command),
        )
        context = CallContext(worker)
        context.set_caller(caller)
        context.set_correlation_id()
        context.set_if_match(if_match)
        if idempotency_key is not None:
            context.set_idempotency_key(idempotency_key)
        return StorageHandle(self.provider, context)

    def follow(self, source: str, log: "ForeignLog | ServiceUnderTest") -> None:
        """Follow `source` through another log: a shared fake one, or the store of a
        service under test (two services wired by their logs, as RabbitMQ would)."""
        self.sources[source] = log

    def since(self, position: int, limit: int) -> list[dict]:
        """This service's own log, as `events_since` serves it to its followers."""
        with self.provider.engine.connect() as conn:
            return self.provider.store.since(conn, position, limit)

    def deliver(self) -> dict:
        """Catch every subscription up with its foreign log."""
        return self.provider.catch_up_all()

    def stream(self, stream_id: str) -> list[dict]:
        with self.provider.engine.connect() as conn:
            return self.provider.store.read_stream(conn, stream_id)

    def count(self, table: sa.Table) -> int:
        with self.provider.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()

    def close(self):
        self.provider.stop()
        self.provider.engine.dispose()
        for log in self.sources.values():
            if isinstance(log, ForeignLog):
                log.engine.dispose()
