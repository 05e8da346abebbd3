"""What a subscription says about itself, what the health check makes of every service's
status, and the parked-events command's table (no broker, no database)."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from deploy import parked as parked_command
from services.gateway import health
from shared import consumer

pytestmark = pytest.mark.unit

T0 = 1_800_000_000.0


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


# lag_status ------------------------------------------------------------------
def test_a_subscription_caught_up_with_what_it_knows_has_no_lag():
    state = consumer.lag_status(
        7, iso(T0 - 3600), known_head=7, behind_since=None, heard_at=T0 - 2, parked=0, now=T0
    )
    assert state == {
        "checkpoint": 7,
        "head": 7,
        "lag": 0,
        "behind_for": 0.0,
        "silent_for": 2.0,
        "parked": 0,
    }


def test_the_head_is_never_below_the_checkpoint():
    state = consumer.lag_status(
        9, None, known_head=4, behind_since=None, heard_at=T0, parked=1, now=T0
    )
    assert (state["head"], state["lag"], state["parked"]) == (9, 0, 1)


def test_a_lag_counts_from_when_the_consumer_knew_of_it_not_from_an_old_checkpoint():
    # idle for an hour, then an event arrived a moment ago
    state = consumer.lag_status(
        7, iso(T0 - 3600), known_head=8, behind_since=T0 - 0.5, heard_at=T0 - 0.5, parked=0, now=T0
    )
    assert (state["lag"], state["behind_for"]) == (1, 0.5)


def test_a_lag_that_makes_progress_is_measured_from_the_last_move_of_the_checkpoint():
    state = consumer.lag_status(
        500, iso(T0 - 1), known_head=5000, behind_since=T0 - 120, heard_at=T0, parked=0, now=T0
    )
    assert (state["lag"], state["behind_for"]) == (4500, 1.0)


def test_a_stuck_lag_grows_its_behind_for():
    state = consumer.lag_status(
        10, iso(T0 - 300), known_head=12, behind_since=T0 - 90, heard_at=T0 - 1, parked=0, now=T0
    )
    assert (state["lag"], state["behind_for"]) == (2, 90.0)


# what a Subscription tracks ---------------------------------------------------
@pytest.fixture
def subscription():
    tables = consumer.define_tables(sa.MetaData())
    return consumer.Subscription("reporting", "records", {}, None, tables, None, None)


def test_a_subscription_is_behind_from_hearing_of_an_event_until_its_checkpoint_reaches_it(
    subscription, monkeypatch
):
    clock = [T0]
    monkeypatch.setattr(consumer.time, "time", lambda: clock[0])
    subscription._saw_checkpoint(3)  # as reading its position does
    subscription._heard(5)
    clock[0] += 40
    state = subscription.status(3, iso(T0 - 600), parked=0)
    assert (state["head"], state["lag"], state["behind_for"]) == (5, 2, 40.0)
    subscription._saw_checkpoint(5)
    assert subscription.status(5, iso(clock[0]), parked=0)["behind_for"] == 0.0


def test_another_instance_applying_the_events_clears_the_lag_this_one_saw(
    subscription, monkeypatch
):
    clock = [T0]
    monkeypatch.setattr(consumer.time, "time", lambda: clock[0])
    subscription._heard(5)
    clock[0] += 3600
    assert subscription.status(5, iso(T0 + 1), parked=0)["lag"] == 0
    subscription._heard(6)  # much later, a new event
    clock[0] += 0.2
    assert subscription.status(5, iso(T0 + 1), parked=0)["behind_for"] == 0.2


# the health answer ---------------------------------------------------------------
def answer(name, head=None, subscriptions=None, relay=None, parked=0):
    a = {"service": name, "subscriptions": subscriptions or {}, "parked": parked}
    if head is not None:
        a.update(
            head=head, relay=relay or {"checkpoint": head, "unpublished": 0, "waiting_for": 0.0}
        )
    return a


def sub(checkpoint, head=None, behind_for=0.0, silent_for=1.0, parked=0):
    head = checkpoint if head is None else head
    return {
        "checkpoint": checkpoint,
        "head": head,
        "lag": head - checkpoint,
        "behind_for": behind_for,
        "silent_for": silent_for,
        "parked": parked,
    }


def system(**reporting_subs):
    return {
        "accounts": answer("accounts", head=10),
        "records": answer("records", head=50),
        "reporting": answer("reporting", subscriptions=reporting_subs),
    }


def test_every_service_answering_with_nothing_behind_is_ok():
    result = health.assess(system(accounts=sub(10), records=sub(50)))
    assert (result["status"], result["problems"]) == ("ok", [])
    assert health.http_status(result) == 200


def test_parked_events_make_it_degraded_naming_service_source_and_count():
    result = health.assess(system(accounts=sub(10), records=sub(50, parked=2)))
    assert result["status"] == "degraded" and health.http_status(result) == 200
    assert result["problems"] == ["reporting: 2 parked events from records"]
    assert result["services"]["reporting"]["status"] == "degraded"
    assert result["services"]["records"]["status"] == "ok"


def test_the_lag_is_taken_against_the_sources_own_head():
    # reporting believes it is caught up at 40; records says its head is 50
    result = health.assess(
        system(accounts=sub(10), records=sub(40, behind_for=0.0)), stall_seconds=30
    )
    records = result["services"]["reporting"]["subscriptions"]["records"]
    assert (records["head"], records["lag"]) == (50, 10)
    assert result["status"] == "ok"  # not for long: nothing stands yet


def test_a_lag_that_stands_or_grows_large_or_a_silent_source_is_named():
    stuck = health.assess(
        system(accounts=sub(10), records=sub(40, 50, behind_for=45)), stall_seconds=30
    )
    assert stuck["problems"] == ["reporting: 10 events behind records for 45 s"]
    large = health.assess(system(accounts=sub(10), records=sub(40)), max_lag=10)
    assert large["problems"] == ["reporting: 10 events behind records"]
    silent = health.assess(
        system(accounts=sub(10), records=sub(40, silent_for=60)), stall_seconds=30
    )
    assert silent["problems"] == [
        "reporting: 10 events behind records, which it has not heard from for 60 s"
    ]


def test_a_relay_that_does_not_publish_is_named():
    answers = system(accounts=sub(10), records=sub(50))
    answers["records"]["relay"] = {"checkpoint": 45, "unpublished": 5, "waiting_for": 31.0}
    assert health.assess(answers, stall_seconds=30)["problems"] == [
        "records: 5 events not published for 31 s"
    ]


def test_a_service_that_does_not_answer_is_503_even_when_another_is_degraded():
    answers = system(accounts=sub(10), records=sub(50, parked=1))
    answers["accounts"] = None
    result = health.assess(answers)
    assert result["status"] == "unavailable" and health.http_status(result) == 503
    assert result["problems"] == [
        "accounts: does not answer",
        "reporting: 1 parked event from records",
    ]


# the command's table ------------------------------------------------------------
def test_the_parked_table_aligns_wide_characters_and_shortens_long_errors():
    rows = [
        {"id": 1, "source": "records", "error": "ValueError: 无法应用 " + "x" * 100},
        {"id": 12, "source": "audit", "error": None},
    ]
    lines = parked_command.table(rows, ("id", "source", "error")).splitlines()
    assert lines[0].split() == ["id", "source", "error"]
    assert lines[2].startswith("1   records  ValueError: 无法应用 ")
    assert lines[2].endswith("…") and parked_command.width(lines[2].split("  ")[-1]) <= 60
    assert lines[3].rstrip() == "12  audit"


def test_the_command_needs_ids_or_a_source_to_replay():
    args = parked_command.parse(["replay", "--service", "reporting", "--id", "3", "4"])
    assert (args.service, args.ids, args.source) == ("reporting", [3, 4], None)
    args = parked_command.parse(["replay", "--service", "records", "--source", "audit"])
    assert (args.ids, args.source) == (None, "audit")
    with pytest.raises(SystemExit):
        parked_command.parse(["replay", "--service", "records"])
    with pytest.raises(SystemExit):
        parked_command.parse(["replay", "--service", "records", "--id", "1", "--source", "x"])
    assert parked_command.parse(["list"]).state == "parked"


class FakeRpc:
    def __init__(self, **services):
        for name, service in services.items():
            setattr(self, name, service)


class FakeService:
    def __init__(self, rows=None, results=None):
        self.rows, self.results, self.calls = rows or [], results or [], []

    def parked_events(self, state):
        self.calls.append(state)
        return self.rows

    def replay_parked(self, ids, source):
        self.calls.append((ids, source))
        return self.results


def test_listing_asks_each_service_and_replay_exits_1_when_one_failed(capsys):
    row = {
        "id": 3,
        "source": "records",
        "position": 17,
        "event_type": "EntryFilled",
        "event_id": "e",
        "attempts": 3,
        "state": "parked",
        "parked_at": "t",
        "last_failed_at": "t",
        "error": "ValueError: boom",
    }
    reporting, records = FakeService(rows=[row]), FakeService()
    assert (
        parked_command.list_parked(
            FakeRpc(reporting=reporting, records=records), ["records", "reporting"], "parked"
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "reporting  3   records" in out and "ValueError: boom" in out
    assert reporting.calls == records.calls == ["parked"]

    failing = FakeService(
        results=[{**row, "outcome": "failed"}, {**row, "id": 4, "outcome": "applied"}]
    )
    assert parked_command.replay(FakeRpc(reporting=failing), "reporting", [3, 4], None) == 1
    assert failing.calls == [([3, 4], None)]
    assert "1 applied, 1 failed" in capsys.readouterr().out
