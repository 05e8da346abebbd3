"""Reads of 培训学分（学时）: an org's yearly summary per unit with who is below the
requirement, and one teacher's totals per year. Only effective (approved)
training entries count (rules: domain/training.py).

The requirement is the school's own for the year (TrainingRequirementSet) or
the `TRAINING_REQUIRED_HOURS` setting (default 72). Readers: managers and query
accounts in scope; a teacher reads its own totals.
"""

from datetime import date

import sqlalchemy as sa

from services.reporting.domain import training as rules
from services.reporting.queries import staff_changes
from services.reporting.queries.scope import org_in_scope, require_reader
from services.reporting.tables import (
    orgs,
    teachers,
    training_entries,
    training_requirements,
)
from shared import config, org_tree
from shared.caller import Caller
from shared.errors import NotFound
from shared.org_tree import path_list


def default_hours() -> int:
    return config.settings().training_required_hours


def _recorded(conn) -> dict:
    return {
        (r.school_code, r.year): (r.hours, r.credits)
        for r in conn.execute(sa.select(training_requirements))
    }


def _school_of(path: list) -> str | None:
    return path[1] if len(path) > 1 else None


def _effective(year: int):
    """Per teacher: the year's hours and credits of effective entries (a subquery)."""
    e = training_entries
    return (
        sa.select(
            e.c.teacher_id,
            sa.func.sum(e.c.hours).label("hours"),
            sa.func.sum(e.c.credits).label("credits"),
        )
        .where(e.c.state == "approved", e.c.year == year)
        .group_by(e.c.teacher_id)
        .subquery()
    )


def training_summary(conn, caller: Caller, org_code: str | None, year: int | None) -> dict:
    require_reader(caller)
    org = org_in_scope(conn, caller, org_code or caller.org_code)
    year = year or date.today().year
    day = rules.reference_day(year, date.today())
    unit, totals = staff_changes.unit_at(day), _effective(year)
    found = conn.execute(
        sa.select(
            teachers.c.teacher_id,
            teachers.c.teacher_no,
            teachers.c.name,
            unit.label("unit_code"),
            totals.c.hours,
            totals.c.credits,
        )
        .select_from(teachers.outerjoin(totals, totals.c.teacher_id == teachers.c.teacher_id))
        .where(
            org_tree.in_subtree(unit, org.code, teachers.c.unit_path), staff_changes.in_service(day)
        )
        .order_by(unit, teachers.c.teacher_no)
    ).all()
    below_org = conn.execute(
        sa.select(orgs)
        .where(orgs.c.path.startswith(org.path, autoescape=True))
        .order_by(orgs.c.path)
    ).all()
    paths = {o.code: path_list(o.path) for o in below_org}
    used = {t.unit_code for t in found}
    units = [
        (o.code, o.name)
        for o in below_org
        if (o.level == "unit" and not o.closed) or o.code in used
    ]
    recorded, hours = _recorded(conn), default_hours()

    def requirement_of(teacher):
        school = _school_of(paths.get(teacher["unit_code"]) or [])
        return rules.requirement_for(school, year, recorded, hours)

    summary = rules.summarize([t._asdict() for t in found], units, requirement_of)
    own = rules.requirement_for(_school_of(path_list(org.path)), year, recorded, hours)
    return {
        "org_code": org.code,
        "org_name": org.name,
        "year": year,
        "as_of": day,
        "requirement": own.as_dict(),
        "effective_only": True,
        **summary,
    }


def teacher_training(conn, caller: Caller, teacher_id: str, year: int | None) -> dict:
    """One teacher's effective training per year (all years, or `year`)."""
    row = conn.execute(sa.select(teachers).where(teachers.c.teacher_id == teacher_id)).first()
    path = org_tree.current_path(conn, row.unit_code, path_list(row.unit_path)) if row else []
    # a teacher's scope is its own record, not its whole unit: another teacher is 404
    staff_in_scope = caller.role != "teacher" and caller.covers(path)
    if row is None or not (caller.is_teacher(teacher_id) or staff_in_scope):
        raise NotFound(
            f"no teacher {teacher_id}", {"teacher_id": ["没有这个教师 (no such teacher)"]}
        )
    if not caller.is_teacher(teacher_id):
        require_reader(caller)
    entries = conn.execute(
        sa.select(training_entries)
        .where(
            training_entries.c.teacher_id == teacher_id,
            *([training_entries.c.year == year] if year else []),
        )
        .order_by(training_entries.c.year, training_entries.c.project_name)
    ).all()
    effective = [e for e in entries if e.state == "approved"]
    recorded, hours, school = _recorded(conn), default_hours(), _school_of(path)
    years = []
    for y in sorted({e.year for e in effective if e.year} | ({year} if year else set())):
        of_year = [e for e in effective if e.year == y]
        total_hours = sum(e.hours or 0 for e in of_year)
        total_credits = rules.round_credits(sum(e.credits or 0 for e in of_year))
        required = rules.requirement_for(school, y, recorded, hours)
        years.append(
            {
                "year": y,
                "hours": total_hours,
                "credits": total_credits,
                "entries": len(of_year),
                "requirement": required.as_dict(),
                "below_requirement": rules.is_below(total_hours, total_credits, required),
            }
        )
    answer = {
        "teacher_id": teacher_id,
        "teacher_no": row.teacher_no,
        "name": row.name,
        "unit_code": row.unit_code,
        "year": year,
        "effective_only": True,
        "years": years,
        "entries": [_entry(e) for e in effective],
        "not_effective": len(entries) - len(effective),
    }
    if year:
        answer.update(
            {k: years[0][k] for k in ("hours", "credits", "requirement", "below_requirement")}
        )
    return answer


def _entry(e) -> dict:
    return {
        "entry_id": e.entry_id,
        "year": e.year,
        "hours": e.hours,
        "credits": e.credits,
        "training_kind": e.training_kind,
        "project_name": e.project_name,
    }
