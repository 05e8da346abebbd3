"""One SQLAlchemy engine per service and process, made on first use.

SQLite: WAL, and the driver's own transaction handling switched off so that
SQLAlchemy's BEGIN is the real one. PostgreSQL: pg8000, which yields to
eventlet on every socket read, so a slow query never blocks the hub.
"""

import logging
import threading
import time

import sqlalchemy as sa
from sqlalchemy import event

from shared import config

log = logging.getLogger(__name__)

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
        def _sqlite_connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection):
            connection.exec_driver_sql("BEGIN")

        return engine
    return sa.create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def engine_for(service: str, metadata: sa.MetaData) -> sa.Engine:
    """The service's engine, with its tables created if they are missing."""
    url = config.database_url(service)
    key = (service, url)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = make_engine(url)
            create_schema(engine, metadata)
            _engines[key] = engine
        return engine


def create_schema(engine: sa.Engine, metadata: sa.MetaData, attempts: int = 3):
    """Create what is missing: tables, then the columns a table made by an older version
    lacks (`add_missing_columns`). Instances of one service starting together (the
    reporting replicas) may race to create the same table or column: the loser looks
    again and finds it."""
    for attempt in range(attempts):
        try:
            metadata.create_all(engine)
            add_missing_columns(engine, metadata)
            for hook in metadata.info.get("after_create", ()):
                with engine.begin() as conn:
                    hook(conn)
            return
        except sa.exc.DBAPIError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.5 * (attempt + 1))


def add_missing_columns(engine: sa.Engine, metadata: sa.MetaData) -> list[str]:
    """The one upgrade step: `create_all` creates missing tables but leaves an existing
    table as it is, so each column of `metadata` that an existing table lacks is added
    here (ALTER TABLE ... ADD COLUMN, with the column's type and server default). A column
    added to a table later must therefore be nullable or have a server default. Columns
    are only added, never changed or dropped. Returns `table.column` of each added."""
    names = [t.name for t in metadata.sorted_tables]
    present = {
        name: {c["name"] for c in columns}
        for (_, name), columns in sa.inspect(engine).get_multi_columns(filter_names=names).items()
    }
    missing = [
        (table, column)
        for table in metadata.sorted_tables
        if table.name in present
        for column in table.columns
        if column.name not in present[table.name]
    ]
    if not missing:
        return []
    preparer = engine.dialect.identifier_preparer
    with engine.begin() as conn:
        for table, column in missing:
            ddl = sa.schema.CreateColumn(column).compile(dialect=engine.dialect)
            conn.exec_driver_sql(f"ALTER TABLE {preparer.format_table(table)} ADD COLUMN {ddl}")
    added = [f"{table.name}.{column.name}" for table, column in missing]
    log.info("added columns to existing tables: %s", ", ".join(added))
    return added


def dispose_engines():
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
