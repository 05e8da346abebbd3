"""The reporting projections and queries, fed with hand-made envelopes into an
in-memory SQLite database (no broker, no other service)."""

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from services.reporting import tables, wiring
from services.reporting.queries import monthly, rebuild, trail
from shared import migrations
from shared.caller import Caller
from shared.errors import Forbidden, NotFound, ValidationError

pytestmark = pytest.mark.unit

ADMIN = {
    "account_id": "a-admin",
    "username": "admin",
    "role": "system_admin",
    "org_code": "province",
}
SCHOOL_MANAGER = {
    "account_id": "a-sm",
    "username": "s1-manager",
    "role": "info_manager",
    "org_code": "S1",
}
UNIT_MANAGER = {
    "account_id": "a-um",
    "username": "u1-manager",
    "role": "info_manager",
    "org_code": "U1",
}
SCHOOL_READER = Caller("a-sm", "s1-manager", "info_manager", "S1", ("province", "S1"))
PROVINCE_QUERY = Caller("a-pq", "pq", "info_query", "province", ("province",))


class Log:
    """One source's event store, as envelopes (shared/eventstore.py's shape)."""

    def __init__(self, source):
        self.source, self.position, self.versions = source, 0, {}

    def __call__(self, event_type, stream_id, data, at, actor):
        self.position += 1
        version = self.versions[stream_id] = self.versions.get(stream_id, 0) + 1
        return {
            "source": self.source,
            "position": self.position,
            "event_id": f"{self.source}-{self.position}",
            "stream_id": stream_id,
            "version": version,
            "type": event_type,
            "schema_version": 1,
            "data": data,
            "metadata": {
                "actor": actor,
                "correlation_id": f"c-{self.position}",
                "causation_id": None,
            },
            "occurred_at": at,
            "prev_hash": "0" * 64,
            "hash": "0" * 64,
        }


def teacher_actor(teacher_id):
    return {
        "account_id": f"a-{teacher_id}",
        "username": f"no-{teacher_id}",
        "role": "teacher",
        "org_code": TEACHERS[teacher_id][0],
    }


TEACHERS = {
    "T1": ("U1", ["province", "S1", "U1"]),
    "T2": ("U1", ["province", "S1", "U1"]),
    "T3": ("S1", ["province", "S1"]),
    "T4": ("V1", ["province", "S2", "V1"]),
    "T5": ("U1", ["province", "S1", "U1"]),
}


def history():
    """(accounts events, records events) of two schools over three months."""
    acc, rec = Log("accounts"), Log("records")
    accounts = [
        acc(
            "OrgCreated",
            f"org-{code}",
            {
                "code": code,
                "name": name,
                "level": level,
                "path": path,
                "parent_code": path[-2] if len(path) > 1 else None,
            },
            "2026-01-02T08:00:00+00:00",
            ADMIN,
        )
        for code, name, level, path in [
            ("province", "省教育厅", "province", ["province"]),
            ("S1", "海南大学", "school", ["province", "S1"]),
            ("U1", "人事处", "unit", ["province", "S1", "U1"]),
            ("U2", "教务处", "unit", ["province", "S1", "U2"]),
            ("S2", "另一所学校", "school", ["province", "S2"]),
            ("V1", "外校学院", "unit", ["province", "S2", "V1"]),
        ]
    ]
    records = []

    def open_(tid, at):
        unit, path = TEACHERS[tid]
        common = {
            "teacher_id": tid,
            "account_id": f"a-{tid}",
            "teacher_no": f"no-{tid}",
            "name": f"教师{tid}",
            "unit_code": unit,
            "unit_path": path,
        }
        # the account is generated a moment before records opens the record
        account_at = at.replace("T09:00:00", "T08:59:59")
        accounts.append(
            acc(
                "TeacherAccountGenerated",
                f"account-a-{tid}",
                common
                | {
                    "username": f"no-{tid}",
                    "gender": "1",
                    "birth_month": "1980-01",
                    "id_type": "1",
                    "id_number": "x",
                },
                account_at,
                SCHOOL_MANAGER,
            )
        )
        records.append(
            rec(
                "RecordOpened",
                f"teacher-{tid}",
                common | {"basic_entry_id": f"{tid}-basic", "basic_fields": {}},
                at,
                SCHOOL_MANAGER,
            )
        )

    def do(tid, event_type, at, actor, **data):
        records.append(rec(event_type, f"teacher-{tid}", {"teacher_id": tid} | data, at, actor))

    def fill(tid, at, entry="e1"):
        do(
            tid,
            "EntryFilled",
            at,
            teacher_actor(tid),
            set="education",
            entry_id=f"{tid}-{entry}",
            fields={},
            changed=[],
            new_entry=True,
        )

    def submit(tid, at):
        unit, path = TEACHERS[tid]
        do(
            tid,
            "RecordSubmitted",
            at,
            teacher_actor(tid),
            submission_id=f"{tid}-s-{at}",
            unit_code=unit,
            unit_path=path,
            name=tid,
            changes=[],
        )

    def review(tid, at, reason=None):
        event = "SubmissionRejected" if reason else "SubmissionApproved"
        extra = {"reason": reason} if reason else {}
        do(
            tid,
            event,
            at,
            SCHOOL_MANAGER,
            submission_id="s",
            task_id=f"task-{at}",
            entry_ids=[],
            **extra,
        )

    open_("T1", "2026-01-05T09:00:00+00:00")
    fill("T1", "2026-01-06T09:00:00+00:00")
    open_("T3", "2026-01-08T09:00:00+00:00")
    fill("T3", "2026-01-09T09:00:00+00:00")
    submit("T1", "2026-01-10T09:00:00+00:00")
    submit("T3", "2026-01-12T09:00:00+00:00")
    review("T3", "2026-01-15T09:00:00+00:00", reason="缺少学历证明")
    open_("T2", "2026-01-20T09:00:00+00:00")
    open_("T4", "2026-01-21T09:00:00+00:00")
    fill("T2", "2026-02-01T07:30:00+08:00")  # still January in UTC
    review("T1", "2026-02-03T09:00:00+00:00")
    fill("T3", "2026-02-05T09:00:00+00:00", entry="e2")
    submit("T3", "2026-02-06T09:00:00+00:00")
    review("T3", "2026-02-07T09:00:00+00:00")
    open_("T5", "2026-03-02T09:00:00+00:00")
    return accounts, records


