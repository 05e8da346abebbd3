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
    "type": "RecordSubmitted", "occurred_at": "2026-11-28T00:00:00+00:00",
    "metadata": {"actor": {"account_id": "acc-t", "username": "T1", "role": "teacher",
                           "org_code": "S1-U1"}},
    "data": {"teacher_id": "t1", "submission_id": "sub-1", "unit_code": "S1-U1", "unit_path": UNIT,
             "name": "张三", "changes": [{"entry_id": "e1", "set": "basic_info", "fields": {},
                                         "filled_by": ["acc-t", "acc-f"]}]},
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
