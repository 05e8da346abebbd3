"""Reading the teacher changes (教师变动) back, as of a day: column expressions
over `teachers` that the monthly report, the training summary and the rotation
listing filter and group by.

- A teacher's unit on a day is the unit of the latest transfer dated by then;
  before the first transfer, the unit it left; without transfers, the current
  one. So a month's report counts a transferred teacher in the new unit from
  the transfer date, and earlier months keep the old unit's history.
- A teacher is in the collection scope on a day unless the latest status change
  dated by then is leave, retire or death (a later join brings it back).
"""

import sqlalchemy as sa

from services.reporting.tables import staff_changes, teachers

STATUS_KINDS = ("join", "leave", "retire", "death")


def _changes_of_teacher():
    return staff_changes.c.teacher_id == teachers.c.teacher_id


def unit_at(day: str):
    """The teacher's unit on `day` (YYYY-MM-DD): a column expression over `teachers`."""

    def transfer(column):
        return sa.select(column).where(_changes_of_teacher(), staff_changes.c.kind == "transfer")

    latest = (
        transfer(staff_changes.c.to_unit_code)
        .where(staff_changes.c.date <= day)
        .order_by(staff_changes.c.date.desc(), staff_changes.c.position.desc())
        .limit(1)
        .correlate(teachers)
        .scalar_subquery()
    )
    before_first = (
        transfer(staff_changes.c.unit_code)
        .order_by(staff_changes.c.date, staff_changes.c.position)
        .limit(1)
        .correlate(teachers)
        .scalar_subquery()
    )
    return sa.func.coalesce(latest, before_first, teachers.c.unit_code)


def status_at(day: str):
    """active, left, retired or deceased on `day`: a column expression over `teachers`."""
    latest = (
        sa.select(staff_changes.c.status_after)
        .where(
            _changes_of_teacher(),
            staff_changes.c.kind.in_(STATUS_KINDS),
            staff_changes.c.date <= day,
        )
        .order_by(staff_changes.c.date.desc(), staff_changes.c.position.desc())
        .limit(1)
        .correlate(teachers)
        .scalar_subquery()
    )
    return sa.func.coalesce(latest, "active")


def in_service(day: str):
    """In the collection scope on `day`: not left, retired or deceased by then."""
    return status_at(day) == "active"
