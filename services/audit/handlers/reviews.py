"""Review (审核) commands and reactions: a reviewer's decision on a task, the tasks a
records submission opens (one per review level) and those a return (退回) closes."""

from services.audit.domain import review as domain
from services.audit.domain import review_levels
from services.audit.read_model.reviews import task_row, task_view, unit_path_of
from shared.caller import Caller
from shared.errors import NotFound


def decide(storage, caller: Caller, task_id: str, data: dict) -> dict:
    with storage.transaction() as uow:
        task = domain.fold(uow.read_stream(domain.stream_of(task_id)))
        if task is None:
            raise NotFound("no such review task")
        event = domain.decide(
            task, caller, data["decision"], data["reason"], unit_path_of(uow.conn, task)
        )
        uow.append(domain.stream_of(task_id), task.version, [event])
        return task_view(task_row(uow.conn, task_id))


# reactions to records ------------------------------------------------------------
def on_record_submitted(uow, envelope):
    """One task per review level the submission needs (unit, school)."""
    for event in review_levels.open_by_level(envelope):
        uow.append(domain.stream_of(event.task_id), 0, [event])


def on_record_returned(uow, envelope):
    """退回 (records' rule): the submission's pending tasks close as returned."""
    for task_id in review_levels.task_ids_of(envelope["data"]["submission_id"]):
        task = domain.fold(uow.read_stream(domain.stream_of(task_id)))
        event = review_levels.close_returned(task, envelope["data"])
        if event is not None and task is not None:
            uow.append(domain.stream_of(task_id), task.version, [event])
