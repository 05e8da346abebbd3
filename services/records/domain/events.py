"""Facts of the records service: a teacher record's life, one stream per teacher
(`teacher-<teacher_id>`)."""
from dataclasses import dataclass

from shared.events import DomainEvent


@dataclass(frozen=True)
class RecordOpened(DomainEvent):
    """The record appears when the teacher account is generated; basic_info is
    prefilled with the four fields the account was generated from."""
    teacher_id: str
    account_id: str
    teacher_no: str
    name: str
    unit_code: str
    unit_path: list
    basic_entry_id: str
    basic_fields: dict


@dataclass(frozen=True)
class EntryFilled(DomainEvent):
    teacher_id: str
    set: str
    entry_id: str
    fields: dict       # the entry's whole content after this change
    changed: list      # names of the fields this change touched
    new_entry: bool


@dataclass(frozen=True)
class RecordSubmitted(DomainEvent):
    teacher_id: str
    submission_id: str
    unit_code: str
    unit_path: list
    name: str
    # [{entry_id, set, fields, filled_by: [account ids], effective_by}]: `effective_by`
    # (added later; "unit" when absent) is the level whose review makes it effective
    changes: list


@dataclass(frozen=True)
class SubmissionApproved(DomainEvent):
    teacher_id: str
    submission_id: str
    task_id: str
    entry_ids: list    # the decided task's entries (one review level's part)
    # the record's state after this decision: `submitted` while another level's task
    # is pending (added later; None in older events, which decided the whole submission)
    record_state: str | None = None


@dataclass(frozen=True)
class SubmissionRejected(DomainEvent):
    teacher_id: str
    submission_id: str
    task_id: str
    entry_ids: list
    reason: str
    record_state: str | None = None    # as in SubmissionApproved


@dataclass(frozen=True)
class RecordReturned(DomainEvent):
    """退回: a manager returned a submitted record; its still-submitted entries are
    editable again and the submission's pending review tasks close."""
    teacher_id: str
    submission_id: str
    entry_ids: list
    reason: str
