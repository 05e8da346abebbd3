"""What every nameko service shares: errors that cross RPC and the call context (the caller,
correlation id, idempotency key, If-Match and client address of the current worker)."""

import uuid

from nameko.containers import WorkerContext
from nameko.exceptions import get_module_path, registry
from nameko.extensions import DependencyProvider

from shared import errors, logs
from shared.caller import Caller

for _error in errors.all_error_types():
    registry[get_module_path(_error)] = _error

CALLER_KEY = "caller"
CORRELATION_KEY = logs.CORRELATION_KEY
CLIENT_KEY = "client"  # the HTTP client's address, as the gateway saw it
IDEMPOTENCY_KEY = "idempotency_key"  # one per request; a redelivered RPC carries it again
IF_MATCH_KEY = "if_match"  # the version of what the client read (HTTP If-Match), or absent


class CallContext:
    """The caller, correlation id and client address of the current worker."""

    def __init__(self, worker_ctx: WorkerContext) -> None:
        self.worker_ctx = worker_ctx

    @property
    def caller(self) -> Caller | None:
        return Caller.from_json(self.worker_ctx.data.get(CALLER_KEY))

    def require_caller(self) -> Caller:
        caller = self.caller
        if caller is None:
            raise errors.Unauthorized("no caller in the call context")
        return caller

    @property
    def correlation_id(self) -> str:
        value: str = self.worker_ctx.data.get(CORRELATION_KEY) or self.worker_ctx.call_id
        return value

    def set_caller(self, caller: Caller | None) -> None:
        if caller is None:
            self.worker_ctx.data.pop(CALLER_KEY, None)
        else:
            self.worker_ctx.data[CALLER_KEY] = caller.to_json()

    def set_correlation_id(self, value: str | None = None) -> None:
        self.worker_ctx.data[CORRELATION_KEY] = value or str(uuid.uuid4())

    @property
    def idempotency_key(self) -> str | None:
        key: str | None = self.worker_ctx.data.get(IDEMPOTENCY_KEY)
        return key

    def set_idempotency_key(self, value: str | None) -> None:
        self.worker_ctx.data[IDEMPOTENCY_KEY] = (value or str(uuid.uuid4()))[:128]

    @property
    def if_match(self) -> int | None:
        """The version the client read and means to change (`If-Match`), when it sent one."""
        value = self.worker_ctx.data.get(IF_MATCH_KEY)
        return int(value) if value is not None else None

    def set_if_match(self, version: int | None) -> None:
        if version is None:
            self.worker_ctx.data.pop(IF_MATCH_KEY, None)
        else:
            self.worker_ctx.data[IF_MATCH_KEY] = int(version)

    @property
    def command(self) -> str:
        """The name of the entrypoint this worker runs."""
        name: str = self.worker_ctx.entrypoint.method_name
        return name

    @property
    def client(self) -> str | None:
        address: str | None = self.worker_ctx.data.get(CLIENT_KEY)
        return address

    def set_client(self, address: str | None) -> None:
        if address:
            self.worker_ctx.data[CLIENT_KEY] = str(address)[:64]
        else:
            self.worker_ctx.data.pop(CLIENT_KEY, None)


class Context(DependencyProvider):
    """The call context of every worker; while the worker runs, its log records carry
    its service and correlation id (shared.logs)."""

    def get_dependency(self, worker_ctx: WorkerContext) -> CallContext:
        return CallContext(worker_ctx)

    def worker_setup(self, worker_ctx: WorkerContext) -> None:
        logs.bind_worker(worker_ctx)

    def worker_teardown(self, worker_ctx: WorkerContext) -> None:
        logs.unbind_worker()
