"""Review tasks (审核) on the read side: the `review_tasks` list kept in step with each
appended review event (same transaction), and the task list and task answers read from it."""

import sqlalchemy as sa

from services.audit.domain import review as domain
from services.audit.repository import ReviewTasks
from services.audit.tables import review_tasks
from shared import org_tree
from shared.caller import Caller
from shared.errors import Forbidden
from shared.indicators.masking import masked_fields, masked_for


def apply(conn, envelope: dict):
    data = envelope["data"]
    if envelope["type"] == "ReviewTaskOpened":
        conn.execute(
            review_tasks.insert().values(
                task_id=data["task_id"],
                kind=data["kind"],
                teacher_id=data["teacher_id"],
                teacher_name=data["teacher_name"],
                submission_id=data["submission_id"],
                unit_code=data["unit_code"],
                unit_path="/" + "/".join(data["unit_path"]) + "/",
                submitted_by=data["submitted_by"],
                submitted_at=data["submitted_at"],
                changes=data["changes"],
                state="pending",
                review_level=data.get("review_level") or "unit",
            )
        )
    elif envelope["type"] == "ReviewDecided":
        conn.execute(
            review_tasks.update()
            .where(review_tasks.c.task_id == data["task_id"])
            .values(
                state="approved" if data["decision"] == "approve" else "rejected",
                decided_by=envelope["metadata"]["actor"],
                decided_at=envelope["occurred_at"],
                reason=data["reason"],
            )
        )
    elif envelope["type"] == "ReviewTaskReturned":
        conn.execute(
            review_tasks.update()
            .where(review_tasks.c.task_id == data["task_id"])
            .values(
                state="returned",
                decided_by=envelope["metadata"]["actor"],
                decided_at=envelope["occurred_at"],
                reason=data["reason"],
            )
        )


def task_view(row, masked: bool = False) -> dict:
    """`masked` (info_query): the personal fields of each change are masked, as in the
    record and in change requests."""
    changes = row.changes
    if masked:
        changes = [
            {**c, "fields": masked_fields(c.get("set"), c.get("fields") or {})}
            for c in changes or ()
        ]
    return {
        "task_id": row.task_id,
        "kind": row.kind,
        "teacher_id": row.teacher_id,
        "teacher_name": row.teacher_name,
        "unit_code": row.unit_code,
        "submission_id": row.submission_id,
        "submitted_by": row.submitted_by,
        "submitted_at": row.submitted_at,
        "changes": changes,
        "state": row.state,
        "decided_by": row.decided_by,
        "decided_at": row.decided_at,
        "reason": row.reason,
        "review_level": row.review_level,
    }


def list_tasks(storage, caller: Caller, query: dict) -> dict:
    if caller.role not in (*domain.REVIEWER_ROLES, "system_admin", "info_query"):
        raise Forbidden("review tasks are for managers")
    conditions = [
        org_tree.in_subtree(review_tasks.c.unit_code, caller.org_code, review_tasks.c.unit_path)
    ]
    if query["state"] and query["state"] != "all":
        conditions.append(review_tasks.c.state == query["state"])
    if query.get("review_level"):
        conditions.append(review_tasks.c.review_level == query["review_level"])
    with storage.connect() as conn:
        total = conn.execute(
            sa.select(sa.func.count()).select_from(review_tasks).where(*conditions)
        ).scalar_one()
        rows = conn.execute(
            sa.select(review_tasks)
            .where(*conditions)
            .order_by(review_tasks.c.submitted_at)
            .limit(query["limit"])
            .offset(query["offset"])
        ).all()
    masked = masked_for(caller)
    return {"items": [task_view(r, masked) for r in rows], "total": total}


def task_row(conn, task_id):
    return conn.execute(sa.select(review_tasks).where(review_tasks.c.task_id == task_id)).first()


def unit_path_of(conn, task: domain.Task) -> list:
    """Where the task's unit is in the org tree now (units move)."""
    return org_tree.current_path(conn, task.unit_code, task.unit_path)


def get_task(storage, caller: Caller, task_id: str) -> dict:
    with storage.connect() as conn:
        task = ReviewTasks.reading(conn, storage.store).get(task_id)
        domain.check_can_see(caller, task, unit_path_of(conn, task))
        return task_view(task_row(conn, task_id), masked_for(caller))
