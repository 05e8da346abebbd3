"""Instances of one service that start together upgrade its database once, without failing:
the upgrade is serialised (shared.migrations), the first does it and the others find the
database at head."""

import os
import subprocess
import sys

import eventlet
import sqlalchemy as sa

from services.records.tables import metadata, shared_tables
from shared import config, db, migrations
from tests.support import REPO
from tests.support.databases import empty_database

# one starting instance: upgrade, then say where the database was and is
UPGRADE = """
import sys
from services.records.tables import metadata
from shared import db, migrations
engine = db.make_engine(sys.argv[1])
done = migrations.upgrade(engine, metadata)
print(done.before, done.after)
"""


def rows(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_processes_upgrading_one_database_at_once_upgrade_it_once():
    url = config.database_url("contract")
    engine = db.make_engine(url)
    empty_database(engine)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    try:
        procs = [
            subprocess.Popen(
                [sys.executable, "-W", "ignore", "-c", UPGRADE, url],
                cwd=str(REPO),
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        results = [proc.communicate(timeout=120) for proc in procs]
        assert [proc.returncode for proc in procs] == [0] * 4, [err for _, err in results]
        head = migrations.head(metadata)
        # exactly one found the database empty; the others found it at head
        assert sorted(out.split() for out, _ in results) == sorted(
            [["None", head]] + [[head, head]] * 3
        )
        with engine.connect() as conn:
            assert migrations.current(conn) == head
            assert migrations.differences(conn, metadata) == []
        assert rows(engine, shared_tables["head"]) == 1
        assert rows(engine, shared_tables["outbox"]) == 1
    finally:
        empty_database(engine)
        engine.dispose()


def test_two_engines_of_one_process_upgrading_at_once_both_succeed():
    url = config.database_url("contract")
    engines = [db.make_engine(url), db.make_engine(url)]
    empty_database(engines[0])
    try:
        pool = eventlet.GreenPool()
        done = list(pool.imap(lambda engine: migrations.upgrade(engine, metadata), engines))
        head = migrations.head(metadata)
        assert sorted(d.before or "" for d in done) == ["", head]
        assert rows(engines[0], shared_tables["head"]) == 1
    finally:
        empty_database(engines[0])
        for engine in engines:
            engine.dispose()
