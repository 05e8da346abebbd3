"""Facts of the audit service: review tasks and their decisions, one stream per
task (`review-<task_id>`)."""
from dataclasses import dataclass

from shared.events import DomainEvent


@dataclass(frozen=True)
class ReviewTaskOpened(DomainEvent):
    task_id: str
    kind: str              # "record_submission"
    teacher_id: str
    teacher_name: str
    submission_id: str
    unit_code: str
    unit_path: list
    submitted_by: dict     # actor: account_id, username, role, org_code
    submitted_at: str
    changes: list
    # whose review makes these changes effective (added later; older tasks are "unit"):
    # "school" tasks are decided only by an info manager at the school or above
    review_level: str = "unit"


@dataclass(frozen=True)
class ReviewDecided(DomainEvent):
    task_id: str
    kind: str
    teacher_id: str
    submission_id: str
    decision: str          # "approve" | "reject"
    reason: str | None
    entry_ids: list


@dataclass(frozen=True)
class ReviewTaskReturned(DomainEvent):
    """A pending task closed because a manager returned (退回) the record (records'
    RecordReturned); it is not decided any more."""
    task_id: str
    kind: str
    teacher_id: str
    submission_id: str
    reason: str
