"""教师变动 (teacher changes) in the records read side: the teacher list follows
transfers and statuses (same transaction as the events), and is narrowed by status.

- A transfer moves the teacher's row (`teachers.unit_code`/`unit_path`): scope
  follows at once. Leaving, retiring and death set `staff_status`; the teacher
  list shows active teachers unless `?status=` asks for others (`all`: every one).
"""

import sqlalchemy as sa

from services.records.domain import staff_changes
from services.records.tables import staff_status, teachers
from shared import org_tree

LIST_STATUSES = (*staff_changes.STATUSES, "all")


# keeping the tables in step ----------------------------------------------------
def apply(conn, envelope: dict):
    kind = staff_changes.KIND_OF_EVENT.get(envelope["type"])
    if kind is None:
        return
    data, at = envelope["data"], envelope["occurred_at"]
    if kind == "transfer":
        conn.execute(
            teachers.update()
            .where(teachers.c.teacher_id == data["teacher_id"])
            .values(
                unit_code=data["to_unit_code"],
                unit_path=org_tree.path_text(data["to_unit_path"]),
                updated_at=at,
            )
        )
        return
    values = {
        "status": staff_changes.STATUS_AFTER[kind],
        "status_date": data["date"],
        "updated_at": at,
    }
    done = conn.execute(
        staff_status.update()
        .where(staff_status.c.teacher_id == data["teacher_id"])
        .values(**values)
    )
    if not done.rowcount:
        conn.execute(staff_status.insert().values(teacher_id=data["teacher_id"], **values))


# the teacher list ----------------------------------------------------------------
def status_condition(status: str | None):
    """Teachers in `status` (default: active, i.e. in the collection scope)."""
    if status == "all":
        return sa.true()
    not_active = sa.select(staff_status.c.teacher_id).where(staff_status.c.status != "active")
    if status in (None, "active"):
        return teachers.c.teacher_id.not_in(not_active)
    return teachers.c.teacher_id.in_(
        sa.select(staff_status.c.teacher_id).where(staff_status.c.status == status)
    )


def statuses_of(conn, teacher_ids: list) -> dict:
    """`{teacher_id: {status, status_date}}`; a teacher without a row is active."""
    rows = (
        conn.execute(
            sa.select(staff_status).where(staff_status.c.teacher_id.in_(teacher_ids))
        ).all()
        if teacher_ids
        else []
    )
    found = {r.teacher_id: {"status": r.status, "status_date": r.status_date} for r in rows}
    return {t: found.get(t, {"status": "active", "status_date": None}) for t in teacher_ids}
