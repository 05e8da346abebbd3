"""Each service database's schema is the head of that service's migration history
(Alembic, `services/<name>/migrations/`): a service upgrades its database to head when
it starts, and so does `python -m deploy.migrate`.

- One upgrade at a time per database: the upgrade runs in one transaction that first
  takes a lock, `pg_advisory_xact_lock` in PostgreSQL, the write lock in SQLite
  (`BEGIN IMMEDIATE`). Instances starting together (reporting replicas, several records
  processes) wait for the first; it commits the schema and `alembic_version` together,
  and the next finds the database at head and does nothing.
- A database made before the migrations (the tables of the first revision, created by
  `create_all`, and no `alembic_version`) is stamped at the first revision when its
  tables and their columns are those of the first revision, then upgraded as any other;
  one whose tables differ is refused with what differs, and nothing changes.
- The rows every database of the service must hold (the event log's head, the relay's
  checkpoint: `metadata.info["seeds"]`) are inserted in the same transaction when missing.
"""

import contextlib
import functools
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.pool import StaticPool

log = logging.getLogger(__name__)
# Alembic names every plugin it sets up at INFO on each run; its "Running upgrade" lines stay
logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

# the PostgreSQL advisory lock held while a database is upgraded (advisory locks are
# per database, so one key serves every service)
LOCK_KEY = zlib.crc32(b"teacherinfo.migrations")


class SchemaMismatch(RuntimeError):
    """A database without migration history whose tables are not the first revision's."""


def config(metadata: sa.MetaData, connection: sa.Connection | None = None) -> Config:
    """Alembic's configuration for the service whose MetaData this is (its tables.py
    names the history: `metadata.info["migrations"]`), on `connection` if given."""
    cfg = Config()
    cfg.set_main_option("script_location", str(metadata.info["migrations"]))
    cfg.attributes["metadata"] = metadata
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head(metadata: sa.MetaData) -> str | None:
    return ScriptDirectory.from_config(config(metadata)).get_current_head()


def first(metadata: sa.MetaData) -> str:
    base = ScriptDirectory.from_config(config(metadata)).get_base()
    assert isinstance(base, str), "one migration history has one first revision"
    return base


def current(conn: sa.Connection) -> str | None:
    """The revision the database is at (None: no migration history)."""
    return MigrationContext.configure(conn).get_current_revision()


def differences(conn: sa.Connection, metadata: sa.MetaData) -> list[Any]:
    """What autogenerate would change to make the database match `metadata`: [] when the
    tables and the migrations agree."""
    found: list[Any] = compare_metadata(
        MigrationContext.configure(conn, opts={"compare_type": True}), metadata
    )
    return found


@contextlib.contextmanager
def locked(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection in a transaction that holds the database's migration lock; commits
    on leaving (rolls back on an error)."""
    with engine.connect() as conn:
        # shared.db's SQLite engines begin with BEGIN <sqlite_begin>: IMMEDIATE takes the
        # write lock at once (another instance waits for it up to the busy timeout)
        conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
            else:
                conn.exec_driver_sql("SELECT 1")  # begins, and so locks
            yield conn


class Upgraded(NamedTuple):
    before: str | None  # None: empty, or made before the migrations (then `adopted`)
    after: str | None
    adopted: bool = False


def upgrade(engine: sa.Engine, metadata: sa.MetaData, revision: str = "head") -> Upgraded:
    """Bring the database to `revision` (head), one instance at a time."""
    with locked(engine) as conn:
        before = current(conn)
        adopted = before is None and adopt(conn, metadata)
        command.upgrade(config(metadata, conn), revision)
        for seed in metadata.info.get("seeds", ()):
            seed(conn)
        after = current(conn)
    if before != after:
        log.info(
            "%s: database upgraded from %s to %s", service_of(metadata), before or "empty", after
        )
    return Upgraded(before, after, adopted)


def downgrade(engine: sa.Engine, metadata: sa.MetaData, revision: str) -> None:
    with locked(engine) as conn:
        command.downgrade(config(metadata, conn), revision)


def adopt(conn: sa.Connection, metadata: sa.MetaData) -> bool:
    """A database without `alembic_version`: stamp it at the first revision when it holds
    that revision's tables with their columns (it was made by `create_all` before the
    migrations); leave an empty one alone. Refuse anything else."""
    inspector = sa.inspect(conn)
    tables = set(inspector.get_table_names())
    if not tables:
        return False
    expected = initial_tables(metadata)
    present = tables & set(expected)
    if not present:
        return False
    problems = [f"table {name} missing" for name in sorted(set(expected) - present)]
    for name in sorted(present):
        columns = {c["name"] for c in inspector.get_columns(name)}
        problems += [f"{name}.{c} missing" for c in sorted(expected[name] - columns)]
        problems += [
            f"{name}.{c} not in the first revision" for c in sorted(columns - expected[name])
        ]
    if problems:
        raise SchemaMismatch(
            f"{service_of(metadata)}: the database has tables but no migration history, and they "
            f"are not those of the first revision ({'; '.join(problems)}); nothing was changed"
        )
    command.stamp(config(metadata, conn), first(metadata))
    log.warning(
        "%s: a database made before the migrations: stamped at %s",
        service_of(metadata),
        first(metadata),
    )
    return True


@functools.cache
def _initial_tables(location: str) -> dict[str, frozenset[str]]:
    metadata = sa.MetaData(info={"migrations": location})
    engine = sa.create_engine("sqlite://", poolclass=StaticPool)
    try:
        with engine.begin() as conn:
            command.upgrade(config(metadata, conn), first(metadata))
            inspector = sa.inspect(conn)
            return {
                name: frozenset(c["name"] for c in inspector.get_columns(name))
                for name in inspector.get_table_names()
                if name != "alembic_version"
            }
    finally:
        engine.dispose()


def initial_tables(metadata: sa.MetaData) -> dict[str, frozenset[str]]:
    """The tables of the first revision and their columns (run on an in-memory SQLite)."""
    return _initial_tables(str(metadata.info["migrations"]))


def service_of(metadata: sa.MetaData) -> str:
    """The service whose database the history is for (its folder: services/<name>/migrations)."""
    return Path(metadata.info["migrations"]).parent.name
