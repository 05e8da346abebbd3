"""Reporting's side of the business modules, fed with hand-made envelopes into an
in-memory SQLite database: the monthly report follows transfers and leavers by
their dates and flags each module's use; training totals count effective entries."""

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from services.reporting import tables, wiring
from services.reporting.queries import monthly, rotation, trail, training
from shared import migrations
from shared.caller import Caller

pytestmark = pytest.mark.unit

ADMIN = {"account_id": "a0", "username": "admin", "role": "system_admin", "org_code": "province"}
MANAGER = {"account_id": "a1", "username": "sm", "role": "info_manager", "org_code": "S1"}
READER = Caller("a1", "sm", "info_manager", "S1", ("province", "S1"))
U1_READER = Caller("a2", "m1", "info_manager", "U1", ("province", "S1", "U1"))
PATHS = {"U1": ["province", "S1", "U1"], "U2": ["province", "S1", "U2"]}


class Uow:
    def __init__(self, conn):
        self.conn = conn


@pytest.fixture(scope="module")
def engine():
    engine = sa.create_engine("sqlite://", poolclass=StaticPool)
    migrations.upgrade(engine, tables.metadata)
    position = iter(range(1, 1000))

    def feed(source, event_type, at, data, actor=MANAGER):
        envelope = {
            "source": source,
            "position": next(position),
            "type": event_type,
            "data": data,
            "metadata": {"actor": actor},
            "occurred_at": at,
        }
        handlers = wiring.SUBSCRIPTIONS[source][event_type]
        with engine.begin() as conn:
            for handler in handlers:
                handler(Uow(conn), envelope)

    for code, level, path in [
        ("province", "province", ["province"]),
        ("S1", "school", ["province", "S1"]),
        ("U1", "unit", PATHS["U1"]),
        ("U2", "unit", PATHS["U2"]),
    ]:
        feed(
            "accounts",
            "OrgCreated",
            "2026-01-01T00:00:00+00:00",
            {
                "code": code,
                "name": f"机构{code}",
                "level": level,
                "path": path,
                "parent_code": path[-2] if len(path) > 1 else None,
            },
            ADMIN,
        )

    def rec(tid, event_type, at, **data):
        feed("records", event_type, f"2026-{at}T09:00:00+00:00", {"teacher_id": tid, **data})

    for tid, unit, day in [("T1", "U1", "01-05"), ("T2", "U1", "01-06"), ("T3", "U2", "01-07")]:
        rec(
            tid,
            "RecordOpened",
            day,
            account_id=f"a-{tid}",
            teacher_no=f"no-{tid}",
            name=f"教师{tid}",
            unit_code=unit,
            unit_path=PATHS[unit],
            basic_entry_id=f"{tid}-b",
            basic_fields={},
        )
    training_fields = {
        "year": 2025,
        "training_kind": "5",
        "project_name": "师德",
        "training_mode": "1",
        "hours": 40,
        "credits": "1.5",
    }
    for tid, entry, hours, day in [("T1", "t1a", 40, "01-10"), ("T3", "t3a", 80, "01-11")]:
        rec(
            tid,
            "EntryFilled",
            day,
            set="training",
            entry_id=entry,
            fields={**training_fields, "hours": hours},
            changed=[],
            new_entry=True,
        )
    rec(
        "T3",
        "EntryFilled",
        "01-12",
        set="rotation",
        entry_id="r3",
        changed=[],
        new_entry=True,
        fields={"rotation_kind": "2", "start_month": "2026-01", "target_unit": "三亚学院"},
    )
    for tid, entries in [("T1", ["t1a"]), ("T3", ["t3a", "r3"])]:
        rec(
            tid,
            "RecordSubmitted",
            "01-15",
            submission_id=f"s-{tid}",
            unit_code="U1",
            unit_path=[],
            name=tid,
            changes=[
                {"entry_id": e, "set": "training" if e[0] == "t" else "rotation", "fields": {}}
                for e in entries
            ],
        )
        rec(
            tid,
            "SubmissionApproved",
            "01-16",
            submission_id=f"s-{tid}",
            task_id="k",
            entry_ids=entries,
        )
    rec(
        "T1",
        "EntryFilled",
        "01-20",
        set="training",
        entry_id="t1b",
        changed=[],
        new_entry=True,
        fields={**training_fields, "project_name": "未审核"},
    )
    rec(
        "T1",
        "TeacherTransferred",
        "03-12",
        staff_change_id="c1",
        date="2026-03-10",
        change_code="132",
        from_unit_code="U1",
        from_unit_path=PATHS["U1"],
        to_unit_code="U2",
        to_unit_path=PATHS["U2"],
        note="",
    )
    rec(
        "T2",
        "TeacherRetired",
        "05-02",
        staff_change_id="c2",
        date="2026-04-30",
        change_code="215",
        unit_code="U1",
        unit_path=PATHS["U1"],
        note="",
    )
    feed(
        "records",
        "TrainingRequirementSet",
        "2026-02-01T00:00:00+00:00",
        {"school_code": "S1", "year": 2025, "hours": 72, "credits": None},
    )
    return engine


