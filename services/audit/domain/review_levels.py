"""Review by level (pure): a submission's changes split into one task per level whose
review makes them effective, and the tasks a return (退回) closes.

Records puts `effective_by` ("unit" or "school") on each change of a
`RecordSubmitted`; a change without it (older events) is "unit". The unit task
is decided by an info manager of the teacher's unit or above, the school task
only by an info manager at the school or above (`review.check_level`).

Task ids come from the submission id and the level: the unit task keeps the id
a submission's one task always had (`review.task_id_for`), so an older submission
seen again opens the same task, and the school task gets its own
(`task_id_for_level`). Seeing a submission twice cannot open two tasks of a level.
"""

import uuid
from typing import Any

from services.audit.domain import review
from services.audit.domain.events import ReviewTaskOpened, ReviewTaskReturned

LEVELS = review.REVIEW_LEVELS


def task_id_for_level(submission_id: str, level: str) -> str:
    if level == "unit":
        return review.task_id_for(submission_id)
    return str(uuid.uuid5(review.TASK_NAMESPACE, f"{submission_id}/{level}"))


def level_of(change: dict[str, Any]) -> str:
    level = change.get("effective_by") or "unit"
    return level if level in LEVELS else "unit"


def open_by_level(envelope: dict[str, Any]) -> list[ReviewTaskOpened]:
    """One task per review level that the submission's changes need, unit first."""
    opened = review.open_for_submission(envelope)
    tasks = []
    for level in LEVELS:
        changes = [c for c in opened.changes if level_of(c) == level]
        if changes:
            tasks.append(
                ReviewTaskOpened(
                    **{
                        **opened.to_data(),
                        "task_id": task_id_for_level(opened.submission_id, level),
                        "changes": changes,
                        "review_level": level,
                    }
                )
            )
    return tasks


def task_ids_of(submission_id: str) -> list[str]:
    return [task_id_for_level(submission_id, level) for level in LEVELS]


def close_returned(task: review.Task | None, returned: dict[str, Any]) -> ReviewTaskReturned | None:
    """The task's side of a record's return; None when it is decided or closed already."""
    if task is None or task.state != "pending":
        return None
    return ReviewTaskReturned(
        task_id=task.task_id,
        kind=task.kind,
        teacher_id=task.teacher_id,
        submission_id=task.submission_id,
        reason=returned["reason"],
    )
