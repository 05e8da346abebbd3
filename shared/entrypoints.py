"""Entrypoints every service shares."""
import functools
import inspect

from kombu import Queue
from nameko.exceptions import IncorrectSignature
from nameko.rpc import rpc as nameko_rpc

from shared.errors import DomainError
from shared.outbox import exchange_for

MAX_PAGE = 1000


def rpc(fn):
    """nameko's RPC entrypoint, for which a refusal (a DomainError: bad input, no
    access, a conflict) is an expected answer, logged as a warning, not an error."""
    return nameko_rpc(expected_exceptions=DomainError)(fn)


def command(fn):
    """An RPC that changes state. It acts once per idempotency key: its transactions and
    its answer commit together, and a redelivered or repeated request gets the first
    answer (`StorageHandle.command`, shared.idempotency). The service's `storage` is the
    Storage dependency."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def run_once(self, *args, **kwargs):
        try:
            signature.bind(self, *args, **kwargs)
        except TypeError as exc:
            raise IncorrectSignature(str(exc)) from None
        return self.storage.command(lambda: fn(self, *args, **kwargs))

    return rpc(run_once)


def queue_following(consumer: str, source: str) -> Queue:
    """The durable queue on which `consumer` receives the relay's messages from `source`;
    every instance of the consumer shares it."""
    return Queue(f"{consumer}.from.{source}", exchange=exchange_for(source), routing_key="#",
                 durable=True)


class ServiceBase:
    """`ping` for health checks."""

    @rpc
    def ping(self):
        return {"service": self.name}


class EventSourcedService(ServiceBase):
    """`events_since` lets any consumer rebuild from zero and fill gaps."""

    @rpc
    def events_since(self, position, limit=500):
        return self.storage.events_since(int(position), max(0, min(int(limit), MAX_PAGE)))
