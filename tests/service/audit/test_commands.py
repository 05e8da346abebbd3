"""audit's review handlers on a real database, through ReviewTasks: records' submission
opens one task per review level, a reviewer decides it once, and every refusal leaves
the task as it was."""

import uuid

import pytest

from contracts.audit.reviews import ListTasksSchema
from services.audit.handlers import reviews
from services.audit.read_model import reviews as review_reads
from services.audit.repository import ReviewTasks
from services.records.domain.events import RecordReturned, RecordSubmitted
from shared.errors import Conflict, Forbidden, NotFound, ValidationError
from tests.service.conftest import (
    OTHER_UNIT,
    PATHS,
    SCHOOL,
    UNIT,
    manager,
    publish_org_tree,
)

FILLER = manager(UNIT, name="filler")


@pytest.fixture
def audit(service):
    audit = service("audit")
    publish_org_tree(audit.sources["accounts"])
    return audit


def submitted(audit, levels=("unit",)) -> RecordSubmitted:
    """records' RecordSubmitted with one change per level, filled by FILLER."""
    event = RecordSubmitted(
        teacher_id=str(uuid.uuid4()),
        submission_id=str(uuid.uuid4()),
        unit_code=UNIT,
        unit_path=PATHS[UNIT],
        name="教师甲",
        changes=[
            {
                "entry_id": f"entry-{level}",
                "set": "basic_info" if level == "unit" else "appointment",
                "fields": {"ethnicity": "01"},
                "filled_by": [FILLER.account_id],
                "effective_by": level,
            }
            for level in levels
        ],
    )
    audit.sources["records"].append(f"teacher-{event.teacher_id}", event, actor=FILLER.actor())
    audit.deliver()
    return event


def tasks_of(audit, submission) -> dict:
    listing = review_reads.list_tasks(
        audit.as_(manager(SCHOOL)),
        manager(SCHOOL),
        ListTasksSchema().load({}),
    )
    return {
        t["review_level"]: t
        for t in listing["items"]
        if t["submission_id"] == submission.submission_id
    }


def decide(audit, caller, task_id, decision="approve", reason=None):
    return reviews.decide(
        audit.as_(caller), caller, task_id, {"decision": decision, "reason": reason}
    )


def test_a_submission_opens_a_task_per_level_once_however_often_it_arrives(audit):
    submission = submitted(audit, levels=("unit", "school"))
    opened = tasks_of(audit, submission)
    assert set(opened) == {"unit", "school"}
    # the event delivered again: the subscription's checkpoint makes it a no-op
    audit.provider.subscriptions["records"].receive(audit.sources["records"].since(0, 10))
    for level, task in tasks_of(audit, submission).items():
        assert task["task_id"] == opened[level]["task_id"]
        assert len(audit.stream(f"review-{task['task_id']}")) == 1


def test_a_reviewer_decides_a_task_once_and_a_second_decision_is_refused(audit):
    submission = submitted(audit)
    task_id = tasks_of(audit, submission)["unit"]["task_id"]
    reviewer = manager(UNIT, name="reviewer")
    answer = decide(audit, reviewer, task_id)
    assert answer["state"] == "approved"
    with pytest.raises(Conflict):
        decide(audit, manager(SCHOOL), task_id, "reject", "另一位审核人")
    [*_, last] = audit.stream(f"review-{task_id}")
    assert last["type"] == "ReviewDecided" and last["data"]["decision"] == "approve"


def test_refusals_leave_the_task_pending(audit):
    submission = submitted(audit, levels=("unit", "school"))
    opened = tasks_of(audit, submission)
    unit_task, school_task = opened["unit"]["task_id"], opened["school"]["task_id"]
    refusals = [
        # 谁填报谁负责，谁审核谁负责: nobody reviews what they filled
        (Forbidden, FILLER, unit_task, "approve", None),
        # a school-level task is decided at the school or above
        (Forbidden, manager(UNIT, name="reviewer"), school_task, "approve", None),
        # outside the reviewer's reach the task is not there
        (NotFound, manager(OTHER_UNIT), unit_task, "approve", None),
        # a rejection needs its reason
        (ValidationError, manager(UNIT, name="reviewer"), unit_task, "reject", "  "),
        (NotFound, manager(UNIT, name="reviewer"), "no-such-task", "approve", None),
    ]
    for error, caller, task_id, decision, reason in refusals:
        with pytest.raises(error):
            decide(audit, caller, task_id, decision, reason)
    for task_id in (unit_task, school_task):
        assert [e["type"] for e in audit.stream(f"review-{task_id}")] == ["ReviewTaskOpened"]


def test_a_return_closes_the_pending_tasks_of_the_submission(audit):
    submission = submitted(audit, levels=("unit", "school"))
    opened = tasks_of(audit, submission)
    decide(audit, manager(UNIT, name="reviewer"), opened["unit"]["task_id"])
    audit.sources["records"].append(
        f"teacher-{submission.teacher_id}",
        RecordReturned(
            teacher_id=submission.teacher_id,
            submission_id=submission.submission_id,
            entry_ids=["entry-school"],
            reason="请补充材料",
        ),
        actor=manager(SCHOOL).actor(),
    )
    audit.deliver()
    with audit.provider.engine.connect() as conn:
        tasks = ReviewTasks.reading(conn, audit.provider.store)
        assert tasks.get(opened["unit"]["task_id"]).state == "approved"
        assert tasks.get(opened["school"]["task_id"]).state == "returned"
