"""Review (审核) commands and reactions: a reviewer's decision on a task, the tasks a
records submission opens (one per review level) and those a return (退回) closes."""

from services.audit.domain import review as domain
from services.audit.domain import review_levels
from services.audit.read_model.reviews import task_row, task_view, unit_path_of
from services.audit.repository import ReviewTasks
from shared.caller import Caller


def decide(storage, caller: Caller, task_id: str, data: dict) -> dict:
    with storage.transaction() as uow:
        tasks = ReviewTasks.writing(uow)
        task = tasks.get(task_id)
        event = domain.decide(
            task, caller, data["decision"], data["reason"], unit_path_of(uow.conn, task)
        )
        tasks.save(task, [event])
        return task_view(task_row(uow.conn, task_id))


# reactions to records ------------------------------------------------------------
def on_record_submitted(uow, envelope):
    """One task per review level the submission needs (unit, school)."""
    tasks = ReviewTasks.writing(uow)
    for event in review_levels.open_by_level(envelope):
        tasks.add(event.task_id, [event])


def on_record_returned(uow, envelope):
    """退回 (records' rule): the submission's pending tasks close as returned."""
    tasks = ReviewTasks.writing(uow)
    for task_id in review_levels.task_ids_of(envelope["data"]["submission_id"]):
        task = tasks.find(task_id)
        event = review_levels.close_returned(task, envelope["data"])
        if event is not None and task is not None:
            tasks.save(task, [event])
