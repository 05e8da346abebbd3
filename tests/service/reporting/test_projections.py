"""reporting's projections on a real database, fed by the real records service's log
(both services under test, wired by their logs as RabbitMQ would): the monthly report
and the trail follow what records did, and a rebuild from zero answers the same."""

from datetime import date

import pytest

from services.records.handlers import record
from services.reporting.queries import monthly, trail
from tests.service.conftest import (
    SCHOOL,
    UNIT,
    manager,
    publish_org_tree,
    publish_teacher,
    teacher_caller,
)
from tests.service.steps import approve_submission, fill, fill_basic_info
from tests.support.entries import EDUCATION_ENTRY

THIS_MONTH = f"{date.today():%Y-%m}"  # the events below happen now


@pytest.fixture
def wired(service):
    """records and reporting on their own databases; accounts and audit are fake logs
    both follow."""
    records, reporting = service("records"), service("reporting")
    reporting.follow("accounts", records.sources["accounts"])
    reporting.follow("audit", records.sources["audit"])
    reporting.follow("records", records)
    publish_org_tree(records.sources["accounts"])
    return records, reporting


def submit_and_approve(records, teacher: dict):
    me = teacher_caller(teacher)
    fill_basic_info(records, me, teacher)
    fill(records, me, teacher, "education", EDUCATION_ENTRY, adding=True)
    answer = record.submit(records.as_(me), me, teacher["teacher_id"])
    approve_submission(records, teacher, answer)


def answers(reporting, teacher_ids) -> tuple:
    school = manager(SCHOOL)
    with reporting.provider.engine.connect() as conn:
        report = monthly.monthly_report(conn, school, SCHOOL, THIS_MONTH)
        trails = [trail.trail(conn, school, t)["items"] for t in teacher_ids]
    return report, trails


def test_the_monthly_report_and_the_trail_follow_records_and_a_rebuild_answers_the_same(
    wired,
):
    records, reporting = wired
    first = publish_teacher(records.sources["accounts"], sequence=111)
    second = publish_teacher(records.sources["accounts"], sequence=113)
    records.deliver()
    submit_and_approve(records, first)
    fill_basic_info(records, teacher_caller(second), second)  # entered, not submitted
    reporting.deliver()

    report, trails = answers(reporting, [first["teacher_id"], second["teacher_id"]])
    [unit_row] = [row for row in report["rows"] if row["unit_code"] == UNIT]
    assert unit_row["teachers"] == 2
    assert unit_row["entered"] == 2 and unit_row["approved"] == 1
    assert len(trails[0]) > len(trails[1]) > 0

    replayed = reporting.provider.rebuild()
    assert replayed["records"] == len(records.since(0, 10_000))
    assert answers(reporting, [first["teacher_id"], second["teacher_id"]]) == (report, trails)
