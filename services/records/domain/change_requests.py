"""Change requests on the records side (pure): filing one on an effective entry, and
applying the outcome of the audit chain (变更已有信息需由部门信息管理员向学校提交申请，
学校上级教育行政部门审核后变更).

Records owns the entry, so it checks here who may file, that the target is effective,
that the entry has no other open request, and the new values by the set's rules merged
over the effective entry. The approval chain (school, then province) is audit's
(`services/audit/domain/change_request.py`).
"""

from datetime import date
from typing import Any

from services.records.domain import record as rec
from services.records.domain.events import (
    ChangeNotApplied,
    ChangeRejected,
    ChangeRequested,
    EntryChanged,
)
from shared.caller import Caller
from shared.errors import Conflict, Forbidden, NotFound, ValidationError
from shared.indicators import SETS, SetDef, key_conflicts, missing_required, validate_entry

FILER_ROLES = ("info_manager",)
FILER_LEVELS = ("unit", "school")


def check_can_file(
    caller: Caller, record: rec.Record, set_def: SetDef, unit_path: list[str]
) -> None:
    """An info manager of the teacher's unit or school (or a unit above it)."""
    rec.check_can_read(caller, record, unit_path)
    if caller.role not in FILER_ROLES:
        raise Forbidden(
            "only an info manager in scope files a change request; teachers ask "
            "their unit in writing",
            {"role": ["变更申请由单位或学校信息管理员提交 (filed by an info manager)"]},
        )
    if caller.org_level not in FILER_LEVELS:
        raise Forbidden(
            "the province approves change requests; the school or unit files them",
            {"role": ["省级审核变更申请，不提交 (the province approves, it does not file)"]},
        )
    if not set_def.can_fill(caller.org_level):
        raise Forbidden(
            f"{set_def.label} is filled at {', '.join(set_def.filled_by)} level",
            {"set": [f"「{set_def.label}」不由本级填报 (not filled at this level)"]},
        )


def target_entry(record: rec.Record, set_name: str, entry_id: str) -> rec.Entry:
    entry = record.entries.get(entry_id)
    if entry is None or entry.set != set_name:
        raise NotFound(
            f"no entry {entry_id} in {set_name}", {"entry_id": ["没有这个条目 (no such entry)"]}
        )
    return entry


def file(
    record: rec.Record,
    caller: Caller,
    body: dict[str, Any],
    *,
    change_id: str,
    unit_path: list[str],
    today: date | None = None,
) -> ChangeRequested | None:
    """The request, or None when it repeats the entry's open request (same filer, values
    and reason: a redelivered command answers the first request)."""
    set_def = rec.set_def_of(body["set"])
    check_can_file(caller, record, set_def, unit_path)
    entry = target_entry(record, set_def.name, body["entry_id"])
    if entry.state != "approved":
        raise Conflict(
            "only an effective entry is changed by a change request; edit this one and submit it",
            {"entry_id": [f"未生效，不能申请变更 (state {entry.state}: not effective)"]},
        )
    fields, changed = new_values(record, entry, set_def, body["fields"], today)
    reason = (body.get("reason") or "").strip()
    if not reason:
        raise ValidationError(
            "a change request needs a reason", {"reason": ["必填：变更原因 (required: why)"]}
        )
    if entry.change_request is not None:
        open_request = entry.change_request
        if (
            open_request["filed_by"]["account_id"] == caller.account_id
            and open_request["fields"] == fields
            and open_request["reason"] == reason
        ):
            return None
        raise Conflict(
            "this entry already has an open change request",
            {
                "entry_id": [
                    f"已有待审批的变更申请 {open_request['change_id']} (a change request is open)"
                ]
            },
        )
    return ChangeRequested(
        teacher_id=record.teacher_id,
        change_id=change_id,
        set=set_def.name,
        entry_id=entry.entry_id,
        unit_code=record.unit_code,
        unit_path=list(unit_path),
        name=record.name,
        fields=fields,
        previous=dict(entry.fields),
        changed=changed,
        reason=reason,
        evidence=[dict(e) for e in body.get("evidence") or ()],
    )


