"""Review tasks (pure): opened by a submission, decided once by a reviewer in scope.

谁审核谁负责: the reviewer is recorded with the decision; nobody reviews what
they filled themselves (separation of duties); a rejection carries its reason.
"""
import uuid
from dataclasses import dataclass

from shared.caller import Caller
from shared.errors import Conflict, Forbidden, NotFound, ValidationError

from services.audit.domain.events import ReviewDecided, ReviewTaskOpened

REVIEWER_ROLES = ("info_manager",)
TASK_NAMESPACE = uuid.UUID("5a1f3c1e-6f1d-4c3b-9a53-2d0f6e7b8c90")


@dataclass
class Task:
    task_id: str
    kind: str
    teacher_id: str
    submission_id: str
    unit_path: list        # as copied from the submission; see `check_can_see`
    changes: list
    state: str = "pending"
    version: int = 0
    unit_code: str = ""


def task_id_for(submission_id: str) -> str:
    """One task per submission, the same id however often the submission is seen."""
    return str(uuid.uuid5(TASK_NAMESPACE, submission_id))


def open_for_submission(envelope: dict) -> ReviewTaskOpened:
    data = envelope["data"]
    return ReviewTaskOpened(
        task_id=task_id_for(data["submission_id"]), kind="record_submission",
        teacher_id=data["teacher_id"], teacher_name=data["name"],
        submission_id=data["submission_id"], unit_code=data["unit_code"],
        unit_path=list(data["unit_path"]), submitted_by=envelope["metadata"]["actor"],
        submitted_at=envelope["occurred_at"], changes=data["changes"])


def fold(envelopes: list[dict]) -> Task | None:
    task = None
    for envelope in envelopes:
        data = envelope["data"]
        if envelope["type"] == "ReviewTaskOpened":
            task = Task(data["task_id"], data["kind"], data["teacher_id"], data["submission_id"],
                        list(data["unit_path"]), data["changes"], unit_code=data["unit_code"])
        elif envelope["type"] == "ReviewDecided" and task is not None:
            task.state = "approved" if data["decision"] == "approve" else "rejected"
        if task is not None:
            task.version = envelope["version"]
    return task


def check_can_see(caller: Caller, task: Task, unit_path: list | None = None):
    """`unit_path`: where the task's unit is in the org tree now (units move)."""
    path = task.unit_path if unit_path is None else unit_path
    if caller.role not in REVIEWER_ROLES + ("system_admin", "info_query") \
            or not caller.covers(path):
        raise NotFound("no such review task")


def decide(task: Task, caller: Caller, decision: str, reason: str | None,
           unit_path: list | None = None) -> ReviewDecided:
    check_can_see(caller, task, unit_path)
    if caller.role not in REVIEWER_ROLES:
        raise Forbidden("only an info manager of the unit or above reviews")
    if task.state != "pending":
        raise Conflict(f"the task is already {task.state}", {"state": [task.state]})
    fillers = {account for change in task.changes for account in change.get("filled_by", ())}
    if caller.account_id in fillers:
        raise Forbidden("nobody reviews what they filled (谁填报谁负责，谁审核谁负责)")
    reason = (reason or "").strip() or None
    if decision == "reject" and not reason:
        raise ValidationError("a rejection needs a reason",
                              {"reason": ["退回需填写原因 (required when rejecting)"]})
    return ReviewDecided(task_id=task.task_id, kind=task.kind, teacher_id=task.teacher_id,
                         submission_id=task.submission_id, decision=decision, reason=reason,
                         entry_ids=[c["entry_id"] for c in task.changes])
