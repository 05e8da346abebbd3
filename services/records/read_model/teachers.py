"""Keeps the teacher list (`teachers`) in step with each appended records event, in the
transaction of the append (the service's `on_append`); teacher changes go on to
`staff_status.py`."""

import sqlalchemy as sa

from services.records.read_model import staff_status
from services.records.tables import teachers

STATE_AFTER = {
    "RecordSubmitted": "submitted",
    "SubmissionApproved": "approved",
    "SubmissionRejected": "rejected",
    "RecordReturned": "returned",
}

# an entry filled: the record is a draft again, unless a submission waits for review
_FILLED = (
    teachers.update()
    .where(teachers.c.teacher_id == sa.bindparam("b_id"))
    .values(
        updated_at=sa.bindparam("b_at"),
        state=sa.case(
            (teachers.c.state == "submitted", teachers.c.state), else_=sa.literal("draft")
        ),
    )
)
_FILLED_BASIC = _FILLED.values(name=sa.bindparam("b_name"), gender=sa.bindparam("b_gender"))


def apply(conn, envelope: dict):
    data, at, kind = envelope["data"], envelope["occurred_at"], envelope["type"]
    if kind == "RecordOpened":
        basic = data["basic_fields"]
        conn.execute(
            teachers.insert().values(
                teacher_id=data["teacher_id"],
                account_id=data["account_id"],
                teacher_no=data["teacher_no"],
                name=data["name"],
                gender=basic.get("gender"),
                id_type=basic.get("id_type"),
                id_number=basic.get("id_number"),
                unit_code=data["unit_code"],
                unit_path="/" + "/".join(data["unit_path"]) + "/",
                state="draft",
                updated_at=at,
            )
        )
    elif kind == "EntryFilled":  # one prebuilt statement: a sheet import appends thousands
        if data["set"] == "basic_info":
            conn.execute(
                _FILLED_BASIC,
                {
                    "b_id": data["teacher_id"],
                    "b_at": at,
                    "b_name": data["fields"].get("name"),
                    "b_gender": data["fields"].get("gender"),
                },
            )
        else:
            conn.execute(_FILLED, {"b_id": data["teacher_id"], "b_at": at})
    elif kind == "EntryChanged":  # a change request applied (handlers/change_requests.py)
        values = {"updated_at": at}
        if data["set"] == "basic_info":
            values.update(name=data["fields"].get("name"), gender=data["fields"].get("gender"))
        conn.execute(
            teachers.update().where(teachers.c.teacher_id == data["teacher_id"]).values(**values)
        )
    elif kind in STATE_AFTER:
        conn.execute(
            teachers.update()
            .where(teachers.c.teacher_id == data["teacher_id"])
            .values(state=data.get("record_state") or STATE_AFTER[kind], updated_at=at)
        )
    staff_status.apply(conn, envelope)  # 教师变动: a transfer moves the row; statuses
