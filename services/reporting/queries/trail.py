"""A teacher's audit trail: every change of the record in order, with who did it
(谁填报谁负责，谁审核谁负责); change-request items add the request and the deciding
level, teacher changes (教师变动) the change itself.

Readers are system admins, info managers and info query accounts whose subtree
holds the teacher's unit now; any other teacher answers NotFound, like one that
does not exist.
"""

import sqlalchemy as sa

from services.reporting.queries.scope import require_reader
from services.reporting.tables import staff_changes, teachers, trail_changes
from services.reporting.tables import trail as trail_items
from shared import org_tree
from shared.caller import Caller
from shared.errors import NotFound
from shared.org_tree import path_list


def trail(conn, caller: Caller, teacher_id: str) -> dict:
    """Every change of a teacher's record in order, with who did it (谁填报谁负责)."""
    require_reader(caller)
    row = conn.execute(
        sa.select(teachers.c.unit_code, teachers.c.unit_path).where(
            teachers.c.teacher_id == teacher_id
        )
    ).first()
    if row is None or not caller.covers(
        org_tree.current_path(conn, row.unit_code, path_list(row.unit_path))
    ):
        raise NotFound(
            f"no teacher {teacher_id}", {"teacher_id": ["没有这个教师 (no such teacher)"]}
        )
    # in time order (the audit log's change-request decisions fall between records'
    # events); within one source, position is the order
    source_rank = sa.case((trail_items.c.source == "records", 0), else_=1)
    items = conn.execute(
        sa.select(trail_items)
        .where(trail_items.c.teacher_id == teacher_id)
        .order_by(trail_items.c.at, source_rank, trail_items.c.position)
    ).all()
    changes = _change_requests(conn, teacher_id)
    changes.update(_staff_changes(conn, teacher_id))  # 教师变动: {"change": {...}}
    return {
        "teacher_id": teacher_id,
        "items": [{**_item(i), **changes.get((i.source, i.position), {})} for i in items],
    }


def _item(row) -> dict:
    return {
        "at": row.at,
        "event": row.event,
        "set": row.set_name,
        "entry_id": row.entry_id,
        "actor": {
            "username": row.actor_username,
            "role": row.actor_role,
            "org_code": row.actor_org_code,
        },
        "decision": row.decision,
        "reason": row.reason,
    }


def _change_requests(conn, teacher_id: str) -> dict:
    """{(source, position): {change_id, level}} of a teacher's change-request items."""
    rows = conn.execute(sa.select(trail_changes).where(trail_changes.c.teacher_id == teacher_id))
    return {(r.source, r.position): {"change_id": r.change_id, "level": r.level} for r in rows}


def _staff_changes(conn, teacher_id: str) -> dict:
    """`{("records", position): {"change": {...}}}` for the teacher's change items."""
    rows = conn.execute(sa.select(staff_changes).where(staff_changes.c.teacher_id == teacher_id))
    details = {}
    for r in rows:
        change = {
            "kind": r.kind,
            "date": r.date,
            "change_code": r.change_code,
            "note": r.note or "",
        }
        if r.kind == "transfer":
            change.update(from_unit_code=r.unit_code, to_unit_code=r.to_unit_code)
        else:
            change.update(unit_code=r.unit_code, status=r.status_after)
        if r.staff_source:
            change["staff_source"] = r.staff_source
        details[("records", r.position)] = {"change": change}
    return details
