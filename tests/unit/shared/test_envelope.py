"""The check of a relay message before a consumer applies it: every field with its type,
unknown fields dropped, and a wrong message named field by field."""

import copy

import pytest

from shared.envelope import MalformedMessage, check_batch

COUNT = ["应为不小于 1 的整数 (a whole number of at least 1)"]
OBJECT = ["应为对象 (an object)"]


def envelope(position=1, **changes):
    value = {
        "source": "records",
        "position": position,
        "event_id": f"e-{position}",
        "stream_id": "teacher-t1",
        "version": position,
        "type": "EntryFilled",
        "schema_version": 1,
        "data": {"teacher_id": "t1", "fields": {"ethnicity": "01"}},
        "metadata": {
            "actor": {"account_id": "a1", "username": "u1", "role": "teacher", "org_code": "U1"},
            "correlation_id": "c1",
            "causation_id": None,
        },
        "occurred_at": "2026-12-02T00:00:00.000000+00:00",
        "prev_hash": "0" * 64,
        "hash": "1" * 64,
    }
    value.update(changes)
    return value


def test_a_good_message_passes_whole_and_unknown_fields_are_dropped():
    first, second = envelope(1), envelope(2, extra="from a newer producer")
    second["metadata"]["actor"]["nickname"] = "x"
    checked = check_batch({"source": "records", "events": [first, second], "hop": 1})
    assert checked == {"source": "records", "events": [envelope(1), envelope(2)]}


def test_causation_id_may_be_left_out():
    value = envelope()
    del value["metadata"]["causation_id"]
    [checked] = check_batch({"source": "records", "events": [value]})["events"]
    assert checked["metadata"]["causation_id"] is None


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda e: e.pop("position"), {"position": ["必填 (required)"]}),
        (
            lambda e: e.update(position=0),
            {"position": COUNT},
        ),
        (
            lambda e: e.update(version=True),
            {"version": COUNT},
        ),
        (
            lambda e: e.update(position="7"),
            {"position": COUNT},
        ),
        (lambda e: e.update(schema_version=1.0), {"schema_version": ["应为整数 (a whole number)"]}),
        (lambda e: e.update(data=[1]), {"data": ["应为对象 (an object)"]}),
        (lambda e: e.update(type=None), {"type": ["应为文本 (text)"]}),
        (
            lambda e: e["metadata"].pop("actor"),
            {"metadata": {"actor": ["必填 (required)"]}},
        ),
        (
            lambda e: e["metadata"]["actor"].update(role=3),
            {"metadata": {"actor": {"role": ["应为文本 (text)"]}}},
        ),
        (
            lambda e: e["metadata"].update(correlation_id=None),
            {"metadata": {"correlation_id": ["应为文本 (text)"]}},
        ),
    ],
)
def test_a_wrong_field_is_named_with_the_events_index(change, where):
    wrong = copy.deepcopy(envelope(2))
    change(wrong)
    with pytest.raises(MalformedMessage) as refused:
        check_batch({"source": "records", "events": [envelope(1), wrong]})
    assert refused.value.messages == {"events": {1: where}}


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ([], {"_schema": OBJECT}),
        ({"events": []}, {"source": ["必填 (required)"]}),
        ({"source": "records"}, {"events": ["必填 (required)"]}),
        ({"source": "records", "events": {}}, {"events": ["应为列表 (a list)"]}),
        (
            {"source": "records", "events": ["x"]},
            {"events": {0: {"_schema": OBJECT}}},
        ),
    ],
)
def test_a_message_of_the_wrong_shape_is_named(body, messages):
    with pytest.raises(MalformedMessage) as refused:
        check_batch(body)
    assert refused.value.messages == messages
