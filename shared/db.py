"""One SQLAlchemy engine per service and process, made on first use.

SQLite: WAL, and the driver's own transaction handling switched off so that
SQLAlchemy's BEGIN is the real one. PostgreSQL: pg8000, which yields to
eventlet on every socket read, so a slow query never blocks the hub.
"""

import threading
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from shared import config, migrations

_engines: dict[tuple[str, str], sa.Engine] = {}
_lock = threading.Lock()


def make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=10,
            max_overflow=20,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: sa.Connection) -> None:
            # `sqlite_begin="IMMEDIATE"` takes the write lock at once (shared.migrations)
            mode = connection.get_execution_options().get("sqlite_begin", "")
            connection.exec_driver_sql(f"BEGIN {mode}".strip())

        return engine
    return sa.create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def engine_for(service: str, metadata: sa.MetaData) -> sa.Engine:
    """The service's engine, its database upgraded to the head of its migrations
    (shared.migrations: one instance at a time, a database from before the migrations
    adopted)."""
    url = config.database_url(service)
    key = (service, url)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = make_engine(url)
            migrations.upgrade(engine, metadata)
            _engines[key] = engine
        return engine


def dispose_engines() -> None:
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
