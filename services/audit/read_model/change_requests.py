"""Change requests (变更申请) on the read side: the `change_requests` table kept in step
with each appended chain event (same transaction as the append), and the list and the
answers read from it."""

import sqlalchemy as sa

from services.audit.domain import change_request as domain
from services.audit.domain.events import CHAIN_EVENTS
from services.audit.repository import ChangeRequests
from services.audit.tables import change_requests
from shared import org_tree
from shared.caller import Caller
from shared.errors import Forbidden
from shared.indicators.masking import masked_fields, masked_for

LEVEL_OF = {"ChangeRequestSchoolApproved": "school", "ChangeRequestProvinceApproved": "province"}


def apply(conn, envelope: dict):
    kind, data, at = envelope["type"], envelope["data"], envelope["occurred_at"]
    if kind not in CHAIN_EVENTS:
        return
    if kind == "ChangeRequestFiled":
        conn.execute(
            change_requests.insert().values(
                change_id=data["change_id"],
                teacher_id=data["teacher_id"],
                teacher_name=data["teacher_name"],
                set_name=data["set"],
                entry_id=data["entry_id"],
                unit_code=data["unit_code"],
                unit_path="/" + "/".join(data["unit_path"]) + "/",
                new_fields=data["fields"],
                previous=data["previous"],
                changed=data["changed"],
                reason=data["reason"],
                evidence=data["evidence"],
                filed_by=data["filed_by"],
                filed_at=data["filed_at"],
                state="filed",
                decisions=[],
                updated_at=at,
            )
        )
        return
    row = change_requests.c.change_id == data["change_id"]
    if kind == "ChangeRequestClosed":
        conn.execute(
            change_requests.update()
            .where(row)
            .values(
                outcome=data["outcome"], outcome_reason=data["reason"], outcome_at=at, updated_at=at
            )
        )
        return
    who = {**envelope["metadata"]["actor"], "at": at}
    if kind == "ChangeRequestRejected":
        state, decision = "rejected", domain.decision_record(data["level"], "reject", data, who)
    else:
        state = LEVEL_OF[kind] + "_approved"
        decision = domain.decision_record(LEVEL_OF[kind], "approve", data, who)
    decisions = conn.execute(sa.select(change_requests.c.decisions).where(row)).scalar() or []
    conn.execute(
        change_requests.update()
        .where(row)
        .values(state=state, decisions=[*decisions, decision], updated_at=at)
    )


# queries ----------------------------------------------------------------------
def default_state(caller: Caller) -> str:
    """What waits for the caller's step; every state for anyone else."""
    if caller.role in domain.DECIDER_ROLES and caller.org_level in domain.STEP_STATE:
        return domain.STEP_STATE[caller.org_level]
    return "all"


def list_change_requests(storage, caller: Caller, query: dict) -> dict:
    if caller.role not in domain.READER_ROLES:
        raise Forbidden(
            "change requests are for managers", {"role": ["变更申请由管理人员查看 (for managers)"]}
        )
    state = query["state"] or default_state(caller)
    conditions = [
        org_tree.in_subtree(
            change_requests.c.unit_code, caller.org_code, change_requests.c.unit_path
        )
    ]
    if state != "all":
        conditions.append(change_requests.c.state == state)
    if query["teacher_id"]:
        conditions.append(change_requests.c.teacher_id == query["teacher_id"])
    with storage.connect() as conn:
        total = conn.execute(
            sa.select(sa.func.count()).select_from(change_requests).where(*conditions)
        ).scalar_one()
        rows = conn.execute(
            sa.select(change_requests)
            .where(*conditions)
            .order_by(change_requests.c.filed_at, change_requests.c.change_id)
            .limit(query["limit"])
            .offset(query["offset"])
        ).all()
    masked = masked_for(caller)
    return {"items": [view(r, masked) for r in rows], "total": total, "state": state}


def load(requests: ChangeRequests, caller: Caller, change_id: str) -> domain.ChangeRequest:
    """The request folded from its stream, once the caller may see it."""
    request = requests.get(change_id)
    domain.check_can_see(caller, request, unit_path_of(requests.conn, request))
    return request


def unit_path_of(conn, request: domain.ChangeRequest) -> list:
    """Where the request's unit is in the org tree now (units move)."""
    return org_tree.current_path(conn, request.unit_code, request.unit_path)


def get_change_request(storage, caller: Caller, change_id: str) -> dict:
    with storage.connect() as conn:
        load(ChangeRequests.reading(conn, storage.store), caller, change_id)
        return view(row_of(conn, change_id), masked_for(caller))


def row_of(conn, change_id: str):
    return conn.execute(
        sa.select(change_requests).where(change_requests.c.change_id == change_id)
    ).first()


# the answer ---------------------------------------------------------------------
def view(row, masked: bool) -> dict:
    show = (lambda f: masked_fields(row.set_name, f)) if masked else dict
    new, old = show(row.new_fields), show(row.previous)
    decisions = list(row.decisions or [])
    by_level = {d["level"]: d for d in decisions}
    return {
        "change_id": row.change_id,
        "teacher_id": row.teacher_id,
        "teacher_name": row.teacher_name,
        "unit_code": row.unit_code,
        "set": row.set_name,
        "entry_id": row.entry_id,
        "state": row.state,
        "fields": new,
        "previous": old,
        "changes": [{"field": n, "old": old.get(n), "new": new.get(n)} for n in row.changed],
        "reason": row.reason,
        "evidence": row.evidence,
        "filed_by": row.filed_by,
        "filed_at": row.filed_at,
        "decisions": decisions,
        "school_decision": by_level.get("school"),
        "province_decision": by_level.get("province"),
        "outcome": row.outcome,
        "outcome_reason": row.outcome_reason,
        "outcome_at": row.outcome_at,
        "updated_at": row.updated_at,
    }
