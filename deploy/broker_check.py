"""Is RabbitMQ reachable? One clear line if not.

python -m deploy.broker_check     # exit 0 silently, or one line on stderr + exit 1
"""

import re
import sys

START_HINT = "Start it with: rabbitmq-server -detached  (or: sudo systemctl start rabbitmq-server)"


def mask_uri(uri: str) -> str:
    """amqp://user:secret@host/ -> amqp://user:**@host/ (everything else kept as is)."""
    return re.sub(r"^([a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@]*):[^@/]*@", r"\1:**@", uri)


def _root_cause(exc: BaseException) -> BaseException:
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        nxt = exc.__cause__ or exc.__context__
        if nxt is None:
            break
        exc = nxt
    return exc


def check_broker(uri: str | None = None, timeout: float = 2.0) -> str | None:
    """None when the broker at `uri` (default: AMQP_URI) answers, else one line saying why not."""
    if uri is None:
        from shared.config import amqp_uri

        uri = amqp_uri()
    from kombu import Connection

    try:
        conn = Connection(uri, connect_timeout=timeout)
        try:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0.5, timeout=timeout
            )
        finally:
            conn.release()
    except Exception as exc:
        cause = _root_cause(exc)
        name = type(cause).__name__
        if name in ("AccessRefused", "NotAllowed") or "ACCESS_REFUSED" in str(cause):
            return (
                f"RabbitMQ at {mask_uri(uri)} refused the login or vhost ({name}): "
                "check the user, password and vhost in AMQP_URI"
            )
        return f"RabbitMQ is not reachable at {mask_uri(uri)} ({name}). {START_HINT}"
    return None


def main() -> int:
    problem = check_broker()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
