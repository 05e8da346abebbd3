"""Reads of 交流轮岗: the teachers in an org's subtree with effective rotation
entries (`active`: only those current this month — started, not ended).

Only effective (approved) entries of a kind other than 0 无 are listed, of
teachers in the collection scope (not left, retired or deceased), by their
current unit.
"""

from datetime import date

import sqlalchemy as sa

from services.reporting.queries import staff_changes
from services.reporting.queries.scope import org_in_scope, require_reader
from services.reporting.tables import rotation_entries, teachers
from shared import org_tree
from shared.caller import Caller

NO_ROTATION = "0"


def current_condition(month: str):
    r = rotation_entries.c
    return sa.and_(r.start_month <= month, sa.or_(r.end_month.is_(None), r.end_month >= month))


def list_rotations(conn, caller: Caller, query: dict) -> dict:
    require_reader(caller)
    org = org_in_scope(conn, caller, query.get("org_code") or caller.org_code)
    today = date.today()
    month, r = today.isoformat()[:7], rotation_entries.c
    conditions = [
        r.state == "approved",
        r.rotation_kind != NO_ROTATION,
        org_tree.in_subtree(teachers.c.unit_code, org.code, teachers.c.unit_path),
        staff_changes.in_service(today.isoformat()),
    ]
    if query.get("active"):
        conditions.append(current_condition(month))
    joined = rotation_entries.join(teachers, teachers.c.teacher_id == r.teacher_id)
    total = conn.execute(
        sa.select(sa.func.count()).select_from(joined).where(*conditions)
    ).scalar_one()
    rows = conn.execute(
        sa.select(
            rotation_entries,
            teachers.c.teacher_no,
            teachers.c.name,
            teachers.c.unit_code,
            current_condition(month).label("current"),
        )
        .select_from(joined)
        .where(*conditions)
        .order_by(teachers.c.unit_code, teachers.c.teacher_no, r.start_month)
        .limit(query.get("limit") or 50)
        .offset(query.get("offset") or 0)
    ).all()
    items = [
        {
            "teacher_id": x.teacher_id,
            "teacher_no": x.teacher_no,
            "name": x.name,
            "unit_code": x.unit_code,
            "entry_id": x.entry_id,
            "rotation_kind": x.rotation_kind,
            "transfers_relation": x.transfers_relation,
            "start_month": x.start_month,
            "end_month": x.end_month,
            "origin_unit": x.origin_unit,
            "target_unit": x.target_unit,
            "current": bool(x.current),
        }
        for x in rows
    ]
    return {"org_code": org.code, "month": month, "items": items, "total": total}