def rows(engine, month):
    with engine.connect() as conn:
        report = monthly.monthly_report(conn, READER, "S1", month)
    return {r["unit_code"]: r for r in report["rows"]}, report["totals"]


def test_a_transferred_teacher_counts_in_the_new_unit_from_the_transfer_date(engine):
    february, _ = rows(engine, "2026-02")
    march, _ = rows(engine, "2026-03")
    assert (february["U1"]["teachers"], february["U2"]["teachers"]) == (2, 1)
    assert (march["U1"]["teachers"], march["U2"]["teachers"]) == (1, 2)
    assert march["U2"]["approved"] == 2  # the teacher's progress moves with it


def test_a_retiree_is_not_counted_from_the_retirement_date_on(engine):
    march, _ = rows(engine, "2026-03")
    april, _ = rows(engine, "2026-04")  # retired on 2026-04-30, recorded in May
    assert march["U1"]["teachers"] == 1 and april["U1"]["teachers"] == 0


def test_the_monthly_report_flags_each_modules_use_by_the_cutoff(engine):
    january, totals = rows(engine, "2026-01")
    assert (january["U1"]["uses_training"], january["U1"]["uses_rotation"]) == (True, False)
    assert january["U2"]["uses_rotation"] and not january["U2"]["uses_teacher_changes"]
    assert totals["uses_rotation"] and totals["units_using_training"] == 2
    march, totals = rows(engine, "2026-03")
    assert march["U1"]["uses_teacher_changes"] and march["U2"]["uses_teacher_changes"]
    assert totals["uses_teacher_changes"] is True


def test_the_trail_shows_the_transfer_with_from_and_to(engine):
    with engine.connect() as conn:
        items = trail.trail(conn, READER, "T1")["items"]
    [moved] = [i for i in items if i["event"] == "transferred"]
    assert moved["change"] == {
        "kind": "transfer",
        "date": "2026-03-10",
        "change_code": "132",
        "note": "",
        "from_unit_code": "U1",
        "to_unit_code": "U2",
    }


def test_the_old_units_manager_no_longer_sees_the_transferred_teachers_trail(engine):
    from shared.errors import NotFound

    with engine.connect() as conn, pytest.raises(NotFound):
        trail.trail(conn, U1_READER, "T1")


def test_training_totals_count_effective_entries_per_unit_as_at_year_end(engine):
    with engine.connect() as conn:
        summary = training.training_summary(conn, READER, "S1", 2025)
    by_unit = {r["unit_code"]: r for r in summary["rows"]}
    assert summary["requirement"] == {"hours": 72, "credits": None, "source": "school"}
    assert (by_unit["U1"]["teachers"], by_unit["U1"]["hours"]) == (2, 40)  # T1 moved in 2026
    assert (by_unit["U2"]["hours"], by_unit["U2"]["credits"]) == (80, 1.5)
    assert summary["totals"]["hours"] == 120
    assert sorted(b["teacher_id"] for b in summary["below"]) == ["T1", "T2"]


def test_a_teachers_training_per_year_leaves_out_entries_not_yet_effective(engine):
    with engine.connect() as conn:
        mine = training.teacher_training(conn, READER, "T1", 2025)
    assert (mine["hours"], mine["credits"], mine["below_requirement"]) == (40, 1.5, True)
    assert mine["not_effective"] == 1 and len(mine["entries"]) == 1


def test_current_rotations_are_listed_for_the_school(engine):
    with engine.connect() as conn:
        listed = rotation.list_rotations(conn, READER, {"active": True})
    assert [(i["teacher_id"], i["target_unit"], i["current"]) for i in listed["items"]] == [
        ("T3", "三亚学院", True)
    ]
