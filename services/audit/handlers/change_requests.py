"""Change-request (变更申请) commands and reactions in audit: the school's and the
province's decisions, and the reactions to records (a request filed; its outcome)."""

from services.audit.domain import change_request as domain
from services.audit.read_model.change_requests import load, row_of, unit_path_of, view
from services.audit.repository import ChangeRequests
from shared.caller import Caller


def decide(storage, caller: Caller, change_id: str, data: dict) -> dict:
    with storage.transaction() as uow:
        requests = ChangeRequests.writing(uow)
        request = load(requests, caller, change_id)
        event = domain.decide(
            request, caller, data["decision"], data["reason"], unit_path_of(uow.conn, request)
        )
        requests.save(request, [event])
        return view(row_of(uow.conn, change_id), False)


# reactions to records ------------------------------------------------------------
def on_change_requested(uow, envelope):
    requests = ChangeRequests.writing(uow)
    change_id = envelope["data"]["change_id"]
    if requests.head(change_id).version:
        return
    requests.add(change_id, [domain.open_for(envelope)])


def on_change_outcome(uow, envelope):
    """`EntryChanged` (applied) or `ChangeNotApplied` (stale)."""
    requests = ChangeRequests.writing(uow)
    request = requests.find(envelope["data"]["change_id"])
    event = domain.close(request, envelope)
    if event is not None and request is not None:
        requests.save(request, [event])
