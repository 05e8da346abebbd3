"""audit's aggregates and their streams, loaded and saved through `shared.repository`:
a review task (`review-<task_id>`) and a change request (`change-<change_id>`)."""

from typing import ClassVar

from services.audit.domain import change_request, review
from shared.repository import Repository


class ReviewTasks(Repository[review.Task]):
    """审核任务: one submission's changes of one review level, and its decision."""

    stream_prefix = "review"
    missing: ClassVar = ("no such review task", {"task_id": ["没有这个审核任务 (not found)"]})

    def key_of(self, task: review.Task) -> str:
        return task.task_id

    def fold(self, key: str, envelopes: list[dict]) -> review.Task | None:
        return review.fold(envelopes)


class ChangeRequests(Repository[change_request.ChangeRequest]):
    """变更申请: a change to an effective entry and its approval chain."""

    stream_prefix = "change"
    missing: ClassVar = (
        "no such change request",
        {"change_id": ["没有这个变更申请 (not found)"]},
    )

    def key_of(self, request: change_request.ChangeRequest) -> str:
        return request.change_id

    def fold(self, key: str, envelopes: list[dict]) -> change_request.ChangeRequest | None:
        return change_request.fold(envelopes)
