"""The nameko dependency that gives a service its database, event store,
outbox relay and subscriptions to other services' logs."""

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from nameko.containers import WorkerContext
from nameko.extensions import DependencyProvider
from nameko.standalone.rpc import ClusterRpcProxy

from shared import config, consumer, db, eventstore, idempotency, outbox
from shared.caller import SYSTEM
from shared.envelope import MalformedMessage, check_batch
from shared.errors import NotFound
from shared.rpc import CallContext
from shared.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
T = TypeVar("T")
Envelope = dict[str, Any]


def service_metadata(
    migrations: Path, *, event_sourced: bool = True
) -> tuple[sa.MetaData, dict[str, Any]]:
    """A service's MetaData with the shared tables (event store, outbox, subscriptions);
    `migrations` is the folder of its migration history (shared.migrations)."""
    metadata = sa.MetaData(info={"migrations": Path(migrations), "seeds": []})
    tables = consumer.define_tables(metadata)
    if event_sourced:
        tables.update(eventstore.define_tables(metadata))
        tables.update(idempotency.define_tables(metadata))
        metadata.info["seeds"].append(outbox.init_checkpoint(tables["outbox"]))
    metadata.info["shared_tables"] = tables
    return metadata, tables


class Storage(DependencyProvider):
    """
    :param service: the service name (its database and its event exchange)
    :param metadata: from `service_metadata`, with the service's own tables
    :param on_append: `fn(conn, envelope)` keeping read tables in step, same transaction
    :param subscriptions: the service's wiring table,
        `{source: {event_type: [fn(uow, envelope), ...]}}`
    """

    def __init__(
        self,
        service: str,
        metadata: sa.MetaData,
        on_append: Callable[[sa.Connection, Envelope], None] | None = None,
        subscriptions: Mapping[str, Mapping[str, Sequence[consumer.Handler]]] | None = None,
        reset: Callable[[sa.Connection], None] | None = None,
        on_setup: Callable[["Storage"], None] | None = None,
    ) -> None:
        self.service = service
        self.metadata = metadata
        self.on_append = on_append
        self.subscription_handlers = subscriptions or {}
        self.reset_projection = reset
        self.on_setup = on_setup
        self.tables = metadata.info["shared_tables"]
        self.event_sourced = "events" in self.tables

    # lifecycle -------------------------------------------------------------
    def setup(self) -> None:
        settings = config.settings()
        self.engine = db.engine_for(self.service, self.metadata)
        self.store = (
            eventstore.EventStore(self.service, self.tables) if self.event_sourced else None
        )
        self.relay: outbox.OutboxRelay | None = None
        if self.store is not None:
            self.relay = outbox.OutboxRelay(
                self.service,
                self.engine,
                self.store,
                self.tables["outbox"],
                self.container.config["AMQP_URI"],
                batch_size=settings.relay_batch_size,
                poll_interval=settings.relay_poll_interval,
                linger=settings.relay_linger,
            )
        self._rpc: Any = None  # nameko's cluster proxy, started at the first catch-up
        self._rpc_lock = threading.Lock()
        self.subscriptions = {
            source: consumer.Subscription(
                self.service,
                source,
                handlers,
                self.engine,
                self.tables,
                self._consumer_unit_of_work,
                self._fetch,
                retries=settings.consumer_retries,
                backoff=settings.consumer_backoff,
            )
            for source, handlers in self.subscription_handlers.items()
        }
        self._stopped = threading.Event()
        self._catch_up_thread: Any = None  # the container's managed green thread
        if "command_results" in self.tables:
            idempotency.scrub(self.engine, self.tables["command_results"])
        if self.on_setup is not None:
            self.on_setup(self)

    def start(self) -> None:
        if self.relay is not None:
            self.container.spawn_managed_thread(self.relay.run, identifier=f"{self.service}.relay")
        if self.subscriptions:
            self._catch_up_thread = self.container.spawn_managed_thread(
                self._catch_up_loop, identifier=f"{self.service}.catch_up"
            )

    def stop(self) -> None:
        self._stopped.set()
        if self.relay is not None:
            self.relay.stop()
        if self._catch_up_thread is not None:
            # it may be waiting on a source that has stopped already
            self._catch_up_thread.kill()
        self._close_rpc()

    def kill(self) -> None:
        self.stop()

    def get_dependency(self, worker_ctx: WorkerContext) -> "StorageHandle":
        return StorageHandle(self, CallContext(worker_ctx))

    # units of work ---------------------------------------------------------
    def unit_of_work(
        self,
        conn: sa.Connection,
        *,
        actor: dict[str, Any],
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> UnitOfWork:
        return UnitOfWork(
            conn,
            self.store,
            actor=actor,
            correlation_id=correlation_id,
            causation_id=causation_id,
            on_append=self.on_append,
        )

    def transaction(
        self, actor: dict[str, Any], correlation_id: str | None = None
    ) -> "_Transaction":
        return _Transaction(self, actor, correlation_id)

    def connect(self) -> sa.Connection:
        return self.engine.connect()

    def _consumer_unit_of_work(self, conn: sa.Connection, envelope: Envelope) -> UnitOfWork:
        return self.unit_of_work(
            conn,
            actor=envelope["metadata"]["actor"],
            correlation_id=envelope["metadata"]["correlation_id"],
            causation_id=envelope["event_id"],
        )

    def committed(self) -> None:
        if self.relay is not None:
            self.relay.wake()

    # subscriptions ---------------------------------------------------------
    def _fetch(self, source: str, position: int, limit: int) -> list[Envelope]:
        with self._rpc_lock:
            if self._rpc is None:
                self._rpc_cluster = ClusterRpcProxy(
                    {"AMQP_URI": self.container.config["AMQP_URI"], "serializer": "json"},
                    timeout=config.settings().catch_up_rpc_timeout,
                )
                self._rpc = self._rpc_cluster.start()
            try:
                page: list[Envelope] = getattr(self._rpc, source).events_since(position, limit)
                return page
            except Exception:
                self._close_rpc_locked()
                raise

    def _close_rpc(self) -> None:
        with self._rpc_lock:
            self._close_rpc_locked()

    def _close_rpc_locked(self) -> None:
        if self._rpc is not None:
            with contextlib.suppress(Exception):
                self._rpc_cluster.stop()
        self._rpc = None

    def _catch_up_loop(self) -> None:
        interval = config.settings().catch_up_interval
        while not self._stopped.is_set():
            self.catch_up_all()
            self._stopped.wait(interval)

    def catch_up_all(self) -> dict[str, int | None]:
        """Each source's events applied now; None for a source whose catch-up failed."""
        done: dict[str, int | None] = {}
        for source, subscription in self.subscriptions.items():
            try:
                done[source] = subscription.catch_up()
            except Exception as exc:
                log.warning("%s: catching up with %s failed: %s", self.service, source, exc)
                done[source] = None
        return done

    def rebuild(self) -> dict[str, Any]:
        """Forget every projection and subscription position, then replay every source.
        Parked events stay, superseded by the rebuild (`Subscription.reset`)."""
        locks = [s.lock for s in self.subscriptions.values()]
        for lock in locks:
            lock.acquire()
        try:
            with self.engine.begin() as conn:
                if self.reset_projection is not None:
                    self.reset_projection(conn)
                for subscription in self.subscriptions.values():
                    subscription.reset(conn)
            return {source: s.catch_up() for source, s in self.subscriptions.items()}
        finally:
            for lock in reversed(locks):
                lock.release()

    # for operators: status, parked events, replay (shared.consumer) ----------
    def status(self) -> dict[str, Any]:
        """Where this service stands: its own head and relay when it is event-sourced,
        and per source its checkpoint, the source's head as far as it knows, the lag and
        how many events wait parked."""
        with self.engine.connect() as conn:
            answer: dict[str, Any] = {"service": self.service}
            if self.relay is not None and self.store is not None:
                answer["head"] = self.store.last_position(conn)
                answer["relay"] = self.relay.status(conn, answer["head"])
            answer.update(consumer.status(conn, self.tables, self.service, self.subscriptions))
        return answer

    def parked_events(
        self, source: str | None = None, state: str | None = consumer.PARKED
    ) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return consumer.list_parked(conn, self.tables, self.service, source, state)

    def replay_parked(
        self, ids: list[Any] | None = None, source: str | None = None
    ) -> list[dict[str, Any]]:
        return consumer.replay(
            self.engine, self.tables, self.service, self.subscriptions, ids, source
        )


class StorageHandle:
    """What a worker sees: transactions, its own log, and the subscriptions."""

    def __init__(self, provider: Storage, context: CallContext) -> None:
        self.provider = provider
        self.context = context
        self.engine = provider.engine
        self.store = provider.store
        self._scope: _CommandScope | None = None

    def transaction(
        self, actor: dict[str, Any] | None = None
    ) -> "_Transaction | contextlib.AbstractContextManager[UnitOfWork]":
        actor = self._actor() if actor is None else actor
        if self._scope is not None:
            return self._scope.transaction(actor, self.context.correlation_id)
        return _Transaction(self.provider, actor, self.context.correlation_id)

    def _command_key(self) -> tuple[str, str] | None:
        key = self.context.idempotency_key
        return (key, self.context.command) if key else None

    def command(self, run: Callable[[], T]) -> T:
        """Run a command that changes state: its transactions nest in one, which also
        stores its answer under the request's idempotency key, so a redelivered or
        repeated request gets the first answer instead of acting again
        (shared.idempotency)."""
        key = self._command_key()
        if key is None or "command_results" not in self.provider.tables:
            return run()
        table = self.provider.tables["command_results"]
        idempotency_key, command = key
        with self.engine.connect() as conn:
            done, stored = idempotency.stored_answer(conn, table, idempotency_key, command)
        if done:
            return cast(T, stored)  # the first answer, as JSON gave it back
        scope = self._scope = _CommandScope(self.provider)
        try:
            answer = run()
            won = scope.finish(
                lambda conn: idempotency.store_answer(conn, table, idempotency_key, command, answer)
            )
        finally:
            self._scope = None
            scope.close()
        if not won:  # a twin with the same key committed first: its answer stands
            with self.engine.connect() as conn:
                _, stored = idempotency.stored_answer(conn, table, idempotency_key, command)
                return cast(T, stored)
        return answer

    def connect(self) -> contextlib.AbstractContextManager[sa.Connection]:
        """A connection for reading; inside a command that has written, the command's own
        (so it reads what it wrote, before the commit)."""
        if self._scope is not None and self._scope.conn is not None:
            return contextlib.nullcontext(self._scope.conn)
        return self.engine.connect()

    def _actor(self) -> dict[str, Any]:
        caller = self.context.caller
        return (caller or SYSTEM).actor()

    def events_since(self, position: int, limit: int) -> list[dict[str, Any]]:
        if self.store is None:
            raise NotFound(f"{self.provider.service} keeps no event log")
        with self.engine.connect() as conn:
            return self.store.since(conn, position, limit)

    def receive(self, body: dict[str, Any]) -> int:
        """Apply a message of the relay; a malformed one is dropped (the store is the
        truth: the next catch-up fetches what it carried)."""
        try:
            batch = check_batch(body)
        except MalformedMessage as exc:
            log.error(
                "%s: dropped a malformed event message: %s", self.provider.service, exc.messages
            )
            return 0
        subscription = self.provider.subscriptions.get(batch["source"])
        if subscription is None:
            log.error(
                "%s: dropped a message from %s, which it does not follow",
                self.provider.service,
                batch["source"],
            )
            return 0
        return subscription.receive(batch["events"])

    def catch_up(self, source: str | None = None) -> int:
        if source is not None:
            return self.provider.subscriptions[source].catch_up()
        return sum(n or 0 for n in self.provider.catch_up_all().values())

    def rebuild(self) -> dict[str, Any]:
        return self.provider.rebuild()

    def status(self) -> dict[str, Any]:
        return self.provider.status()

    def parked_events(
        self, source: str | None = None, state: str | None = consumer.PARKED
    ) -> list[dict[str, Any]]:
        return self.provider.parked_events(source, state)

    def replay_parked(
        self, ids: list[Any] | None = None, source: str | None = None
    ) -> list[dict[str, Any]]:
        return self.provider.replay_parked(ids, source)


class _Transaction:
    def __init__(
        self, provider: Storage, actor: dict[str, Any], correlation_id: str | None
    ) -> None:
        self.provider = provider
        self.actor = actor
        self.correlation_id = correlation_id

    def __enter__(self) -> UnitOfWork:
        self._ctx = self.provider.engine.begin()
        conn = self._ctx.__enter__()
        return self.provider.unit_of_work(
            conn, actor=self.actor, correlation_id=self.correlation_id
        )

    def __exit__(self, *exc_info: Any) -> bool | None:
        result = self._ctx.__exit__(*exc_info)
        if exc_info[0] is None:
            self.provider.committed()
        return result


class _CommandScope:
    """One command's database work on one connection: the first transaction begins it,
    later ones are savepoints inside it (a handler may catch a nested failure and go
    on), and `finish` commits it all with the command's answer.

    The connection begins at the first write transaction, not before: reads and
    catch-ups before it use their own connections, as outside a command."""

    def __init__(self, provider: Storage) -> None:
        self.provider = provider
        self.conn: sa.Connection | None = None
        self._root: sa.RootTransaction | None = None

    def _begin(self) -> tuple[sa.Connection, sa.RootTransaction]:
        if self.conn is None or self._root is None:
            self.conn = self.provider.engine.connect()
            self._root = self.conn.begin()
        return self.conn, self._root

    @contextlib.contextmanager
    def transaction(self, actor: dict[str, Any], correlation_id: str) -> Iterator[UnitOfWork]:
        conn, _ = self._begin()
        savepoint = conn.begin_nested()
        try:
            yield self.provider.unit_of_work(conn, actor=actor, correlation_id=correlation_id)
        except BaseException:
            if savepoint.is_active:
                savepoint.rollback()
            raise
        savepoint.commit()

    def finish(self, record: Callable[[sa.Connection], None]) -> bool:
        """`record(conn)` in the command's transaction, then commit; False when the
        record met a twin's (the same key committed by another worker): nothing of
        this command stays."""
        conn, root = self._begin()
        try:
            record(conn)
            root.commit()
        except sa.exc.IntegrityError:
            root.rollback()
            return False
        self.provider.committed()
        return True

    def close(self) -> None:
        if self.conn is not None:
            if self._root is not None and self._root.is_active:
                self._root.rollback()
            self.conn.close()
            self.conn = None
