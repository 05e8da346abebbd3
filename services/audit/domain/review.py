"""Review tasks (pure): opened by a submission (one per review level, see
`review_levels`), decided once by a reviewer in scope and at the task's level.

谁审核谁负责: the reviewer is recorded with the decision; nobody reviews what
they filled themselves (separation of duties); a rejection carries its reason.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from services.audit.domain.events import ReviewDecided, ReviewTaskOpened
from shared.caller import Caller
from shared.errors import Conflict, Forbidden, NotFound, ValidationError

REVIEWER_ROLES = ("info_manager",)
TASK_NAMESPACE = uuid.UUID("5a1f3c1e-6f1d-4c3b-9a53-2d0f6e7b8c90")
# the levels whose review makes an entry effective (how a submission splits:
# review_levels.py); an org's rank by its level in the tree
REVIEW_LEVELS = ("unit", "school")
LEVEL_RANK = {"unit": 1, "school": 2, "province": 3}
LEVEL_LABELS = {"unit": "单位", "school": "学校"}


@dataclass
class Task:
    task_id: str
    kind: str
    teacher_id: str
    submission_id: str
    unit_path: list[str]  # as copied from the submission; see `check_can_see`
    changes: list[Any]
    state: str = "pending"
    version: int = 0
    unit_code: str = ""
    review_level: str = "unit"  # "school": decided at the school or above


def task_id_for(submission_id: str) -> str:
    """The id of a submission's unit-level task (an older submission's one task), the
    same however often the submission is seen; other levels: `review_levels`."""
    return str(uuid.uuid5(TASK_NAMESPACE, submission_id))


def open_for_submission(envelope: dict[str, Any]) -> ReviewTaskOpened:
    data = envelope["data"]
    return ReviewTaskOpened(
        task_id=task_id_for(data["submission_id"]),
        kind="record_submission",
        teacher_id=data["teacher_id"],
        teacher_name=data["name"],
        submission_id=data["submission_id"],
        unit_code=data["unit_code"],
        unit_path=list(data["unit_path"]),
        submitted_by=envelope["metadata"]["actor"],
        submitted_at=envelope["occurred_at"],
        changes=data["changes"],
    )


def fold(envelopes: list[dict[str, Any]]) -> Task | None:
    task = None
    for envelope in envelopes:
        data = envelope["data"]
        if envelope["type"] == "ReviewTaskOpened":
            task = Task(
                data["task_id"],
                data["kind"],
                data["teacher_id"],
                data["submission_id"],
                list(data["unit_path"]),
                data["changes"],
                unit_code=data["unit_code"],
                review_level=data.get("review_level") or "unit",
            )
        elif envelope["type"] == "ReviewDecided" and task is not None:
            task.state = "approved" if data["decision"] == "approve" else "rejected"
        elif envelope["type"] == "ReviewTaskReturned" and task is not None:
            task.state = "returned"
        if task is not None:
            task.version = envelope["version"]
    return task


def check_level(task: Task, caller: Caller) -> None:
    """A school-level task is decided at the school or above, never by a unit."""
    level = task.review_level if task.review_level in LEVEL_RANK else "unit"
    if LEVEL_RANK.get(caller.org_level, 0) < LEVEL_RANK[level]:
        raise Forbidden(
            f"this task is reviewed at {level} level: an info manager of the {level} decides",
            {
                "review_level": [
                    f"须由{LEVEL_LABELS[level]}信息管理员审核 (reviewed at {level} level)"
                ]
            },
        )


def check_can_see(caller: Caller, task: Task, unit_path: list[str] | None = None) -> None:
    """`unit_path`: where the task's unit is in the org tree now (units move)."""
    path = task.unit_path if unit_path is None else unit_path
    if caller.role not in (*REVIEWER_ROLES, "system_admin", "info_query"):
        # a role that never sees review tasks (a teacher): as the task list answers
        raise Forbidden("review tasks are for managers")
    if not caller.covers(path):
        raise NotFound("no such review task")


def decide(
    task: Task,
    caller: Caller,
    decision: str,
    reason: str | None,
    unit_path: list[str] | None = None,
) -> ReviewDecided:
    check_can_see(caller, task, unit_path)
    if caller.role not in REVIEWER_ROLES:
        raise Forbidden("only an info manager of the unit or above reviews")
    check_level(task, caller)
    if task.state != "pending":
        raise Conflict(f"the task is already {task.state}", {"state": [task.state]})
    fillers = {account for change in task.changes for account in change.get("filled_by", ())}
    if caller.account_id in fillers:
        raise Forbidden("nobody reviews what they filled (谁填报谁负责，谁审核谁负责)")
    reason = (reason or "").strip() or None
    if decision == "reject" and not reason:
        raise ValidationError(
            "a rejection needs a reason", {"reason": ["退回需填写原因 (required when rejecting)"]}
        )
    return ReviewDecided(
        task_id=task.task_id,
        kind=task.kind,
        teacher_id=task.teacher_id,
        submission_id=task.submission_id,
        decision=decision,
        reason=reason,
        entry_ids=[c["entry_id"] for c in task.changes],
    )
