"""Review tasks: who decides, what a decision needs."""

import pytest

from services.audit.domain import review
from shared.caller import Caller
from shared.errors import Conflict, Forbidden, NotFound, ValidationError

UNIT = ["province", "S1", "S1-U1"]
MANAGER = Caller("acc-m", "m1", "info_manager", "S1-U1", tuple(UNIT))
FILLER = Caller("acc-f", "f1", "info_manager", "S1-U1", tuple(UNIT))
OTHER = Caller("acc-o", "o1", "info_manager", "S1-U2", ("province", "S1", "S1-U2"))
ADMIN = Caller("acc-a", "a1", "system_admin", "S1", ("province", "S1"))
SUBMISSION = {
    "type": "RecordSubmitted",
    "occurred_at": "2026-11-28T00:00:00+00:00",
    "metadata": {
        "actor": {"account_id": "acc-t", "username": "T1", "role": "teacher", "org_code": "S1-U1"}
    },
    "data": {
        "teacher_id": "t1",
        "submission_id": "sub-1",
        "unit_code": "S1-U1",
        "unit_path": UNIT,
        "name": "张三",
        "changes": [
            {"entry_id": "e1", "set": "basic_info", "fields": {}, "filled_by": ["acc-t", "acc-f"]}
        ],
    },
}


def task():
    opened = review.open_for_submission(SUBMISSION)
    return review.fold([{"type": "ReviewTaskOpened", "data": opened.to_data(), "version": 1}])


def test_one_submission_opens_one_task_with_a_stable_id():
    assert review.open_for_submission(SUBMISSION).task_id == review.task_id_for("sub-1")
    assert task().state == "pending" and task().unit_path == UNIT


def test_a_manager_of_the_unit_approves():
    decided = review.decide(task(), MANAGER, "approve", None)
    assert decided.decision == "approve" and decided.entry_ids == ["e1"]


def test_rejection_needs_a_reason():
    with pytest.raises(ValidationError) as error:
        review.decide(task(), MANAGER, "reject", "   ")
    assert "reason" in error.value.fields
    assert review.decide(task(), MANAGER, "reject", " 信息不全 ").reason == "信息不全"


def test_a_manager_of_another_unit_does_not_see_the_task():
    with pytest.raises(NotFound):
        review.decide(task(), OTHER, "approve", None)


def test_whoever_filled_an_entry_cannot_review_it():
    with pytest.raises(Forbidden):
        review.decide(task(), FILLER, "approve", None)


def test_a_system_admin_sees_but_does_not_review():
    with pytest.raises(Forbidden):
        review.decide(task(), ADMIN, "approve", None)


def test_a_decided_task_is_not_decided_again():
    t = task()
    t.state = "approved"
    with pytest.raises(Conflict):
        review.decide(t, MANAGER, "reject", "late")


# review by level ------------------------------------------------------------------------
from services.audit.domain import review_levels  # noqa: E402

SCHOOL_MANAGER = Caller("acc-s", "s1", "info_manager", "S1", ("province", "S1"))
SPLIT = {
    **SUBMISSION,
    "data": {
        **SUBMISSION["data"],
        "changes": [
            {
                "entry_id": "e1",
                "set": "basic_info",
                "fields": {},
                "filled_by": ["acc-t"],
                "effective_by": "unit",
            },
            {
                "entry_id": "e2",
                "set": "assessment",
                "fields": {},
                "filled_by": ["acc-m"],
                "effective_by": "school",
            },
        ],
    },
}


def opened_tasks(envelope=SPLIT):
    return [
        review.fold([{"type": "ReviewTaskOpened", "data": e.to_data(), "version": 1}])
        for e in review_levels.open_by_level(envelope)
    ]


def test_a_submission_opens_one_task_per_review_level_with_ids_from_submission_and_level():
    unit, school = opened_tasks()
    assert (unit.review_level, [c["entry_id"] for c in unit.changes]) == ("unit", ["e1"])
    assert (school.review_level, [c["entry_id"] for c in school.changes]) == ("school", ["e2"])
    assert unit.task_id == review.task_id_for("sub-1")  # the id older submissions had
    assert school.task_id == review_levels.task_id_for_level("sub-1", "school") != unit.task_id
    assert [t.task_id for t in opened_tasks()] == [unit.task_id, school.task_id]


def test_an_older_submission_without_levels_opens_one_unit_task():
    [only] = opened_tasks(SUBMISSION)
    assert only.review_level == "unit" and only.task_id == review.task_id_for("sub-1")


def test_a_unit_manager_cannot_decide_the_school_level_task_and_a_school_manager_can():
    unit, school = opened_tasks()
    assert review.decide(unit, MANAGER, "approve", None).entry_ids == ["e1"]
    with pytest.raises(Forbidden) as error:
        review.decide(school, MANAGER, "approve", None)
    assert "review_level" in error.value.fields
    assert review.decide(school, SCHOOL_MANAGER, "approve", None).entry_ids == ["e2"]


def test_a_return_closes_the_pending_tasks_only():
    unit, school = opened_tasks()
    unit.state = "approved"
    returned = {"submission_id": "sub-1", "reason": "请补充材料"}
    assert review_levels.close_returned(unit, returned) is None
    closed = review_levels.close_returned(school, returned)
    assert closed.task_id == school.task_id and closed.reason == "请补充材料"
    school = review.fold(
        [
            {
                "type": "ReviewTaskOpened",
                "data": review_levels.open_by_level(SPLIT)[1].to_data(),
                "version": 1,
            },
            {"type": "ReviewTaskReturned", "data": closed.to_data(), "version": 2},
        ]
    )
    assert school.state == "returned"
    with pytest.raises(Conflict):
        review.decide(school, SCHOOL_MANAGER, "approve", None)
