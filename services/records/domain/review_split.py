"""A submission split by review level, its decisions and its return (退回) — pure.

Each entry of a submission is made effective by the review of its set's level
(`SetDef.effective_by`): 基本信息, 学习经历 … by the unit's info managers;
岗位聘任, 专业技术职务聘任, 基本待遇, 年度考核, 师德信息, 教学科研成果及获奖,
国内培训 and 交流轮岗 by the school's. A submission keeps one id; its changes
carry `effective_by`, and audit opens one task per level. A decision applies to
the decided task's entries only; the record stays `submitted` while any entry of
the submission waits, then turns `approved`, or `rejected` when any entry was
rejected (each rejected entry keeps its reason).
"""

from typing import Any

from services.records.domain.events import RecordReturned, SubmissionApproved, SubmissionRejected
from services.records.domain.record_state import Entry, Record
from shared.caller import Caller
from shared.errors import Conflict, Forbidden, ValidationError
from shared.indicators import SETS, incomplete

# entry states a submission takes along (everything not waiting and not effective)
SUBMITTABLE = ("draft", "rejected", "returned")
RETURN_ROLES = ("info_manager",)


def effective_by(set_name: str) -> str:
    set_def = SETS.get(set_name)
    return set_def.effective_by if set_def is not None else "unit"


def completeness_errors(record: Record) -> dict[str, Any]:
    """`incomplete()` over the entries to submit, naming each missing field; a required
    set counts as present when the record has any entry of it (e.g. an effective one)."""
    to_submit: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for entry in record.entries.values():
        if entry.state in SUBMITTABLE:
            to_submit.setdefault(entry.set, []).append((entry.entry_id, entry.fields))
    missing = incomplete(to_submit)
    present = {entry.set for entry in record.entries.values()}
    return {key: messages for key, messages in missing.items() if key not in present}


def change_of(entry: Entry, filled_by: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "entry_id": entry.entry_id,
        "set": entry.set,
        "fields": entry.fields,
        "filled_by": filled_by,
        "effective_by": effective_by(entry.set),
    }


# decisions on the record's side ---------------------------------------------------------
def _waiting(record: Record) -> list[str]:
    return [
        i
        for i in record.pending_entries
        if i in record.entries and record.entries[i].state == "submitted"
    ]


def state_after(record: Record, decided: list[Any], outcome: str) -> str:
    """The record's state once `decided` entries take `outcome` ("approved"/"rejected")."""
    if any(i not in decided for i in _waiting(record)):
        return "submitted"
    states = [
        outcome if i in decided else record.entries[i].state
        for i in record.pending_entries
        if i in record.entries
    ]
    return "rejected" if "rejected" in states else "approved"


def decide(
    record: Record, decision: dict[str, Any]
) -> SubmissionApproved | SubmissionRejected | None:
    """The record's side of one review task's decision; None when it is not for the
    pending submission, or was applied already (its entries no longer wait)."""
    if record.pending_submission != decision["submission_id"]:
        return None
    waiting = _waiting(record)
    asked = decision.get("entry_ids")
    entry_ids = [i for i in waiting if asked is None or i in asked]
    if not entry_ids:
        return None
    approved = decision["decision"] == "approve"
    common: dict[str, Any] = {
        "teacher_id": record.teacher_id,
        "submission_id": decision["submission_id"],
        "task_id": decision["task_id"],
        "entry_ids": entry_ids,
        "record_state": state_after(record, entry_ids, "approved" if approved else "rejected"),
    }
    if approved:
        return SubmissionApproved(**common)
    return SubmissionRejected(**common, reason=decision.get("reason") or "")


def apply_decision(
    record: Record, approved: bool, data: dict[str, Any], who: dict[str, Any]
) -> None:
    """Fold SubmissionApproved/SubmissionRejected (old ones name every pending entry)."""
    outcome = "approved" if approved else "rejected"
    for entry_id in data["entry_ids"]:
        entry = record.entries[entry_id]
        entry.state = outcome
        entry.reviewed_by = {
            **who,
            "decision": "approve" if approved else "reject",
            "reason": data.get("reason"),
        }
    if _waiting(record):
        record.state = "submitted"
        return
    states = [record.entries[i].state for i in record.pending_entries if i in record.entries]
    record.state = "rejected" if "rejected" in states else "approved"
    record.pending_submission, record.pending_entries = None, []


# 退回 ------------------------------------------------------------------------------------
def return_record(record: Record, caller: Caller, reason: object) -> RecordReturned:
    """An info manager in scope returns a submitted record (scope checked by the caller
    of this function); the entries still waiting become editable again."""
    if caller.role not in RETURN_ROLES:
        raise Forbidden("only an info manager returns a submitted record (只有信息管理员可以退回)")
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise ValidationError(
            "a return needs a reason", {"reason": ["退回需填写原因 (required when returning)"]}
        )
    if record.state != "submitted" or record.pending_submission is None:
        raise Conflict(
            "only a submitted record can be returned (只有待审核的信息可以退回)",
            {"state": [record.state]},
        )
    return RecordReturned(
        teacher_id=record.teacher_id,
        submission_id=record.pending_submission,
        entry_ids=_waiting(record),
        reason=text,
    )


def apply_returned(record: Record, data: dict[str, Any], who: dict[str, Any]) -> None:
    for entry_id in data["entry_ids"]:
        entry = record.entries.get(entry_id)
        if entry is not None and entry.state == "submitted":
            entry.state = "returned"
            entry.reviewed_by = {**who, "decision": "return", "reason": data["reason"]}
    record.pending_submission, record.pending_entries = None, []
    record.state = "returned"