def new_values(
    record: rec.Record, entry: rec.Entry, set_def: SetDef, given: object, today: date | None = None
) -> tuple[dict[str, Any], list[str]]:
    """(the entry's whole content after the change, the names that change); errors name
    the fields."""
    if not isinstance(given, dict) or not given:
        raise ValidationError(
            "name at least one field and its new value",
            {"fields": ["至少变更一个字段 (at least one field)"]},
        )
    if set_def.name == "basic_info":
        for name in rec.ACCOUNT_FIELDS:
            if name in given and entry.fields.get(name) not in (None, given[name]):
                raise ValidationError(
                    f"{name} is set when the account is generated",
                    {name: ["由账号生成，不可变更 (set when the account is generated)"]},
                )
    cleaned, errors = validate_entry(set_def, {**entry.fields, **given}, partial=True, today=today)
    fields = {k: v for k, v in cleaned.items() if v is not None}
    for name in missing_required(set_def, fields):
        if name in given:
            errors.setdefault(name, []).append("必填项，不能清空 (required: cannot be emptied)")
    errors.update(
        key_conflicts(
            set_def, fields, [e.fields for e in record.entries_of(set_def.name) if e is not entry]
        )
    )
    if errors:
        raise ValidationError(
            f"{set_def.label}: invalid fields: {', '.join(sorted(errors))}", errors
        )
    changed = sorted(
        k for k in set(fields) | set(entry.fields) if fields.get(k) != entry.fields.get(k)
    )
    if not changed:
        raise ValidationError(
            "the new values equal the effective ones",
            {"fields": ["与生效信息相同，没有变更 (nothing changes)"]},
        )
    return fields, changed


# the outcome of the chain ----------------------------------------------------------
def apply_approved(
    record: rec.Record, approval: dict[str, Any], today: date | None = None
) -> EntryChanged | ChangeNotApplied | None:
    """The province approved (`ChangeRequestProvinceApproved` data): EntryChanged, or
    ChangeNotApplied when the request is stale; None when already handled."""
    entry = record.entries.get(approval["entry_id"])
    request = entry.change_request if entry is not None else None
    if entry is None or request is None or request["change_id"] != approval["change_id"]:
        return None
    ids = {
        "teacher_id": record.teacher_id,
        "change_id": request["change_id"],
        "set": entry.set,
        "entry_id": entry.entry_id,
    }
    stale = stale_reason(entry, request, today)
    if stale:
        return ChangeNotApplied(**ids, reason=stale)
    return EntryChanged(
        **ids,
        fields=request["fields"],
        previous=dict(entry.fields),
        changed=request["changed"],
        reason=request["reason"],
        filed_by=request["filed_by"],
        school_approved_by=approval["school_approved_by"],
        province_approved_by=approval["province_approved_by"],
    )


def stale_reason(
    entry: rec.Entry, request: dict[str, Any], today: date | None = None
) -> str | None:
    """Why the request no longer fits the entry: it is not effective any more, it changed
    after the request was filed, or the new values fail the set's rules now."""
    if entry.state != "approved":
        return f"条目已不是生效状态 (the entry is {entry.state}, no longer effective)"
    if entry.fields != request["previous"]:
        return "条目在申请后已被修改 (the entry changed after the request was filed)"
    _, errors = validate_entry(SETS[entry.set], request["fields"], partial=True, today=today)
    if errors:
        return "新值不再符合填报规则 (the new values fail the rules now): " + ", ".join(
            sorted(errors)
        )
    return None


def close_rejected(record: rec.Record, rejection: dict[str, Any]) -> ChangeRejected | None:
    """The school or the province rejected (`ChangeRequestRejected` data)."""
    entry = record.entries.get(rejection["entry_id"])
    if entry is None or (entry.change_request or {}).get("change_id") != rejection["change_id"]:
        return None
    return ChangeRejected(
        teacher_id=record.teacher_id,
        change_id=rejection["change_id"],
        set=entry.set,
        entry_id=entry.entry_id,
        level=rejection["level"],
        reason=rejection["reason"],
    )
