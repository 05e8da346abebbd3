"""The event store's contract on a real database (SQLite, or PostgreSQL in CI)."""

import os

import eventlet
import pytest
import sqlalchemy as sa

from shared import config, db, migrations
from shared.errors import ConcurrencyConflict
from shared.events import NewEvent
from shared.eventstore import EventStore, TamperDetected
from tests.support.databases import empty_database

ACTOR = {"account_id": "a1", "username": "tester", "role": "system_admin", "org_code": "p"}


@pytest.fixture
def store_engine():
    """A database of its own (`CONTRACT_DATABASE_URL`, else SQLite in DATA_DIR), emptied,
    then upgraded with records' migrations (the event store's tables are every
    event-sourced service's): the running services are not disturbed."""
    from services.records.tables import metadata, shared_tables

    engine = db.make_engine(config.database_url("contract"))
    empty_database(engine)
    migrations.upgrade(engine, metadata)
    yield engine, EventStore("contract", shared_tables), shared_tables
    empty_database(engine)
    engine.dispose()


def event(n):
    return NewEvent("Thing", 1, {"n": n, "label": "标签"})


def test_append_gives_dense_positions_and_stream_versions(store_engine):
    engine, store, _ = store_engine
    with engine.begin() as conn:
        store.append(conn, "s-1", 0, [event(1), event(2)], actor=ACTOR)
        store.append(conn, "s-2", 0, [event(3)], actor=ACTOR)
    with engine.connect() as conn:
        envelopes = store.since(conn, 0)
    assert [e["position"] for e in envelopes] == [1, 2, 3]
    assert [(e["stream_id"], e["version"]) for e in envelopes] == [
        ("s-1", 1),
        ("s-1", 2),
        ("s-2", 1),
    ]
    assert envelopes[0]["data"] == {"n": 1, "label": "标签"}
    assert envelopes[0]["metadata"]["actor"] == ACTOR


def test_append_with_a_stale_expected_version_is_refused_and_writes_nothing(store_engine):
    engine, store, _ = store_engine
    with engine.begin() as conn:
        store.append(conn, "s-1", 0, [event(1)], actor=ACTOR)
    with pytest.raises(ConcurrencyConflict), engine.begin() as conn:
        store.append(conn, "s-1", 0, [event(2)], actor=ACTOR)
    with engine.connect() as conn:
        assert [e["data"]["n"] for e in store.since(conn, 0)] == [1]
        assert store.last_position(conn) == 1


def test_a_rolled_back_append_leaves_no_hole_in_the_positions(store_engine):
    engine, store, _ = store_engine
    with pytest.raises(RuntimeError), engine.begin() as conn:
        store.append(conn, "s-1", 0, [event(1)], actor=ACTOR)
        raise RuntimeError("the command failed after appending")
    with engine.begin() as conn:
        store.append(conn, "s-1", 0, [event(2)], actor=ACTOR)
    with engine.connect() as conn:
        assert [(e["position"], e["data"]["n"]) for e in store.since(conn, 0)] == [(1, 2)]


def test_a_rewritten_event_breaks_the_hash_chain(store_engine):
    engine, store, tables = store_engine
    with engine.begin() as conn:
        store.append(conn, "s-1", 0, [event(1), event(2), event(3)], actor=ACTOR)
    with engine.connect() as conn:
        assert store.verify_stream(conn, "s-1") == 3
    with engine.begin() as conn:
        conn.execute(
            tables["events"]
            .update()
            .where(tables["events"].c.version == 2)
            .values(data='{"n": 99, "label": "x"}')
        )
    with engine.connect() as conn, pytest.raises(TamperDetected):
        store.verify_stream(conn, "s-1")


