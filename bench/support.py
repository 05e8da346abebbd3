"""What every benchmark sets up around its measurements: quick settings, a temporary
DATA_DIR, a vhost of its own (`tests.support.broker`), and the cleanup of all three."""

import contextlib
import dataclasses
import os
import shutil
import tempfile
import urllib.parse
import uuid

from tests.support.broker import PrivateVhost

POLL = 0.01  # seconds between polls of a checkpoint or a counter


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def database_label(service: str) -> str:
    """Where the service's database is, without its password."""
    url = os.environ.get(f"{service.upper()}_DATABASE_URL")
    if not url:
        return "sqlite (temporary DATA_DIR)"
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}{':' + str(parts.port) if parts.port else ''}{parts.path}"


@dataclasses.dataclass
class Run:
    """The setting of one benchmark run: `amqp_uri` (its vhost) and `data_dir`."""

    amqp_uri: str
    vhost: PrivateVhost
    data_dir: str

    def broker(self) -> str:
        shown = urllib.parse.urlsplit(self.amqp_uri)
        return (
            f"broker: {shown.hostname}:{shown.port or 5672} vhost "
            f"{urllib.parse.unquote(shown.path[1:]) or '/'}"
            f"{' (throwaway)' if self.vhost.name else ''}"
        )


@contextlib.contextmanager
def private_run():
    """Cheap password hashing, a fast relay poll and a temporary DATA_DIR (set before the
    services read the environment), then a throwaway vhost as AMQP_URI; yields the `Run`.
    On the way out: the database engines closed, the vhost and DATA_DIR removed."""
    os.environ.setdefault("PASSWORD_HASH_TIME_COST", "1")
    os.environ.setdefault("PASSWORD_HASH_MEMORY_KIB", "1024")
    os.environ.setdefault("RELAY_POLL_INTERVAL", "0.05")
    os.environ.setdefault("ADMIN_PASSWORD", "Bench-" + uuid.uuid4().hex[:12])
    data_dir = tempfile.mkdtemp(prefix="teacherinfo-bench-")
    os.environ["DATA_DIR"] = data_dir  # used only by services without a *_DATABASE_URL
    from shared import config, db

    vhost = PrivateVhost(config.amqp_uri(), prefix="teacherinfo-bench-")
    try:
        amqp_uri = vhost.create()
        if vhost.error is not None:
            print(
                f"note: management API not usable ({vhost.error}); using the vhost of "
                "AMQP_URI. Its queues are the real services' (reporting.from.records, ...): "
                "do not run this next to a system that uses that vhost."
            )
        os.environ["AMQP_URI"] = amqp_uri
        yield Run(amqp_uri, vhost, data_dir)
    finally:
        db.dispose_engines()
        name = vhost.name
        vhost.delete()
        if name is not None and vhost.error is not None:
            print(f"warning: could not delete vhost {name}: {vhost.error}")
        shutil.rmtree(data_dir, ignore_errors=True)