class Uow:
    def __init__(self, conn):
        self.conn = conn


def fresh_engine():
    engine = sa.create_engine("sqlite://", poolclass=StaticPool)
    migrations.upgrade(engine, tables.metadata)
    return engine


def feed(engine, envelopes):
    for envelope in envelopes:
        handlers = wiring.SUBSCRIPTIONS[envelope["source"]].get(envelope["type"], [])
        with engine.begin() as conn:
            for handler in handlers:
                handler(Uow(conn), envelope)


def interleaved(accounts, records):
    """Records ahead of accounts: each record opens before the account arrives."""
    return records + accounts


@pytest.fixture(scope="module")
def engine():
    accounts, records = history()
    engine = fresh_engine()
    feed(engine, interleaved(accounts, records))
    return engine


def report(engine, month, org="S1", caller=SCHOOL_READER):
    with engine.connect() as conn:
        return monthly.monthly_report(conn, caller, org, month)


def counters(row):
    return tuple(
        row[k]
        for k in (
            "teachers",
            "entered",
            "submitted",
            "pending",
            "approved",
            "rejected",
            "entry_complete",
            "review_complete",
        )
    )


def test_january_report_counts_each_unit_as_of_month_end(engine):
    result = report(engine, "2026-01")
    assert result["cutoff"] == "2026-01-31T23:59:59.999999+00:00"
    assert result["org_name"] == "海南大学"
    rows = {r["unit_code"]: r for r in result["rows"]}
    assert [r["unit_code"] for r in result["rows"]] == ["S1", "U1", "U2"]
    assert counters(rows["U1"]) == (2, 2, 1, 1, 0, 0, True, False)
    assert rows["U1"]["entry_completed_at"] == "2026-01-31T23:30:00.000000+00:00"
    assert counters(rows["S1"]) == (1, 1, 1, 0, 0, 1, True, False)
    assert counters(result["totals"]) == (3, 3, 2, 1, 0, 1, True, False)


def test_unit_without_teachers_is_listed_with_zeros_and_incomplete(engine):
    row = next(r for r in report(engine, "2026-01")["rows"] if r["unit_code"] == "U2")
    assert row["unit_name"] == "教务处"
    assert counters(row) == (0, 0, 0, 0, 0, 0, False, False)


def test_february_report_sees_later_reviews_and_leaves_january_unchanged(engine):
    rows = {r["unit_code"]: r for r in report(engine, "2026-02")["rows"]}
    assert counters(rows["U1"]) == (2, 2, 1, 0, 1, 0, True, False)
    assert counters(rows["S1"]) == (1, 1, 1, 0, 1, 0, True, True)
    assert rows["S1"]["review_completed_at"] == "2026-02-07T09:00:00.000000+00:00"
    assert counters(report(engine, "2026-01")["totals"]) == (3, 3, 2, 1, 0, 1, True, False)


