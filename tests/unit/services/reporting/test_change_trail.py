"""Change requests in reporting's audit trail: every step with its actor, reason, level
and request id, in time order across the records and audit logs (in-memory SQLite)."""

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from services.reporting import tables, wiring
from services.reporting.queries import trail
from shared import migrations
from shared.caller import Caller

pytestmark = pytest.mark.unit

PATH = ["province", "S1", "U1"]
FILER = {"account_id": "a-m", "username": "m1", "role": "info_manager", "org_code": "U1"}
SCHOOL = {"account_id": "a-s", "username": "s1", "role": "info_manager", "org_code": "S1"}
PROVINCE = {"account_id": "a-p", "username": "p1", "role": "info_manager", "org_code": "province"}
READER = Caller("a-s", "s1", "info_manager", "S1", ("province", "S1"))
IDS = {"teacher_id": "T1", "change_id": "c1", "set": "education", "entry_id": "e1"}


class Uow:
    def __init__(self, conn):
        self.conn = conn


def envelope(source, position, event_type, data, at, actor):
    return {
        "source": source,
        "position": position,
        "event_id": f"{source}-{position}",
        "stream_id": "s",
        "version": position,
        "type": event_type,
        "schema_version": 1,
        "data": data,
        "metadata": {"actor": actor, "correlation_id": "c"},
        "occurred_at": at,
        "prev_hash": "0" * 64,
        "hash": "0" * 64,
    }


def trail_of(events):
    engine = sa.create_engine("sqlite://", poolclass=StaticPool)
    migrations.upgrade(engine, tables.metadata)
    for e in events:
        for handler in wiring.SUBSCRIPTIONS[e["source"]].get(e["type"], []):
            with engine.begin() as conn:
                handler(Uow(conn), e)
                handler(Uow(conn), e)  # a redelivery is a no-op
    with engine.connect() as conn:
        return trail.trail(conn, READER, "T1")["items"]


def opened():
    return [
        envelope(
            "accounts",
            1,
            "OrgCreated",
            {"code": "U1", "name": "学院", "level": "unit", "path": PATH, "parent_code": "S1"},
            "2026-11-01T00:00:00+00:00",
            FILER,
        ),
        envelope(
            "records",
            1,
            "RecordOpened",
            {
                "teacher_id": "T1",
                "account_id": "a-t",
                "teacher_no": "T000000001",
                "name": "张三",
                "unit_code": "U1",
                "unit_path": PATH,
                "basic_entry_id": "b1",
                "basic_fields": {},
            },
            "2026-11-01T00:00:01+00:00",
            FILER,
        ),
        envelope(
            "records",
            2,
            "ChangeRequested",
            {**IDS, "reason": "日期有误"},
            "2026-11-02T00:00:00+00:00",
            FILER,
        ),
    ]


def test_an_applied_change_shows_each_step_in_time_order_with_actor_and_level():
    items = trail_of(
        [
            *opened(),
            envelope(
                "audit",
                7,
                "ChangeRequestSchoolApproved",
                {**IDS, "reason": None},
                "2026-11-03T00:00:00+00:00",
                SCHOOL,
            ),
            envelope(
                "audit",
                8,
                "ChangeRequestProvinceApproved",
                {**IDS, "reason": "同意"},
                "2026-11-04T00:00:00+00:00",
                PROVINCE,
            ),
            envelope(
                "records",
                3,
                "EntryChanged",
                {**IDS, "reason": "日期有误"},
                "2026-11-04T00:00:01+00:00",
                PROVINCE,
            ),
        ]
    )
    changes = [i for i in items if i["event"].startswith("change_")]
    assert [(i["event"], i["actor"]["username"], i.get("level")) for i in changes] == [
        ("change_requested", "m1", None),
        ("change_school_approved", "s1", "school"),
        ("change_province_approved", "p1", "province"),
        ("change_applied", "p1", None),
    ]
    assert {i["change_id"] for i in changes} == {"c1"}
    assert changes[0]["reason"] == "日期有误" and changes[2]["decision"] == "approve"
    assert items[0]["event"] == "opened" and "change_id" not in items[0]


def test_a_rejection_names_its_level_and_reason():
    items = trail_of(
        [
            *opened(),
            envelope(
                "audit",
                7,
                "ChangeRequestRejected",
                {**IDS, "level": "school", "reason": "证据不足"},
                "2026-11-03T00:00:00+00:00",
                SCHOOL,
            ),
        ]
    )
    rejected = items[-1]
    assert (rejected["event"], rejected["level"], rejected["reason"], rejected["decision"]) == (
        "change_rejected",
        "school",
        "证据不足",
        "reject",
    )


def test_a_stale_request_shows_why_it_was_not_applied():
    items = trail_of(
        [
            *opened(),
            envelope(
                "records",
                3,
                "ChangeNotApplied",
                {**IDS, "reason": "条目在申请后已被修改"},
                "2026-11-05T00:00:00+00:00",
                PROVINCE,
            ),
        ]
    )
    assert (items[-1]["event"], items[-1]["reason"]) == (
        "change_not_applied",
        "条目在申请后已被修改",
    )
