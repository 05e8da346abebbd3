"""Facts of the change-request approval chain (变更申请审批), one stream per request
(`change-<change_id>`): filed → school_approved → province_approved, or rejected at
either level; then closed with records' outcome (applied, or not applied when stale)."""
from dataclasses import dataclass

from shared.events import DomainEvent


@dataclass(frozen=True)
class ChangeRequestFiled(DomainEvent):
    """Opened from records' `ChangeRequested`."""
    change_id: str
    teacher_id: str
    teacher_name: str
    set: str
    entry_id: str
    unit_code: str
    unit_path: list
    fields: dict           # the entry's whole content once the change applies
    previous: dict         # the entry's content when filed
    changed: list
    reason: str
    evidence: list
    filed_by: dict         # actor
    filed_at: str


@dataclass(frozen=True)
class ChangeRequestSchoolApproved(DomainEvent):
    change_id: str
    teacher_id: str
    set: str
    entry_id: str
    reason: str | None     # an optional remark


@dataclass(frozen=True)
class ChangeRequestProvinceApproved(DomainEvent):
    """Records applies the change on this one."""
    change_id: str
    teacher_id: str
    set: str
    entry_id: str
    reason: str | None
    filed_by: dict              # actor and `at`
    school_approved_by: dict
    province_approved_by: dict  # actor; its time is the event's


@dataclass(frozen=True)
class ChangeRequestRejected(DomainEvent):
    change_id: str
    teacher_id: str
    set: str
    entry_id: str
    level: str             # "school" | "province"
    reason: str


@dataclass(frozen=True)
class ChangeRequestClosed(DomainEvent):
    """Records' outcome after the province's approval."""
    change_id: str
    teacher_id: str
    set: str
    entry_id: str
    outcome: str           # "applied" | "not_applied"
    reason: str | None     # why it was not applied


CHAIN_EVENTS = ("ChangeRequestFiled", "ChangeRequestSchoolApproved",
                "ChangeRequestProvinceApproved", "ChangeRequestRejected", "ChangeRequestClosed")
