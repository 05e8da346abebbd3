"""Keeps the `change_requests` table in step with each appended chain event (same
transaction as the append)."""
import sqlalchemy as sa

from services.audit.domain.change_events import CHAIN_EVENTS
from services.audit.domain.change_request import decision_record
from services.audit.models import change_requests

LEVEL_OF = {"ChangeRequestSchoolApproved": "school", "ChangeRequestProvinceApproved": "province"}


def apply(conn, envelope: dict):
    kind, data, at = envelope["type"], envelope["data"], envelope["occurred_at"]
    if kind not in CHAIN_EVENTS:
        return
    if kind == "ChangeRequestFiled":
        conn.execute(change_requests.insert().values(
            change_id=data["change_id"], teacher_id=data["teacher_id"],
            teacher_name=data["teacher_name"], set_name=data["set"], entry_id=data["entry_id"],
            unit_code=data["unit_code"], unit_path="/" + "/".join(data["unit_path"]) + "/",
            new_fields=data["fields"], previous=data["previous"], changed=data["changed"],
            reason=data["reason"], evidence=data["evidence"], filed_by=data["filed_by"],
            filed_at=data["filed_at"], state="filed", decisions=[], updated_at=at))
        return
    row = change_requests.c.change_id == data["change_id"]
    if kind == "ChangeRequestClosed":
        conn.execute(change_requests.update().where(row).values(
            outcome=data["outcome"], outcome_reason=data["reason"], outcome_at=at,
            updated_at=at))
        return
    who = {**envelope["metadata"]["actor"], "at": at}
    if kind == "ChangeRequestRejected":
        state, decision = "rejected", decision_record(data["level"], "reject", data, who)
    else:
        state = LEVEL_OF[kind] + "_approved"
        decision = decision_record(LEVEL_OF[kind], "approve", data, who)
    decisions = conn.execute(sa.select(change_requests.c.decisions).where(row)).scalar() or []
    conn.execute(change_requests.update().where(row).values(
        state=state, decisions=[*decisions, decision], updated_at=at))