def test_a_batch_append_writes_many_streams_with_their_versions_or_nothing(store_engine):
    engine, store, _ = store_engine
    with engine.begin() as conn:
        store.append(conn, "s-1", 0, [event(1)], actor=ACTOR)
    with engine.begin() as conn:
        store.append_batch(
            conn,
            [("s-1", 1, [event(2), event(3)]), ("s-2", 0, [event(4)]), ("s-3", 0, [])],
            actor=ACTOR,
        )
    with pytest.raises(ConcurrencyConflict) as caught, engine.begin() as conn:
        store.append_batch(conn, [("s-2", 1, [event(5)]), ("s-1", 1, [event(6)])], actor=ACTOR)
    assert "s-1" in str(caught.value)
    with engine.connect() as conn:
        envelopes = store.since(conn, 0)
        assert [
            (e["position"], e["stream_id"], e["version"], e["data"]["n"]) for e in envelopes
        ] == [(1, "s-1", 1, 1), (2, "s-1", 2, 2), (3, "s-1", 3, 3), (4, "s-2", 1, 4)]
        assert store.verify_stream(conn, "s-1") == 3 and store.last_position(conn) == 4
        assert {
            s: [e["version"] for e in es]
            for s, es in store.read_streams(conn, ["s-1", "s-2", "s-9"]).items()
        } == {"s-1": [1, 2, 3], "s-2": [1]}
        assert store.stream_heads(conn, ["s-1", "s-2"]) == {
            "s-1": (3, envelopes[2]["hash"]),
            "s-2": (1, envelopes[3]["hash"]),
        }


def test_concurrent_writers_never_let_a_reader_skip_an_event(store_engine):
    """Writers append to their own streams while a reader follows positions; the
    reader must see every event exactly once, in position order."""
    engine, store, _ = store_engine
    writers, per_writer = 5, 20
    seen = []
    done = []

    def write(w):
        for i in range(per_writer):
            with engine.begin() as conn:
                store.append(conn, f"w-{w}", i, [event(w * 1000 + i)], actor=ACTOR)
            eventlet.sleep(0)
        done.append(w)

    def read():
        position = 0
        while len(done) < writers or position < writers * per_writer:
            with engine.connect() as conn:
                batch = store.since(conn, position, 7)
            for envelope in batch:
                assert envelope["position"] == position + 1
                position = envelope["position"]
                seen.append(envelope["data"]["n"])
            eventlet.sleep(0.001)

    pool = eventlet.GreenPool()
    reader = pool.spawn(read)
    for w in range(writers):
        pool.spawn(write, w)
    with eventlet.Timeout(60):
        reader.wait()
        pool.waitall()
    assert sorted(seen) == sorted(w * 1000 + i for w in range(writers) for i in range(per_writer))
    assert len(seen) == len(set(seen))


def postgres_engine():
    """The PostgreSQL database under test, else the machine's `test` database."""
    url = config.database_url("contract")
    if not url.startswith("postgresql"):
        url = config.normalize_database_url(
            os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
        )
    engine = db.make_engine(url)
    try:
        with engine.connect():
            pass
    except Exception as exc:
        pytest.skip(f"no PostgreSQL server to check the driver against: {exc}")
    return engine


def test_two_slow_postgresql_queries_overlap_under_eventlet():
    """The PostgreSQL driver yields to other green threads while it waits."""
    engine = postgres_engine()
    hub = eventlet.hubs.get_hub()
    started = hub.clock()

    def slow():
        with engine.connect() as conn:
            conn.execute(sa.text("select pg_sleep(1)"))

    pool = eventlet.GreenPool()
    for _ in range(2):
        pool.spawn(slow)
    pool.waitall()
    engine.dispose()
    assert hub.clock() - started < 1.8


def test_the_owner_reads_an_older_event_in_its_current_shape(store_engine):
    """A stored LoginFailed 1 is read through its upcaster by the owner's own reads
    (`read_stream`, `read_streams`, hence every repository) exactly as consumers read it;
    what travels to consumers and what the hash chain covers stay as written."""
    engine, store, _ = store_engine
    typed = "Typed-In-The-Wrong-Field"
    stored = {"account_id": None, "username": typed, "reason": "unknown_username", "failures": 0}
    with engine.begin() as conn:
        store.append(
            conn,
            "login-unknown",
            0,
            [NewEvent("LoginFailed", 1, stored)],
            actor=ACTOR,
            correlation_id=None,
        )
    with engine.connect() as conn:
        [read] = store.read_stream(conn, "login-unknown")
        [many] = store.read_streams(conn, ["login-unknown"])["login-unknown"]
        [wire] = store.since(conn, 0)
        assert store.verify_stream(conn, "login-unknown") == 1
    for envelope in (read, many):
        assert envelope["schema_version"] == 2
        assert envelope["data"]["username"] == ""
        assert typed not in repr(envelope)
    assert wire["schema_version"] == 1 and wire["data"]["username"] == typed
