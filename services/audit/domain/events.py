"""Facts of the audit service, every event it appends:

- review tasks (审核) and their decisions, one stream per task (`review-<task_id>`);
- the change-request approval chain (变更申请审批), one stream per request
  (`change-<change_id>`): filed → school_approved → province_approved, or rejected at
  either level; then closed with records' outcome (applied, or not applied when stale).
"""

from dataclasses import dataclass
from typing import Any

from shared.events import DomainEvent


# review tasks (审核) ------------------------------------------------------------------
@dataclass(frozen=True)
class ReviewTaskOpened(DomainEvent):
    task_id: str
    kind: str  # "record_submission"
    teacher_id: str
    teacher_name: str
    submission_id: str
    unit_code: str
    unit_path: list[str]
    submitted_by: dict[str, Any]  # actor: account_id, username, role, org_code
    submitted_at: str
    changes: list[Any]
    # whose review makes these changes effective (added later; older tasks are "unit"):
    # "school" tasks are decided only by an info manager at the school or above
    review_level: str = "unit"


@dataclass(frozen=True)
class ReviewDecided(DomainEvent):
    task_id: str
    kind: str
    teacher_id: str
    submission_id: str
    decision: str  # "approve" | "reject"
    reason: str | None
    entry_ids: list[Any]


@dataclass(frozen=True)
class ReviewTaskReturned(DomainEvent):
    """A pending task closed because a manager returned (退回) the record (records'
    RecordReturned); it is not decided any more."""

    task_id: str
    kind: str
    teacher_id: str
    submission_id: str
    reason: str


# the change-request approval chain (变更申请审批) ---------------------------------
@dataclass(frozen=True)
class ChangeRequestFiled(DomainEvent):
    """Opened from records' `ChangeRequested`."""

    change_id: str
    teacher_id: str
    teacher_name: str
    set: str
    entry_id: str
    unit_code: str
    unit_path: list[str]
    fields: dict[str, Any]  # the entry's whole content once the change applies
    previous: dict[str, Any]  # the entry's content when filed
    changed: list[str]
    reason: str
    evidence: list[Any]
    filed_by: dict[str, Any]  # actor
    filed_at: str


@dataclass(frozen=True)
class ChangeRequestSchoolApproved(DomainEvent):
    change_id: str
    teacher_id: str
    set: str
    entry_id: str
    reason: str | None  # an optional remark


@dataclass(frozen=True)
class ChangeRequestProvinceApproved(DomainEvent):
    """Records applies the change on this one."""

    change_id: str
    teacher_id: str
    set: str
    entry_id: str
    reason: str | None
    filed_by: dict[str, Any]  # actor and `at`
    school_approved_by: dict[str, Any]
    province_approved_by: dict[str, Any]  # actor; its time is the event's


@dataclass(frozen=True)
class ChangeRequestRejected(DomainEvent):
    change_id: str
    teacher_id: str
    set: str
    entry_id: str
    level: str  # "school" | "province"
    reason: str


@dataclass(frozen=True)
class ChangeRequestClosed(DomainEvent):
    """Records' outcome after the province's approval."""

    change_id: str
    teacher_id: str
    set: str
    entry_id: str
    outcome: str  # "applied" | "not_applied"
    reason: str | None  # why it was not applied


CHAIN_EVENTS = (
    "ChangeRequestFiled",
    "ChangeRequestSchoolApproved",
    "ChangeRequestProvinceApproved",
    "ChangeRequestRejected",
    "ChangeRequestClosed",
)
