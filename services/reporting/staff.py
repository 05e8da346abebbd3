"""Reading the teacher changes (教师变动) and the module usage back, as of a day.

- A teacher's unit on a day is the unit of the latest transfer dated by then;
  before the first transfer, the unit it left; without transfers, the current
  one. So a month's report counts a transferred teacher in the new unit from
  the transfer date, and earlier months keep the old unit's history.
- A teacher is in the collection scope on a day unless the latest status change
  dated by then is leave, retire or death (a later join brings it back).
- 业务管理应用情况 (附件4): a unit uses a module by a cutoff when its first use of
  it (modules.py) is at or before the cutoff.
"""
import sqlalchemy as sa

from services.reporting.models import teachers
from services.reporting.module_models import module_usage, staff_changes
from services.reporting.modules import MODULES

FLAGS = {module: f"uses_{module}" for module in MODULES}
STATUS_KINDS = ("join", "leave", "retire", "death")


def _changes_of_teacher():
    return staff_changes.c.teacher_id == teachers.c.teacher_id


def unit_at(day: str):
    """The teacher's unit on `day` (YYYY-MM-DD): a column expression over `teachers`."""
    def transfer(column):
        return sa.select(column).where(_changes_of_teacher(), staff_changes.c.kind == "transfer")
    latest = (transfer(staff_changes.c.to_unit_code).where(staff_changes.c.date <= day)
              .order_by(staff_changes.c.date.desc(), staff_changes.c.position.desc())
              .limit(1).correlate(teachers).scalar_subquery())
    before_first = (transfer(staff_changes.c.unit_code)
                    .order_by(staff_changes.c.date, staff_changes.c.position)
                    .limit(1).correlate(teachers).scalar_subquery())
    return sa.func.coalesce(latest, before_first, teachers.c.unit_code)


def status_at(day: str):
    """active, left, retired or deceased on `day`: a column expression over `teachers`."""
    latest = (sa.select(staff_changes.c.status_after)
              .where(_changes_of_teacher(), staff_changes.c.kind.in_(STATUS_KINDS),
                     staff_changes.c.date <= day)
              .order_by(staff_changes.c.date.desc(), staff_changes.c.position.desc())
              .limit(1).correlate(teachers).scalar_subquery())
    return sa.func.coalesce(latest, "active")


def in_service(day: str):
    """In the collection scope on `day`: not left, retired or deceased by then."""
    return status_at(day) == "active"


# the monthly report's 业务管理应用情况 ------------------------------------------------
def usage(conn, unit_codes: list, cutoff: str) -> dict:
    """`{unit_code: {uses_teacher_changes, uses_rotation, uses_training}}` as of `cutoff`."""
    used = {(r.unit_code, r.module) for r in conn.execute(
        sa.select(module_usage.c.unit_code, module_usage.c.module).where(
            module_usage.c.unit_code.in_(unit_codes),
            module_usage.c.first_used_at <= cutoff))} if unit_codes else set()
    return {code: {flag: (code, module) in used for module, flag in FLAGS.items()}
            for code in unit_codes}


def flag_rows(conn, rows: list, cutoff: str) -> list:
    """Add the three 是否启用 flags to each row of a monthly report."""
    flags = usage(conn, [r["unit_code"] for r in rows], cutoff)
    for row in rows:
        row.update(flags[row["unit_code"]])
    return rows


def flag_totals(rows: list) -> dict:
    """The totals' flags: whether any unit uses the module, and how many do."""
    totals = {}
    for flag in FLAGS.values():
        totals[flag] = any(r[flag] for r in rows)
        totals[flag.replace("uses_", "units_using_")] = sum(1 for r in rows if r[flag])
    return totals


# the audit trail ---------------------------------------------------------------------
def trail_details(conn, teacher_id: str) -> dict:
    """`{("records", position): {"change": {...}}}` for the teacher's change items."""
    rows = conn.execute(sa.select(staff_changes).where(staff_changes.c.teacher_id == teacher_id))
    details = {}
    for r in rows:
        change = {"kind": r.kind, "date": r.date, "change_code": r.change_code,
                  "note": r.note or ""}
        if r.kind == "transfer":
            change.update(from_unit_code=r.unit_code, to_unit_code=r.to_unit_code)
        else:
            change.update(unit_code=r.unit_code, status=r.status_after)
        if r.staff_source:
            change["staff_source"] = r.staff_source
        details[("records", r.position)] = {"change": change}
    return details

