"""The change-request approval chain (pure): the teacher's school approves first, then
the province (学校上级教育行政部门审核后变更).

States: filed → school_approved → province_approved, or rejected at either level;
after the province records reports the outcome (`applied`, or `not_applied` when the
request went stale). Rules: only info managers decide; step 1 needs an info manager
at the teacher's school (org level school), step 2 one at the province; a rejection
carries its reason; nobody decides a request they filed or decides twice; a decided
step is not decided again.
"""

from dataclasses import dataclass, field
from typing import Any

from services.audit.domain.events import (
    ChangeRequestClosed,
    ChangeRequestFiled,
    ChangeRequestProvinceApproved,
    ChangeRequestRejected,
    ChangeRequestSchoolApproved,
)
from shared.caller import Caller
from shared.errors import Conflict, Forbidden, NotFound, ValidationError

DECIDER_ROLES = ("info_manager",)
READER_ROLES = ("info_manager", "system_admin", "info_query")
# the state a step decides, by the decider's level
STEP_STATE = {"school": "filed", "province": "school_approved"}


@dataclass
class ChangeRequest:
    change_id: str
    teacher_id: str
    set: str
    entry_id: str
    unit_code: str
    unit_path: list[str]  # as copied when filed; scope follows the unit's current path
    filed_by: dict[str, Any]
    state: str = "filed"
    decisions: list[Any] = field(default_factory=list)  # [{level, decision, reason, ..actor, at}]
    outcome: str | None = None
    version: int = 0

    def decision_at(self, level: str) -> dict[str, Any] | None:
        return next((d for d in self.decisions if d["level"] == level), None)


def open_for(envelope: dict[str, Any]) -> ChangeRequestFiled:
    """From records' `ChangeRequested` envelope."""
    data = envelope["data"]
    return ChangeRequestFiled(
        change_id=data["change_id"],
        teacher_id=data["teacher_id"],
        teacher_name=data["name"],
        set=data["set"],
        entry_id=data["entry_id"],
        unit_code=data["unit_code"],
        unit_path=list(data["unit_path"]),
        fields=data["fields"],
        previous=data["previous"],
        changed=data["changed"],
        reason=data["reason"],
        evidence=data["evidence"],
        filed_by=envelope["metadata"]["actor"],
        filed_at=envelope["occurred_at"],
    )


def fold(envelopes: list[dict[str, Any]]) -> ChangeRequest | None:
    request = None
    for envelope in envelopes:
        kind, data = envelope["type"], envelope["data"]
        who = {**envelope["metadata"]["actor"], "at": envelope["occurred_at"]}
        if kind == "ChangeRequestFiled":
            request = ChangeRequest(
                data["change_id"],
                data["teacher_id"],
                data["set"],
                data["entry_id"],
                data["unit_code"],
                list(data["unit_path"]),
                {**data["filed_by"], "at": data["filed_at"]},
            )
        elif request is None:
            continue
        elif kind == "ChangeRequestSchoolApproved":
            request.state = "school_approved"
            request.decisions.append(decision_record("school", "approve", data, who))
        elif kind == "ChangeRequestProvinceApproved":
            request.state = "province_approved"
            request.decisions.append(decision_record("province", "approve", data, who))
        elif kind == "ChangeRequestRejected":
            request.state = "rejected"
            request.decisions.append(decision_record(data["level"], "reject", data, who))
        elif kind == "ChangeRequestClosed":
            request.outcome = data["outcome"]
        if request is not None:
            request.version = envelope["version"]
    return request


def decision_record(
    level: str, decision: str, data: dict[str, Any], who: dict[str, Any]
) -> dict[str, Any]:
    return {"level": level, "decision": decision, "reason": data.get("reason"), **who}


