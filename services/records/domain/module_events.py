"""Facts of the business modules that records owns (教师变动, 培训学分 requirement).

A teacher change is appended to the teacher's stream (`teacher-<teacher_id>`);
each carries its date (when it happened, `YYYY-MM-DD`), the statistical change
code (教师变动 code table) and the teacher's unit, so consumers need no lookup.
Leaving, retiring and death change the record's status; nothing is deleted.
A school's yearly training requirement has its own stream
(`training-requirement-<school_code>`).
"""
from dataclasses import dataclass

from shared.events import DomainEvent


@dataclass(frozen=True)
class TeacherJoined(DomainEvent):
    """入职/调入: the teacher joins the school (again, after leaving)."""
    teacher_id: str
    staff_change_id: str
    date: str
    change_code: str
    staff_source: str  # 教职工来源
    unit_code: str
    unit_path: list
    note: str = ""


@dataclass(frozen=True)
class TeacherTransferred(DomainEvent):
    """校内调动: the record moves to another unit of the same school."""
    teacher_id: str
    staff_change_id: str
    date: str
    change_code: str
    from_unit_code: str
    from_unit_path: list
    to_unit_code: str
    to_unit_path: list
    note: str = ""


@dataclass(frozen=True)
class TeacherLeft(DomainEvent):
    """离职/调离: status `left` from `date`."""
    teacher_id: str
    staff_change_id: str
    date: str
    change_code: str
    unit_code: str
    unit_path: list
    note: str = ""


@dataclass(frozen=True)
class TeacherRetired(DomainEvent):
    """退休: status `retired` from `date`; retirees are out of the collection scope."""
    teacher_id: str
    staff_change_id: str
    date: str
    change_code: str
    unit_code: str
    unit_path: list
    note: str = ""


@dataclass(frozen=True)
class TeacherDied(DomainEvent):
    """死亡: status `deceased` from `date`."""
    teacher_id: str
    staff_change_id: str
    date: str
    change_code: str
    unit_code: str
    unit_path: list
    note: str = ""


@dataclass(frozen=True)
class TrainingRequirementSet(DomainEvent):
    """A school's yearly training requirement (学时, optionally 学分); the latest wins."""
    school_code: str
    year: int
    hours: int
    credits: str | None = None  # a decimal as text, like the training set's credits
