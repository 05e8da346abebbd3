"""Keeps the task list in step with each appended audit event (same transaction)."""
from services.audit import change_read_model
from services.audit.models import review_tasks


def apply(conn, envelope: dict):
    change_read_model.apply(conn, envelope)  # change requests (变更申请)
    data = envelope["data"]
    if envelope["type"] == "ReviewTaskOpened":
        conn.execute(review_tasks.insert().values(
            task_id=data["task_id"], kind=data["kind"], teacher_id=data["teacher_id"],
            teacher_name=data["teacher_name"], submission_id=data["submission_id"],
            unit_code=data["unit_code"], unit_path="/" + "/".join(data["unit_path"]) + "/",
            submitted_by=data["submitted_by"], submitted_at=data["submitted_at"],
            changes=data["changes"], state="pending",
            review_level=data.get("review_level") or "unit"))
    elif envelope["type"] == "ReviewDecided":
        conn.execute(review_tasks.update().where(review_tasks.c.task_id == data["task_id"]).values(
            state="approved" if data["decision"] == "approve" else "rejected",
            decided_by=envelope["metadata"]["actor"], decided_at=envelope["occurred_at"],
            reason=data["reason"]))
    elif envelope["type"] == "ReviewTaskReturned":
        conn.execute(review_tasks.update().where(review_tasks.c.task_id == data["task_id"]).values(
            state="returned", decided_by=envelope["metadata"]["actor"],
            decided_at=envelope["occurred_at"], reason=data["reason"]))
