"""Change-request approval chains in audit: the queries, the decision command, and the
reactions to records (a request filed; its outcome)."""
import sqlalchemy as sa

from services.audit.domain import change_request as domain
from services.audit.models import change_requests
from shared import org_tree
from shared.caller import Caller
from shared.errors import Forbidden, NotFound
from shared.indicators.masking import masked_fields, masked_for


def stream_of(change_id: str) -> str:
    return f"change-{change_id}"


# queries ----------------------------------------------------------------------
def default_state(caller: Caller) -> str:
    """What waits for the caller's step; every state for anyone else."""
    if caller.role in domain.DECIDER_ROLES and caller.org_level in domain.STEP_STATE:
        return domain.STEP_STATE[caller.org_level]
    return "all"


def list_change_requests(storage, caller: Caller, query: dict) -> dict:
    if caller.role not in domain.READER_ROLES:
        raise Forbidden("change requests are for managers",
                        {"role": ["变更申请由管理人员查看 (for managers)"]})
    state = query["state"] or default_state(caller)
    conditions = [org_tree.in_subtree(change_requests.c.unit_code, caller.org_code,
                                      change_requests.c.unit_path)]
    if state != "all":
        conditions.append(change_requests.c.state == state)
    if query["teacher_id"]:
        conditions.append(change_requests.c.teacher_id == query["teacher_id"])
    with storage.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(change_requests)
                             .where(*conditions)).scalar_one()
        rows = conn.execute(sa.select(change_requests).where(*conditions)
                            .order_by(change_requests.c.filed_at, change_requests.c.change_id)
                            .limit(query["limit"]).offset(query["offset"])).all()
    masked = masked_for(caller)
    return {"items": [view(r, masked) for r in rows], "total": total, "state": state}


def _load(conn, store, caller: Caller, change_id: str) -> domain.ChangeRequest:
    request = domain.fold(store.read_stream(conn, stream_of(change_id)))
    if request is None:
        raise NotFound("no such change request", {"change_id": ["没有这个变更申请 (not found)"]})
    domain.check_can_see(caller, request, unit_path_of(conn, request))
    return request


def unit_path_of(conn, request: domain.ChangeRequest) -> list:
    """Where the request's unit is in the org tree now (units move)."""
    return org_tree.current_path(conn, request.unit_code, request.unit_path)


def get_change_request(storage, caller: Caller, change_id: str) -> dict:
    with storage.connect() as conn:
        _load(conn, storage.store, caller, change_id)
        return view(_row(conn, change_id), masked_for(caller))


def _row(conn, change_id: str):
    return conn.execute(sa.select(change_requests)
                        .where(change_requests.c.change_id == change_id)).first()


# the decision -------------------------------------------------------------------
def decide(storage, caller: Caller, change_id: str, data: dict) -> dict:
    with storage.transaction() as uow:
        request = _load(uow.conn, uow.store, caller, change_id)
        event = domain.decide(request, caller, data["decision"], data["reason"],
                              unit_path_of(uow.conn, request))
        uow.append(stream_of(change_id), request.version, [event])
        return view(_row(uow.conn, change_id), False)


# reactions to records ------------------------------------------------------------
def on_change_requested(uow, envelope):
    change_id = envelope["data"]["change_id"]
    if uow.read_stream(stream_of(change_id)):
        return
    uow.append(stream_of(change_id), 0, [domain.open_for(envelope)])


def on_change_outcome(uow, envelope):
    """`EntryChanged` (applied) or `ChangeNotApplied` (stale)."""
    change_id = envelope["data"]["change_id"]
    request = domain.fold(uow.read_stream(stream_of(change_id)))
    event = domain.close(request, envelope)
    if event is not None:
        uow.append(stream_of(change_id), request.version, [event])


RECORDS_HANDLERS = {"ChangeRequested": on_change_requested, "EntryChanged": on_change_outcome,
                    "ChangeNotApplied": on_change_outcome}


def subscriptions(base: dict) -> dict:
    """The audit subscriptions with the change-request reactions added to records'."""
    return {**base, "records": {**base.get("records", {}), **RECORDS_HANDLERS}}


# the answer ---------------------------------------------------------------------
def view(row, masked: bool) -> dict:
    show = (lambda f: masked_fields(row.set_name, f)) if masked else dict
    new, old = show(row.new_fields), show(row.previous)
    decisions = list(row.decisions or [])
    by_level = {d["level"]: d for d in decisions}
    return {"change_id": row.change_id, "teacher_id": row.teacher_id,
            "teacher_name": row.teacher_name, "unit_code": row.unit_code, "set": row.set_name,
            "entry_id": row.entry_id, "state": row.state, "fields": new, "previous": old,
            "changes": [{"field": n, "old": old.get(n), "new": new.get(n)} for n in row.changed],
            "reason": row.reason, "evidence": row.evidence, "filed_by": row.filed_by,
            "filed_at": row.filed_at, "decisions": decisions,
            "school_decision": by_level.get("school"),
            "province_decision": by_level.get("province"),
            "outcome": row.outcome, "outcome_reason": row.outcome_reason,
            "outcome_at": row.outcome_at, "updated_at": row.updated_at}
