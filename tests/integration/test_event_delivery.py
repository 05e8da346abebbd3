"""Delivery guarantees on the real broker: redelivery, relay crashes, rebuilds."""

import json
import uuid
from datetime import UTC, datetime

import kombu
import pytest
from conftest import engine, storage_of
from helpers import School, wait_until

from services.reporting import tables as reporting_tables
from shared import migrations
from shared.outbox import exchange_for

THIS_MONTH = datetime.now(UTC).strftime("%Y-%m")


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


def approved_teacher(api, school):
    teacher_id, teacher = school.teacher(school.manager1, school.unit1)
    school.fill_and_submit(teacher_id, teacher)

    def task():
        items = api.get("/api/v1/reviews", school.manager1).json()["items"]
        return next((t for t in items if t["teacher_id"] == teacher_id), None)

    task_id = wait_until(task, message="task")["task_id"]
    response = api.post(
        f"/api/v1/reviews/{task_id}/decision", school.manager1, json={"decision": "approve"}
    )
    assert response.status_code == 200, response.text
    wait_until(
        lambda: any(i["event"] == "approved" for i in trail(api, school, teacher_id)),
        message="approval in the trail",
    )
    return teacher_id, teacher


def trail(api, school, teacher_id):
    response = api.get(f"/api/v1/teachers/{teacher_id}/trail", school.school_manager)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def report(api, school):
    response = api.get(
        f"/api/v1/reports/monthly?org_code={school.code}&month={THIS_MONTH}", school.school_manager
    )
    assert response.status_code == 200, response.text
    return response.json()


def publish(amqp_uri, source, events):
    with kombu.Connection(amqp_uri) as connection:
        producer = connection.Producer()
        producer.publish(
            {"source": source, "events": events},
            exchange=exchange_for(source),
            routing_key=f"{source}.log",
            serializer="json",
            declare=[exchange_for(source)],
        )


def test_redelivered_and_replayed_events_leave_the_projections_unchanged(
    system, school, rpc, amqp_uri
):
    api = system
    teacher_id, _ = approved_teacher(api, school)
    before_trail, before_report = trail(api, school, teacher_id), report(api, school)

    events = rpc.records.events_since(0, 1000)
    publish(amqp_uri, "records", events)  # everything again, in order
    publish(amqp_uri, "records", list(reversed(events)))  # and again, backwards
    # a fresh fact after the duplicates: once it shows, the duplicates were handled
    marker_id, marker = school.teacher(school.manager2, school.unit2)
    response = api.put(
        f"/api/v1/teachers/{marker_id}/sets/basic_info", marker, json={"former_name": "marker"}
    )
    assert response.status_code == 200
    wait_until(
        lambda: any(i["event"] == "filled" for i in trail(api, school, marker_id)),
        message="the fresh fact",
    )

    assert trail(api, school, teacher_id) == before_trail
    after = report(api, school)
    row = lambda rep, unit: next(r for r in rep["rows"] if r["unit_code"] == unit)  # noqa: E731
    assert row(after, school.unit1) == row(before_report, school.unit1)


def test_a_relay_crash_between_commit_and_publish_loses_nothing(system, school, amqp_uri):
    api = system
    relay = storage_of(api, "records").relay
    with kombu.Connection(amqp_uri) as connection:
        queue = kombu.Queue(
            f"test.records.{uuid.uuid4().hex[:6]}",
            exchange=exchange_for("records"),
            routing_key="#",
            auto_delete=False,
            durable=False,
        )
        queue(connection.default_channel).declare()
        original = relay.publish

        def crash_before_publishing(events):
            raise ConnectionError("the relay died before publishing")

        relay.publish = crash_before_publishing
        try:
            teacher_id, teacher = school.teacher(school.manager1, school.unit1)
            checkpoint = relay.checkpoint()
            response = api.put(
                f"/api/v1/teachers/{teacher_id}/sets/basic_info",
                teacher,
                json={"former_name": "曾用名"},
            )
            assert response.status_code == 200  # committed
            wait_until(lambda: relay.pending(), message="pending events")
            assert relay.checkpoint() == checkpoint  # nothing published, nothing skipped
        finally:
            relay.publish = original
        wait_until(lambda: relay.checkpoint() > checkpoint, message="relay recovering")

        seen = []

        def received():
            message = queue(connection.default_channel).get(no_ack=True)
            while message is not None:
                seen.extend(
                    e
                    for e in json.loads(message.body)["events"]
                    if e["stream_id"] == f"teacher-{teacher_id}"
                )
                message = queue(connection.default_channel).get(no_ack=True)
            return any(e["type"] == "EntryFilled" for e in seen)

        wait_until(received, message="the event on the broker")
        queue(connection.default_channel).delete()


def test_a_relay_crash_after_publishing_sends_again_and_consumers_ignore_it(system, school):
    api = system
    relay = storage_of(api, "records").relay
    original = relay.publish
    crashes = []

    def crash_after_publishing(events):
        original(events)
        if not crashes:
            crashes.append(len(events))
            raise ConnectionError("the relay died before moving its checkpoint")

    relay.publish = crash_after_publishing
    try:
        teacher_id, teacher = school.teacher(school.manager1, school.unit1)
        response = api.put(
            f"/api/v1/teachers/{teacher_id}/sets/basic_info", teacher, json={"former_name": "两次"}
        )
        assert response.status_code == 200
        wait_until(lambda: crashes and not relay.pending(), message="relay published twice")
    finally:
        relay.publish = original
    filled = wait_until(
        lambda: [i for i in trail(api, school, teacher_id) if i["event"] == "filled"],
        message="the fill in the trail",
    )
    assert len(filled) == 1


def test_rebuilding_reporting_from_zero_gives_the_same_answers(system, school, rpc):
    api = system
    teacher_id, _ = approved_teacher(api, school)
    before_report, before_trail = report(api, school), trail(api, school, teacher_id)
    result = rpc.reporting.rebuild()
    assert result
    assert report(api, school) == before_report
    assert trail(api, school, teacher_id) == before_trail
    # it emptied the projection tables and kept them: the schema is still the migrations'
    with engine("reporting").connect() as conn:
        assert migrations.current(conn) == migrations.head(reporting_tables.metadata)
        assert migrations.differences(conn, reporting_tables.metadata) == []


def test_a_malformed_message_is_dropped_and_the_stream_goes_on(system, school, amqp_uri):
    api = system
    publish(amqp_uri, "records", [{"position": "not a number", "type": "EntryFilled"}])
    teacher_id, teacher = school.teacher(school.manager1, school.unit1)
    response = api.put(
        f"/api/v1/teachers/{teacher_id}/sets/basic_info", teacher, json={"former_name": "之后"}
    )
    assert response.status_code == 200
    wait_until(
        lambda: any(i["event"] == "filled" for i in trail(api, school, teacher_id)),
        message="the fact after the malformed message",
    )
