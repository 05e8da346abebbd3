"""The idempotent, ordered consumer on a real database."""

import eventlet
import pytest
import sqlalchemy as sa

from shared import config, db, migrations
from shared.consumer import Subscription, status
from tests.support.databases import empty_database

ACTOR = {"account_id": "a", "username": "u", "role": "teacher", "org_code": "x"}


def envelope(position, kind="Thing"):
    return {
        "source": "records",
        "position": position,
        "event_id": f"ev-{position}",
        "stream_id": "s",
        "version": position,
        "type": kind,
        "schema_version": 1,
        "data": {"n": position},
        "metadata": {"actor": ACTOR, "correlation_id": "c"},
        "occurred_at": "2026-11-28T00:00:00+00:00",
        "prev_hash": "0",
        "hash": "0",
    }


@pytest.fixture
def database():
    """The contract database with reporting's migrations (its checkpoints and parked
    events are the consumer's tables), and a table of this test's for the effects."""
    from services.reporting.tables import metadata, shared_tables

    probe = sa.MetaData()
    applied = sa.Table("applied", probe, sa.Column("n", sa.Integer, primary_key=True))
    engine = db.make_engine(config.database_url("contract"))
    empty_database(engine)
    migrations.upgrade(engine, metadata)
    probe.create_all(engine)
    yield engine, shared_tables, applied
    empty_database(engine)
    engine.dispose()


class Source:
    """Stands in for the source service's `events_since` RPC."""

    def __init__(self, count):
        self.log = [envelope(p) for p in range(1, count + 1)]
        self.fetches = []

    def fetch(self, source, position, limit):
        self.fetches.append(position)
        return [e for e in self.log if e["position"] > position][:limit]


def subscription(database, source, handler=None, consumer="reporting"):
    engine, tables, applied = database

    class Uow:
        def __init__(self, conn, _envelope):
            self.conn = conn

    def record(uow, env):
        uow.conn.execute(applied.insert().values(n=env["data"]["n"]))

    return Subscription(
        consumer,
        "records",
        {"Thing": [handler or record]},
        engine,
        tables,
        Uow,
        source.fetch,
        retries=2,
        backoff=0.01,
        page_size=3,
    )


def applied_numbers(database):
    engine, _, applied = database
    with engine.connect() as conn:
        return [r.n for r in conn.execute(sa.select(applied.c.n).order_by(applied.c.n))]


def test_events_apply_once_in_order_and_redelivery_is_a_no_op(database):
    source = Source(5)
    sub = subscription(database, source)
    assert sub.receive(source.log[:3]) == 3
    assert sub.receive(source.log[:3]) == 0
    assert sub.receive(list(reversed(source.log))) == 2
    assert applied_numbers(database) == [1, 2, 3, 4, 5]
    assert sub.position() == 5 and source.fetches == []


def test_a_gap_is_filled_from_the_source_before_going_on(database):
    source = Source(8)
    sub = subscription(database, source)
    sub.receive(source.log[:2])
    assert sub.receive(source.log[6:8]) == 6  # 3..6 were never delivered
    assert applied_numbers(database) == list(range(1, 9))
    assert source.fetches[0] == 2


def test_catching_up_from_zero_pages_through_the_source(database):
    source = Source(10)
    sub = subscription(database, source)
    assert sub.catch_up() == 10
    assert applied_numbers(database) == list(range(1, 11))
    assert sub.catch_up() == 0


def test_a_failing_event_is_retried_then_parked_and_the_stream_goes_on(database):
    engine, tables, applied = database
    source = Source(4)
    attempts = []

    def handler(uow, env):
        if env["position"] == 2:
            attempts.append(2)
            raise ValueError("cannot apply this one")
        uow.conn.execute(applied.insert().values(n=env["data"]["n"]))

    sub = subscription(database, source, handler)
    sub.receive(source.log)
    assert applied_numbers(database) == [1, 3, 4]
    assert len(attempts) >= 2
    with engine.connect() as conn:
        parked = conn.execute(sa.select(tables["parked"])).all()
    assert [(p.position, p.event_type) for p in parked] == [(2, "Thing")]
    assert "cannot apply this one" in parked[0].error


def test_two_instances_of_a_consumer_apply_each_event_once(database):
    source = Source(6)
    first, second = subscription(database, source), subscription(database, source)
    first.receive(source.log[:4])
    assert second.receive(source.log[:4]) == 0
    second.receive(source.log)
    first.receive(source.log)
    assert applied_numbers(database) == [1, 2, 3, 4, 5, 6]


