"""Change-request (变更申请) commands and reactions in audit: the school's and the
province's decisions, and the reactions to records (a request filed; its outcome)."""

from services.audit.domain import change_request as domain
from services.audit.read_model.change_requests import load, row_of, unit_path_of, view
from shared.caller import Caller


def decide(storage, caller: Caller, change_id: str, data: dict) -> dict:
    with storage.transaction() as uow:
        request = load(uow.conn, uow.store, caller, change_id)
        event = domain.decide(
            request, caller, data["decision"], data["reason"], unit_path_of(uow.conn, request)
        )
        uow.append(domain.stream_of(change_id), request.version, [event])
        return view(row_of(uow.conn, change_id), False)


# reactions to records ------------------------------------------------------------
def on_change_requested(uow, envelope):
    change_id = envelope["data"]["change_id"]
    if uow.read_stream(domain.stream_of(change_id)):
        return
    uow.append(domain.stream_of(change_id), 0, [domain.open_for(envelope)])


def on_change_outcome(uow, envelope):
    """`EntryChanged` (applied) or `ChangeNotApplied` (stale)."""
    change_id = envelope["data"]["change_id"]
    request = domain.fold(uow.read_stream(domain.stream_of(change_id)))
    event = domain.close(request, envelope)
    if event is not None and request is not None:
        uow.append(domain.stream_of(change_id), request.version, [event])
