"""Facts of the records service, every event it appends (frozen dataclasses, pure).

- A teacher record's life, one stream per teacher (`teacher-<teacher_id>`): opening,
  fills, submission, the review's decisions and the return (退回).
- Change requests (变更申请), in the teacher's stream: records owns the entry, so it
  checks and files a request (`ChangeRequested`), and when audit's approval chain ends
  it either applies it (`EntryChanged`), refuses a stale one (`ChangeNotApplied`) or
  notes the rejection (`ChangeRejected`). An entry holds at most one open request; each
  of the last three closes it. Nothing is updated in place: the old values stay in the
  stream (a record read `as_of` before shows them).
- Teacher changes (教师变动), in the teacher's stream: each carries its date (when it
  happened, `YYYY-MM-DD`), the statistical change code (教师变动 code table) and the
  teacher's unit, so consumers need no lookup. Leaving, retiring and death change the
  record's status; nothing is deleted.
- A school's yearly training requirement (培训学分), in its own stream
  (`training-requirement-<school_code>`).
"""

from dataclasses import dataclass
from typing import Any

from shared.events import DomainEvent


# the record, its review and its return ---------------------------------------------
@dataclass(frozen=True)
class RecordOpened(DomainEvent):
    """The record appears when the teacher account is generated; basic_info is
    prefilled with the four fields the account was generated from."""

    teacher_id: str
    account_id: str
    teacher_no: str
    name: str
    unit_code: str
    unit_path: list[str]
    basic_entry_id: str
    basic_fields: dict[str, Any]


@dataclass(frozen=True)
class EntryFilled(DomainEvent):
    teacher_id: str
    set: str
    entry_id: str
    fields: dict[str, Any]  # the entry's whole content after this change
    changed: list[str]  # names of the fields this change touched
    new_entry: bool


@dataclass(frozen=True)
class RecordSubmitted(DomainEvent):
    teacher_id: str
    submission_id: str
    unit_code: str
    unit_path: list[str]
    name: str
    # [{entry_id, set, fields, filled_by: [account ids], effective_by}]: `effective_by`
    # (added later; "unit" when absent) is the level whose review makes it effective
    changes: list[Any]


@dataclass(frozen=True)
class SubmissionApproved(DomainEvent):
    teacher_id: str
    submission_id: str
    task_id: str
    entry_ids: list[Any]  # the decided task's entries (one review level's part)
    # the record's state after this decision: `submitted` while another level's task
    # is pending (added later; None in older events, which decided the whole submission)
    record_state: str | None = None


@dataclass(frozen=True)
class SubmissionRejected(DomainEvent):
    teacher_id: str
    submission_id: str
    task_id: str
    entry_ids: list[Any]
    reason: str
    record_state: str | None = None  # as in SubmissionApproved


@dataclass(frozen=True)
class RecordReturned(DomainEvent):
    """退回: a manager returned a submitted record; its still-submitted entries are
    editable again and the submission's pending review tasks close."""

    teacher_id: str
    submission_id: str
    entry_ids: list[Any]
    reason: str


# change requests (变更申请) -------------------------------------------------
@dataclass(frozen=True)
class ChangeRequested(DomainEvent):
    teacher_id: str
    change_id: str
    set: str
    entry_id: str
    unit_code: str
    unit_path: list[str]
    name: str  # the teacher's name
    fields: dict[str, Any]  # the entry's whole content once the change applies
    previous: dict[str, Any]  # the entry's whole content when the request was filed
    changed: list[str]  # names of the fields whose value changes
    reason: str
    evidence: list[Any]  # [{name, note}]: references to the evidence, not files


@dataclass(frozen=True)
class EntryChanged(DomainEvent):
    """The province approved: the entry holds the new values and stays effective."""

    teacher_id: str
    change_id: str
    set: str
    entry_id: str
    fields: dict[str, Any]
    previous: dict[str, Any]
    changed: list[str]
    reason: str
    filed_by: dict[str, Any]  # actor and `at`
    school_approved_by: dict[str, Any]
    province_approved_by: dict[str, Any]


@dataclass(frozen=True)
class ChangeNotApplied(DomainEvent):
    """Approved, but the entry changed meanwhile (or the values no longer pass the set's
    rules): records refuses to apply a stale request."""

    teacher_id: str
    change_id: str
    set: str
    entry_id: str
    reason: str


@dataclass(frozen=True)
class ChangeRejected(DomainEvent):
    """The school or the province rejected the request: the entry is free again."""

    teacher_id: str
    change_id: str
    set: str
    entry_id: str
    level: str  # "school" | "province"
    reason: str


# teacher changes (教师变动) --------------------------------------------------
@dataclass(frozen=True)
class TeacherJoined(DomainEvent):
    """入职/调入: the teacher joins the school (again, after leaving)."""

    teacher_id: str
    staff_change_id: str
    date: str
    change_code: str
    staff_source: str  # 教职工来源
    unit_code: str
    unit_path: list[str]
    note: str = ""


@dataclass(frozen=True)
class TeacherTransferred(DomainEvent):
    """校内调动: the record moves to another unit of the same school."""

    teacher_id: str
    staff_change_id: str
    date: str
    change_code: str
    from_unit_code: str
    from_unit_path: list[str]
    to_unit_code: str
    to_unit_path: list[str]
    note: str = ""


@dataclass(frozen=True)
class TeacherLeft(DomainEvent):
    """离职/调离: status `left` from `date`."""

    teacher_id: str
    staff_change_id: str
    date: str
    change_code: str
    unit_code: str
    unit_path: list[str]
    note: str = ""


@dataclass(frozen=True)
class TeacherRetired(DomainEvent):
    """退休: status `retired` from `date`; retirees are out of the collection scope."""

    teacher_id: str
    staff_change_id: str
    date: str
    change_code: str
    unit_code: str
    unit_path: list[str]
    note: str = ""


@dataclass(frozen=True)
class TeacherDied(DomainEvent):
    """死亡: status `deceased` from `date`."""

    teacher_id: str
    staff_change_id: str
    date: str
    change_code: str
    unit_code: str
    unit_path: list[str]
    note: str = ""


# the school's training requirement (培训学分) ------------------------------------
@dataclass(frozen=True)
class TrainingRequirementSet(DomainEvent):
    """A school's yearly training requirement (学时, optionally 学分); the latest wins."""

    school_code: str
    year: int
    hours: int
    credits: str | None = None  # a decimal as text, like the training set's credits
