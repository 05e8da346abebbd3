"""Log lines that say which request or event they were written for.

Every worker of a service binds itself for logging when it starts (`shared.rpc.Context`,
a dependency of every service): a record emitted while the worker runs carries its
service and its correlation id — the gateway's request id (the client's `X-Request-Id`,
else a new one), which travels in the nameko call context to every service the request
calls and into the metadata of every event it appends. A consumer applying an event
binds that event's correlation id (`correlation(...)`), so a reaction logs under the
request that caused it.

`LOG_FORMAT` chooses the line: `plain` (`... records WARNING [cid=req-7] message`) or
`json`, one object a line: time (ISO 8601, UTC), level, logger, message, service,
correlation_id, and exc_info when there is a traceback. Chinese text stays as it is.
"""

import contextlib
import contextvars
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

CORRELATION_KEY = "correlation_id"  # the key in the nameko call context (shared.rpc)

# both are per greenlet (and per thread): eventlet's workers do not see each other's
_worker: contextvars.ContextVar[Any] = contextvars.ContextVar("log_worker", default=None)
_correlation: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "log_correlation", default=None
)
_process: dict[str, str | None] = {"service": None}


def set_process_service(name: str | None) -> None:
    """The service a record names when it comes from no worker (a process of one service)."""
    _process["service"] = name


def bind_worker(worker_ctx: Any) -> None:
    _worker.set(worker_ctx)
    _correlation.set(None)  # the worker's own id, never one left in its green thread


def set_correlation(correlation_id: str | None) -> None:
    """Records emitted from now on in this green thread carry `correlation_id` (the
    gateway's server sets each request's before it answers it)."""
    _correlation.set(correlation_id)


def unbind_worker() -> None:
    _worker.set(None)


@contextlib.contextmanager
def correlation(correlation_id: str | None) -> Iterator[None]:
    """Records emitted inside carry `correlation_id` (an event's, while it is applied)."""
    token = _correlation.set(correlation_id)
    try:
        yield
    finally:
        _correlation.reset(token)


def current() -> tuple[str | None, str | None]:
    """(service, correlation id) of the code running now; None where there is none."""
    worker = _worker.get()
    service = getattr(worker, "service_name", None) or _process["service"]
    correlation_id = _correlation.get()
    if correlation_id is None and worker is not None:
        correlation_id = worker.data.get(CORRELATION_KEY) or worker.call_id
    return service, correlation_id


class CorrelationFilter(logging.Filter):
    """Puts `service` and `correlation_id` on every record (None outside any request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        service, correlation_id = current()
        if getattr(record, "service", None) is None:
            record.service = service
        if getattr(record, "correlation_id", None) is None:
            record.correlation_id = correlation_id
        return True


class PlainFormatter(logging.Formatter):
    """`time logger LEVEL [cid=...] message`; without a correlation id, no brackets."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(name)s %(levelname)s%(cid)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        correlation_id = getattr(record, "correlation_id", None)
        record.cid = f" [cid={correlation_id}]" if correlation_id else ""
        return super().format(record)


class JsonFormatter(logging.Formatter):
    """One JSON object a line; a traceback is the string `exc_info`."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "service": getattr(record, "service", None),
            "correlation_id": getattr(record, "correlation_id", None),
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
