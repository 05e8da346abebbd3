"""Entrypoints every service shares."""

import functools
import inspect
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from kombu import Queue
from kombu.exceptions import OperationalError
from nameko.containers import WorkerContext
from nameko.exceptions import IncorrectSignature
from nameko.messaging import Consumer
from nameko.rpc import Rpc

from shared.errors import DomainError
from shared.outbox import exchange_for

if TYPE_CHECKING:
    from shared.storage import StorageHandle

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
MAX_PAGE = 1000
# what sending an answer meets while the broker is away or restarting
BROKER_AWAY = (OperationalError, ConnectionError, OSError)


class BrokerTolerantRpc(Rpc):
    """nameko's RPC entrypoint, riding out a broker that went away while the worker ran.

    nameko sends the answer and then acks the request; when the broker is gone the send
    raises in the worker's thread, and nameko kills the whole service for it. Here the
    answer is dropped instead and the request is not acked: the broker gives it back
    to the queue, the redelivery runs again once the broker is back, and a command
    answers it from its stored answer (`command`)."""

    def handle_result(
        self, message: Any, worker_ctx: WorkerContext, result: Any, exc_info: Any
    ) -> tuple[Any, Any]:
        try:
            outcome: tuple[Any, Any] = super().handle_result(message, worker_ctx, result, exc_info)
            return outcome
        except BROKER_AWAY as exc:
            log.warning(
                "the answer of %s could not be sent (%s: %s); the broker redelivers the request",
                self.method_name,
                type(exc).__name__,
                exc,
            )
            return result, exc_info


class BrokerTolerantConsumer(Consumer):
    """nameko's `@consume`, riding out a connection that dropped while the handler ran.

    nameko acks the message after the handler; it ignores amqp's own ConnectionError
    there but not the socket's (a reset), and kills the whole service for it. Here the
    ack is given up instead: the broker gives the message back, and the subscription
    finds it applied already (its checkpoint moved in the handler's transaction)."""

    def handle_result(
        self, message: Any, worker_ctx: WorkerContext, result: Any = None, exc_info: Any = None
    ) -> tuple[Any, Any]:
        try:
            outcome: tuple[Any, Any] = super().handle_result(message, worker_ctx, result, exc_info)
            return outcome
        except BROKER_AWAY as exc:
            log.warning(
                "a message on %s could not be acked (%s: %s); the broker redelivers it",
                self.queue.name,
                type(exc).__name__,
                exc,
            )
            return result, exc_info


def consume(queue: Queue) -> Callable[[F], F]:
    """The entrypoint for the relay's messages on `queue` (`BrokerTolerantConsumer`)."""
    return cast(Callable[[F], F], BrokerTolerantConsumer.decorator(queue))


def rpc(fn: F) -> F:
    """The RPC entrypoint (`BrokerTolerantRpc`), for which a refusal (a DomainError: bad
    input, no access, a conflict) is an expected answer, logged as a warning, not an error."""
    return cast(F, BrokerTolerantRpc.decorator(expected_exceptions=DomainError)(fn))


def command(fn: F) -> F:
    """An RPC that changes state. It acts once per idempotency key: its transactions and
    its answer commit together, and a redelivered or repeated request gets the first
    answer (`StorageHandle.command`, shared.idempotency). The service's `storage` is the
    Storage dependency."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def run_once(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            signature.bind(self, *args, **kwargs)
        except TypeError as exc:
            raise IncorrectSignature(str(exc)) from None
        return self.storage.command(lambda: fn(self, *args, **kwargs))

    return rpc(cast(F, run_once))


def queue_following(consumer: str, source: str) -> Queue:
    """The durable queue on which `consumer` receives the relay's messages from `source`;
    every instance of the consumer shares it."""
    return Queue(
        f"{consumer}.from.{source}", exchange=exchange_for(source), routing_key="#", durable=True
    )


class ServiceBase:
    """`ping`; and for the health check and operators, `status` (checkpoints, lag, parked
    events; the own head and relay of an event-sourced service), `parked_events` and
    `replay_parked` (shared.consumer). The service's `storage` is the Storage dependency."""

    # each service sets its name and its Storage dependency, which nameko's worker sees
    # as its StorageHandle
    name: str
    storage: Any

    def _storage(self) -> "StorageHandle":
        handle: StorageHandle = self.storage
        return handle

    @rpc
    def ping(self) -> dict[str, str]:
        return {"service": self.name}

    @rpc
    def status(self) -> dict[str, Any]:
        return self._storage().status()

    @rpc
    def parked_events(
        self, source: str | None = None, state: str | None = "parked"
    ) -> list[dict[str, Any]]:
        """Parked events of this service's subscriptions, oldest first; `state` parked
        (default), replayed, superseded or all."""
        return self._storage().parked_events(source, state)

    @rpc
    def replay_parked(
        self, ids: list[Any] | None = None, source: str | None = None
    ) -> list[dict[str, Any]]:
        """Apply parked events again after a fix: the rows `ids`, or every parked event
        of `source`; each once, however often or from wherever this is called."""
        return self._storage().replay_parked(ids, source)


class EventSourcedService(ServiceBase):
    """`events_since` lets any consumer rebuild from zero and fill gaps."""

    @rpc
    def events_since(self, position: int, limit: int = 500) -> list[dict[str, Any]]:
        return self._storage().events_since(int(position), max(0, min(int(limit), MAX_PAGE)))
