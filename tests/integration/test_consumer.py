"""The idempotent, ordered consumer on a real database."""
import pytest
import sqlalchemy as sa

from shared import config, db
from shared.consumer import Subscription, define_tables

ACTOR = {"account_id": "a", "username": "u", "role": "teacher", "org_code": "x"}


def envelope(position, kind="Thing"):
    return {"source": "records", "position": position, "event_id": f"ev-{position}",
            "stream_id": "s", "version": position, "type": kind, "schema_version": 1,
            "data": {"n": position}, "metadata": {"actor": ACTOR, "correlation_id": "c"},
            "occurred_at": "2026-11-28T00:00:00+00:00", "prev_hash": "0", "hash": "0"}


@pytest.fixture
def database():
    metadata = sa.MetaData()
    tables = define_tables(metadata)
    applied = sa.Table("applied", metadata, sa.Column("n", sa.Integer, primary_key=True))
    engine = db.make_engine(config.database_url("contract"))
    metadata.drop_all(engine)
    metadata.create_all(engine)
    yield engine, tables, applied
    metadata.drop_all(engine)
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
    return Subscription(consumer, "records", {"Thing": handler or record}, engine, tables,
                        Uow, source.fetch, retries=2, backoff=0.01, page_size=3)


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
    assert sub.receive(source.log[6:8]) == 6          # 3..6 were never delivered
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