# access -------------------------------------------------------------------------
def check_can_see(
    caller: Caller, request: ChangeRequest, unit_path: list[str] | None = None
) -> None:
    """`unit_path`: where the request's unit is in the org tree now (units move)."""
    path = request.unit_path if unit_path is None else unit_path
    if caller.role not in READER_ROLES:  # a teacher: as the list of change requests answers
        raise Forbidden(
            "change requests are for managers", {"role": ["变更申请由管理人员查看 (for managers)"]}
        )
    if not caller.covers(path):
        raise NotFound("no such change request")


def step_of(caller: Caller, unit_path: list[str]) -> str:
    """The step this caller may decide: "school" (an info manager at the teacher's own
    school) or "province" (an info manager at the province)."""
    if caller.role not in DECIDER_ROLES:
        raise Forbidden(
            "only info managers decide change requests",
            {"role": ["由信息管理员审批 (decided by info managers)"]},
        )
    school = unit_path[1] if len(unit_path) > 1 else None
    if caller.org_level == "school" and caller.org_code == school:
        return "school"
    if caller.org_level == "province" and caller.covers(unit_path):
        return "province"
    raise Forbidden(
        "a change request is approved by the teacher's school, then the province; "
        "a unit does not decide it",
        {
            "decision": [
                "由学校、再由省级审批，单位不能审批 (the school, then the province decides)"
            ]
        },
    )


def decide(
    request: ChangeRequest,
    caller: Caller,
    decision: str,
    reason: str | None,
    unit_path: list[str] | None = None,
) -> ChangeRequestRejected | ChangeRequestSchoolApproved | ChangeRequestProvinceApproved:
    unit_path = list(request.unit_path if unit_path is None else unit_path)
    check_can_see(caller, request, unit_path)
    step = step_of(caller, unit_path)
    if request.state != STEP_STATE[step]:
        raise Conflict(_not_now(step, request.state), {"state": [request.state]})
    if caller.account_id == request.filed_by.get("account_id"):
        raise Forbidden(
            "nobody decides a change request they filed",
            {"decision": ["不能审批自己提交的变更申请 (you filed it)"]},
        )
    if any(d.get("account_id") == caller.account_id for d in request.decisions):
        raise Forbidden(
            "nobody decides the same change request twice",
            {"decision": ["已审批过此申请 (you decided it already)"]},
        )
    reason = (reason or "").strip() or None
    ids = {
        "change_id": request.change_id,
        "teacher_id": request.teacher_id,
        "set": request.set,
        "entry_id": request.entry_id,
    }
    if decision == "reject":
        if not reason:
            raise ValidationError(
                "a rejection needs a reason",
                {"reason": ["驳回需填写原因 (required when rejecting)"]},
            )
        return ChangeRequestRejected(**ids, level=step, reason=reason)
    if step == "school":
        return ChangeRequestSchoolApproved(**ids, reason=reason)
    return ChangeRequestProvinceApproved(
        **ids,
        reason=reason,
        filed_by=request.filed_by,
        school_approved_by=_actor_of(request.decision_at("school")),
        province_approved_by=caller.actor(),
    )  # its time is the event's


def _actor_of(decision: dict[str, Any] | None) -> dict[str, Any]:
    keys = ("account_id", "username", "role", "org_code", "at")
    return {k: (decision or {}).get(k) for k in keys}


def _not_now(step: str, state: str) -> str:
    if state == "rejected":
        return "the change request was rejected"
    if step == "province" and state == "filed":
        return "the school has not approved this change request yet"
    return f"this step is decided already (the request is {state})"


def close(request: ChangeRequest | None, envelope: dict[str, Any]) -> ChangeRequestClosed | None:
    """Records' outcome (`EntryChanged` or `ChangeNotApplied`); None when already noted."""
    if request is None or request.outcome is not None:
        return None
    applied = envelope["type"] == "EntryChanged"
    return ChangeRequestClosed(
        change_id=request.change_id,
        teacher_id=request.teacher_id,
        set=request.set,
        entry_id=request.entry_id,
        outcome="applied" if applied else "not_applied",
        reason=None if applied else envelope["data"].get("reason"),
    )
