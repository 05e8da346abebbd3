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


@dataclass(frozen=True)
class ReviewDecided(DomainEvent):
    task_id: str
    kind: str
    teacher_id: str
    submission_id: str
    decision: str          # "approve" | "reject"
    reason: str | None
    entry_ids: list