# parked events: status, replay, rebuild ---------------------------------------------
def poisoned(database, bad):
    """A handler that fails for the positions in `bad` (a set the test changes)."""
    _, _, applied = database

    def handler(uow, env):
        if env["position"] in bad:
            raise ValueError(f"cannot apply #{env['position']}")
        uow.conn.execute(applied.insert().values(n=env["data"]["n"]))

    return handler


def parked_rows(database):
    engine, tables, _ = database
    with engine.connect() as conn:
        return conn.execute(sa.select(tables["parked"]).order_by(tables["parked"].c.id)).all()


def test_a_parked_event_is_replayed_once_after_the_fix_and_its_row_says_so(database):
    engine, tables, _ = database
    source, bad = Source(4), {2}
    sub = subscription(database, source, poisoned(database, bad))
    sub.receive(source.log)
    [row] = parked_rows(database)
    assert (row.state, row.attempts, row.replayed_at) == ("parked", 2, None)
    with engine.connect() as conn:
        [state] = status(conn, tables, "reporting", {"records": sub})["subscriptions"].values()
    assert (state["checkpoint"], state["head"], state["lag"], state["parked"]) == (4, 4, 0, 1)

    # replayed while still broken: stays parked, with the new error and one attempt more
    [failed] = sub.replay([row.id])
    assert (failed["outcome"], failed["state"], failed["attempts"]) == ("failed", "parked", 3)
    assert "cannot apply #2" in failed["error"]

    bad.clear()  # the fix
    [done] = sub.replay()
    assert (done["outcome"], done["state"], done["position"]) == ("applied", "replayed", 2)
    assert applied_numbers(database) == [1, 2, 3, 4]
    [row] = parked_rows(database)
    assert (row.state, row.outcome) == ("replayed", "applied") and row.replayed_at
    assert sub.replay() == []  # nothing parked any more
    [again] = sub.replay([row.id])  # and by id: a no-op
    assert (again["outcome"], again["state"]) == ("skipped", "replayed")
    assert applied_numbers(database) == [1, 2, 3, 4]
    assert sub.position() == 4


def test_two_instances_replaying_the_same_parked_event_apply_it_once(database):
    engine, _, _ = database
    source, bad = Source(3), {2}
    handler = poisoned(database, bad)
    postgres = engine.dialect.name == "postgresql"

    def slow(uow, env):
        # on PostgreSQL the two transactions overlap (the driver yields) and the row lock
        # decides; SQLite's write lock runs them one after the other
        if postgres:
            eventlet.sleep(0.2)
        handler(uow, env)

    first = subscription(database, source, slow)
    second = subscription(database, source, slow)
    first.receive(source.log)
    bad.clear()
    [row] = parked_rows(database)
    pool = eventlet.GreenPool()
    answers = list(pool.imap(lambda s: s.replay([row.id]), [first, second]))
    assert sorted(a[0]["outcome"] for a in answers) == ["applied", "skipped"]
    assert applied_numbers(database) == [1, 2, 3]


def test_a_rebuild_keeps_parked_rows_and_parking_again_updates_the_same_row(database):
    engine, _, applied = database
    source, bad = Source(4), {2, 3}
    sub = subscription(database, source, poisoned(database, bad))
    sub.receive(source.log)
    bad.discard(2)
    sub.replay(None)  # 2 applied; 3 still parked, 3 attempts
    before = {r.position: r for r in parked_rows(database)}
    assert {p: r.state for p, r in before.items()} == {2: "replayed", 3: "parked"}

    def rebuild():
        with engine.begin() as conn:
            conn.execute(applied.delete())
            sub.reset(conn)
        sub.catch_up()

    rebuild()  # 3 fails again: parked on its old row
    after = {r.position: r for r in parked_rows(database)}
    assert len(parked_rows(database)) == 2
    assert after[3].id == before[3].id and after[3].state == "parked"
    assert after[3].attempts == before[3].attempts + 2
    assert after[2].state == "replayed" and after[2].replayed_at == before[2].replayed_at
    assert applied_numbers(database) == [1, 2, 4]

    bad.clear()
    rebuild()  # the rebuild applies 3 itself
    rows = parked_rows(database)
    assert [(r.position, r.state) for r in rows] == [(2, "replayed"), (3, "superseded")]
    assert applied_numbers(database) == [1, 2, 3, 4]
    [skipped] = sub.replay([rows[1].id])
    assert skipped["outcome"] == "skipped" and applied_numbers(database) == [1, 2, 3, 4]