def test_teacher_opened_in_march_counts_from_march_only(engine):
    assert report(engine, "2026-02")["totals"]["teachers"] == 3
    march = {r["unit_code"]: r for r in report(engine, "2026-03")["rows"]}
    assert counters(march["U1"]) == (3, 2, 1, 0, 1, 0, False, False)


def test_unit_report_has_one_row_for_the_unit(engine):
    result = report(engine, "2026-01", org="U1")
    assert [r["unit_code"] for r in result["rows"]] == ["U1"]
    assert result["totals"]["teachers"] == 2


def test_province_report_covers_every_school_in_scope(engine):
    result = report(engine, "2026-01", org="province", caller=PROVINCE_QUERY)
    assert [r["unit_code"] for r in result["rows"]] == ["S1", "U1", "U2", "V1"]
    assert result["totals"]["teachers"] == 4


@pytest.mark.parametrize("org", ["S2", "V1", "province", "no-such-org"])
def test_org_outside_scope_or_unknown_is_not_found(engine, org):
    with pytest.raises(NotFound):
        report(engine, "2026-01", org=org)


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "26-01", "", None])
def test_bad_month_is_a_validation_error_naming_month(engine, month):
    with pytest.raises(ValidationError) as error:
        report(engine, month)
    assert "month" in error.value.fields


def test_teacher_cannot_read_reports_or_trails(engine):
    teacher = Caller("a-T1", "no-T1", "teacher", "U1", ("province", "S1", "U1"), "T1")
    with pytest.raises(Forbidden):
        report(engine, "2026-01", caller=teacher)
    with engine.connect() as conn, pytest.raises(Forbidden):
        trail.trail(conn, teacher, "T1")


def test_trail_lists_every_change_in_order_with_its_actor_and_reason(engine):
    with engine.connect() as conn:
        items = trail.trail(conn, SCHOOL_READER, "T3")["items"]
    assert [i["event"] for i in items] == [
        "opened",
        "filled",
        "submitted",
        "rejected",
        "filled",
        "submitted",
        "approved",
    ]
    assert items[0]["set"] == "basic_info" and items[0]["entry_id"] == "T3-basic"
    assert (items[1]["set"], items[1]["entry_id"]) == ("education", "T3-e1")
    assert items[1]["actor"] == {"username": "no-T3", "role": "teacher", "org_code": "S1"}
    rejected = items[3]
    assert rejected["decision"] == "reject" and rejected["reason"] == "缺少学历证明"
    assert rejected["actor"] == {"username": "s1-manager", "role": "info_manager", "org_code": "S1"}
    assert items[6]["decision"] == "approve" and items[6]["reason"] is None
    assert [i["at"] for i in items] == sorted(i["at"] for i in items)


@pytest.mark.parametrize("teacher_id", ["T4", "nobody"])
def test_trail_of_teacher_outside_scope_or_unknown_is_not_found(engine, teacher_id):
    with engine.connect() as conn, pytest.raises(NotFound):
        trail.trail(conn, SCHOOL_READER, teacher_id)


def test_teacher_opened_from_either_log_keeps_the_earliest_time_and_all_columns(engine):
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(tables.teachers).where(tables.teachers.c.teacher_id == "T1")
        ).one()
    assert (row.account_id, row.teacher_no, row.unit_code) == ("a-T1", "no-T1", "U1")
    assert row.opened_at == "2026-01-05T08:59:59.000000+00:00"
    assert row.state == "approved"


def answers(engine) -> list:
    with engine.connect() as conn:
        return [
            monthly.monthly_report(conn, PROVINCE_QUERY, "province", m)
            for m in ("2026-01", "2026-02", "2026-03")
        ] + [trail.trail(conn, PROVINCE_QUERY, t) for t in TEACHERS]


def test_replaying_the_logs_into_a_fresh_database_gives_identical_answers(engine):
    accounts, records = history()
    rebuilt = fresh_engine()
    feed(rebuilt, accounts + records)  # rebuild order: one source after the other
    assert answers(rebuilt) == answers(engine)


def test_reset_then_replay_gives_identical_answers():
    accounts, records = history()
    engine = fresh_engine()
    feed(engine, accounts + records)
    before = answers(engine)
    with engine.begin() as conn:
        wiring.reset(conn)
        assert set(rebuild.counts(conn).values()) == {0}
    feed(engine, interleaved(accounts, records))
    assert answers(engine) == before
