"""A poison event on the real system: reporting's handler fails for one event, which is
parked while the stream goes on; health says degraded and names it; after the fix a
replay applies it exactly once; a rebuild keeps the parked row's history."""

import uuid

import pytest
from conftest import storage_of
from helpers import School, wait_until


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


class Poison:
    """Makes reporting's EntryFilled handler fail for entries whose former_name is the
    marker, as a bug would, until `fix()`."""

    def __init__(self, api):
        self.subscription = storage_of(api, "reporting").subscriptions["records"]
        self.original = self.subscription.handlers
        self.marker = f"poison-{uuid.uuid4().hex[:6]}"

        def failing(uow, envelope):
            if envelope["data"]["fields"].get("former_name") == self.marker:
                raise RuntimeError("the trail cannot take this entry")

        # first in the list: the event's transaction fails before any projection writes
        self.subscription.handlers = {
            **self.original,
            "EntryFilled": [failing, *self.original["EntryFilled"]],
        }

    def fix(self):
        self.subscription.handlers = self.original


@pytest.fixture
def poison(system):
    poison = Poison(system)
    yield poison
    poison.fix()


def trail(api, school, teacher_id):
    response = api.get(f"/api/v1/teachers/{teacher_id}/trail", school.school_manager)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def filled(api, school, teacher_id):
    return [i for i in trail(api, school, teacher_id) if i["event"] == "filled"]


def health(api):
    response = api.get("/api/health")
    assert response.status_code == 200, response.text
    return response.json()


def fill_poisoned(api, school, poison, rpc):
    """A teacher whose basic_info fill reporting cannot apply; returns (teacher, parked row)."""
    teacher_id, token = school.teacher(school.manager1, school.unit1)
    response = api.put(
        f"/api/v1/teachers/{teacher_id}/sets/basic_info", token, json={"former_name": poison.marker}
    )
    assert response.status_code == 200, response.text

    def parked():
        for row in rpc.reporting.parked_events(source="records"):
            [event] = rpc.records.events_since(row["position"] - 1, 1)
            if event["data"]["fields"].get("former_name") == poison.marker:
                return row

    return teacher_id, wait_until(parked, message="the poison event parked")


def parked_row(rpc, row_id):
    return next(r for r in rpc.reporting.parked_events(state="all") if r["id"] == row_id)


def test_a_poison_event_is_parked_shown_by_health_and_replayed_once_after_the_fix(
    system, school, rpc, poison
):
    api = system
    teacher_id, row = fill_poisoned(api, school, poison, rpc)
    assert (row["event_type"], row["state"], row["source"]) == ("EntryFilled", "parked", "records")
    assert row["attempts"] >= 1 and "the trail cannot take this entry" in row["error"]
    assert row["parked_at"] and row["event_id"]

    # the stream went on: a later fact of another teacher reaches the trail
    other_id, other = school.teacher(school.manager2, school.unit2)
    response = api.put(
        f"/api/v1/teachers/{other_id}/sets/basic_info", other, json={"former_name": "之后"}
    )
    assert response.status_code == 200
    wait_until(lambda: filled(api, school, other_id), message="the fact after the poison")
    assert filled(api, school, teacher_id) == []

    answer = health(api)
    assert answer["status"] == "degraded"
    assert "reporting: 1 parked event from records" in answer["problems"]
    reporting = answer["services"]["reporting"]
    assert reporting["status"] == "degraded" and reporting["parked"] == 1
    assert reporting["subscriptions"]["records"]["parked"] == 1
    assert answer["services"]["records"]["status"] == "ok"
    assert {"head", "relay"} <= set(answer["services"]["records"])

    poison.fix()
    [replayed] = rpc.reporting.replay_parked(ids=[row["id"]])
    assert (replayed["outcome"], replayed["state"]) == ("applied", "replayed")
    assert len(filled(api, school, teacher_id)) == 1  # at once: same transaction
    stored = parked_row(rpc, row["id"])
    assert (stored["state"], stored["outcome"]) == ("replayed", "applied")
    assert stored["replayed_at"] and stored["parked_at"] == row["parked_at"]
    assert health(api)["status"] == "ok"

    [again] = rpc.reporting.replay_parked(ids=[row["id"]])
    assert again["outcome"] == "skipped"
    assert rpc.reporting.replay_parked(source="records") == []
    assert len(filled(api, school, teacher_id)) == 1

    rpc.reporting.rebuild()  # history stays
    assert parked_row(rpc, row["id"]) == stored
    assert len(filled(api, school, teacher_id)) == 1


def test_a_rebuild_while_broken_parks_the_event_again_on_the_same_row(system, school, rpc, poison):
    api = system
    teacher_id, row = fill_poisoned(api, school, poison, rpc)
    rpc.reporting.rebuild()
    same = [r for r in rpc.reporting.parked_events(state="all") if r["event_id"] == row["event_id"]]
    assert [(r["id"], r["state"]) for r in same] == [(row["id"], "parked")]
    assert same[0]["attempts"] > row["attempts"]
    assert same[0]["parked_at"] == row["parked_at"]
    assert health(api)["status"] == "degraded"

    poison.fix()
    answers = rpc.reporting.replay_parked(source="records")
    assert [(a["id"], a["outcome"]) for a in answers] == [(row["id"], "applied")]
    assert len(filled(api, school, teacher_id)) == 1
    assert health(api)["status"] == "ok"
