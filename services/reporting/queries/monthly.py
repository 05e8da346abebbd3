"""The monthly report (附件4 月报表): progress of collection and review per unit,
as it stood at the end of a month, with the 业务管理应用情况 flags (usage.py).

Readers are system admins, info managers and info query accounts, within their
org subtree (scope.py).
"""

import calendar
import re

import sqlalchemy as sa

from services.reporting.queries import staff_changes, usage
from services.reporting.queries.scope import org_in_scope, require_reader
from services.reporting.tables import orgs, teacher_states, teachers
from shared import org_tree
from shared.caller import Caller
from shared.errors import ValidationError

# `pending`: records waiting for review now; a returned (退回) record is not pending
COUNTERS = ("teachers", "entered", "submitted", "pending", "approved", "rejected", "returned")
MONTH = re.compile(r"([1-9]\d{3})-(0[1-9]|1[0-2])")


def month_cutoff(month) -> str:
    """The last instant of a "YYYY-MM" month (UTC), in the projections' time format."""
    match = MONTH.fullmatch(month) if isinstance(month, str) else None
    if match is None:
        raise ValidationError(
            "month must be YYYY-MM", {"month": ["格式应为 YYYY-MM (expected YYYY-MM)"]}
        )
    year, mon = int(match.group(1)), int(match.group(2))
    last_day = calendar.monthrange(year, mon)[1]
    return f"{year:04d}-{mon:02d}-{last_day:02d}T23:59:59.999999+00:00"


# monthly report ------------------------------------------------------------
def monthly_report(conn, caller: Caller, org_code: str, month: str) -> dict:
    """Progress of collection and review per unit, as it stood at the end of `month`."""
    require_reader(caller)
    cutoff = month_cutoff(month)
    org = org_in_scope(conn, caller, org_code)
    row_orgs = _row_orgs(conn, org, cutoff)
    counted = _counts(conn, [o.code for o in row_orgs], cutoff)
    rows = [_row(o, counted.get(o.code, {})) for o in row_orgs]
    usage.flag_rows(conn, rows, cutoff)  # 业务管理应用情况: uses_teacher_changes, ...
    return {
        "org_code": org.code,
        "org_name": org.name,
        "month": month,
        "cutoff": cutoff,
        "rows": rows,
        "totals": {**_totals(rows), **usage.flag_totals(rows)},
    }


def _row_orgs(conn, org, cutoff: str) -> list:
    """The report's lines: every unit in the subtree (the org itself included
    when it is a unit), plus any other org there with teachers of its own."""
    below = conn.execute(
        sa.select(orgs)
        .where(
            orgs.c.path.startswith(org.path, autoescape=True),
            sa.or_(orgs.c.created_at <= cutoff, orgs.c.code == org.code),
        )
        .order_by(orgs.c.path)
    ).all()
    direct = set(
        conn.execute(
            sa.select(teachers.c.unit_code)
            .distinct()
            .where(
                org_tree.in_subtree(teachers.c.unit_code, org.code, teachers.c.unit_path),
                teachers.c.opened_at <= cutoff,
            )
        ).scalars()
    )
    return [o for o in below if o.level == "unit" or o.code in direct]


def _counts(conn, codes: list, cutoff: str) -> dict:
    """Counters per unit code over the teachers opened by the cutoff."""
    if not codes:
        return {}
    state_at_cutoff = (
        sa.select(teacher_states.c.state)
        .where(teacher_states.c.teacher_id == teachers.c.teacher_id, teacher_states.c.at <= cutoff)
        .order_by(teacher_states.c.at.desc(), teacher_states.c.position.desc())
        .limit(1)
        .correlate(teachers)
        .scalar_subquery()
    )
    # 教师变动 (staff_changes.py): the unit on the cutoff's day; leavers and retirees not counted
    unit, day = staff_changes.unit_at(cutoff[:10]), cutoff[:10]
    t = (
        sa.select(
            unit.label("unit_code"),
            teachers.c.first_filled_at,
            teachers.c.first_submitted_at,
            teachers.c.first_approved_at,
            state_at_cutoff.label("state"),
        )
        .where(unit.in_(codes), teachers.c.opened_at <= cutoff, staff_changes.in_service(day))
        .subquery()
    )

    def upto(column):
        return sa.func.sum(sa.case((column <= cutoff, 1), else_=0))

    def latest(column):
        return sa.func.max(sa.case((column <= cutoff, column), else_=None))

    def in_state(state):
        return sa.func.sum(sa.case((t.c.state == state, 1), else_=0))

    query = sa.select(
        t.c.unit_code,
        sa.func.count().label("teachers"),
        upto(t.c.first_filled_at).label("entered"),
        upto(t.c.first_submitted_at).label("submitted"),
        in_state("submitted").label("pending"),
        upto(t.c.first_approved_at).label("approved"),
        in_state("rejected").label("rejected"),
        in_state("returned").label("returned"),
        latest(t.c.first_filled_at).label("last_entered_at"),
        latest(t.c.first_approved_at).label("last_approved_at"),
    ).group_by(t.c.unit_code)
    return {r.unit_code: r._asdict() for r in conn.execute(query)}


def _row(org, counted: dict) -> dict:
    row = {"unit_code": org.code, "unit_name": org.name}
    row.update({name: int(counted.get(name) or 0) for name in COUNTERS})
    return _complete(row, counted.get("last_entered_at"), counted.get("last_approved_at"))


def _complete(row: dict, last_entered_at, last_approved_at) -> dict:
    """附件4's 已完成/未完成 boxes and their completion dates (全部录入/审核完成日期)."""
    row["entry_complete"] = row["teachers"] > 0 and row["entered"] == row["teachers"]
    row["review_complete"] = row["teachers"] > 0 and row["approved"] == row["teachers"]
    row["entry_completed_at"] = last_entered_at if row["entry_complete"] else None
    row["review_completed_at"] = last_approved_at if row["review_complete"] else None
    return row


def _totals(rows: list) -> dict:
    totals = {name: sum(r[name] for r in rows) for name in COUNTERS}
    entered = [r["entry_completed_at"] for r in rows if r["entry_completed_at"]]
    approved = [r["review_completed_at"] for r in rows if r["review_completed_at"]]
    return _complete(totals, max(entered, default=None), max(approved, default=None))
