"""A teacher's record: its entries, their states, and the decisions on them (pure).

The record is folded from its stream's events; decisions return the events to
append and never change the record in place.

Entry states: draft → submitted → approved (effective) | rejected (editable again)
| returned (退回 by a manager, editable again).
Record state: `draft` while anything is unsubmitted, `submitted` while any part of a
submission waits for review, then `approved`, `rejected` (any entry rejected) or
`returned`. How a submission splits by review level: `review_split.py`.
"""

from datetime import date
from typing import Any

from services.records.domain import review_split, staff_changes
from services.records.domain.events import (
    EntryFilled,
    RecordOpened,
    RecordReturned,
    RecordSubmitted,
    SubmissionApproved,
    SubmissionRejected,
)
from services.records.domain.record_state import Entry as Entry
from services.records.domain.record_state import Record as Record
from shared.caller import MANAGER_ROLES, Caller
from shared.errors import ConcurrencyConflict, Conflict, Forbidden, NotFound, ValidationError
from shared.indicators import SETS, SetDef, key_conflicts, validate_entry

READ_ROLES = ("system_admin", "info_manager", "info_query")
LEVEL_LABELS = {"teacher": "教师本人", "unit": "单位", "school": "学校"}
# set by the account generation (one person, one number); not edited in the record
ACCOUNT_FIELDS = ("id_type", "id_number", "birth_date")
# the four fields an account is generated from are checked there (GB 11643), not
# filled in the record: whoever generated the account may still review the record
ACCOUNT_GENERATION = "account_generation"


# folding ---------------------------------------------------------------------
def fold(teacher_id: str, envelopes: list[dict[str, Any]]) -> Record | None:
    if not envelopes:
        return None
    record = Record(teacher_id=teacher_id)
    for envelope in envelopes:
        advance(record, envelope)
    return record


def advance(record: Record, envelope: dict[str, Any]) -> None:
    """Fold one more event into the record: as `fold` reads the stream, and as a command
    brings the record it saved up to the event it appended."""
    apply(
        record,
        envelope["type"],
        envelope["data"],
        envelope["metadata"]["actor"],
        envelope["occurred_at"],
    )
    record.version = envelope["version"]
    record.position = envelope.get("position", record.position)


def apply(
    record: Record, event_type: str, data: dict[str, Any], actor: dict[str, Any], at: str
) -> None:
    who = {**actor, "at": at}
    if event_type == "RecordOpened":
        record.account_id, record.teacher_no = data["account_id"], data["teacher_no"]
        record.name, record.unit_code = data["name"], data["unit_code"]
        record.unit_path = list(data["unit_path"])
        record.entries[data["basic_entry_id"]] = Entry(
            data["basic_entry_id"],
            "basic_info",
            dict(data["basic_fields"]),
            filled_by=[{**who, "source": ACCOUNT_GENERATION}],
        )
    elif event_type == "EntryFilled":
        entry = record.entries.get(data["entry_id"])
        if entry is None:
            entry = record.entries[data["entry_id"]] = Entry(data["entry_id"], data["set"], {})
        entry.fields = dict(data["fields"])
        entry.state = "draft"
        entry.filled_by.append(who)
        if data["set"] == "basic_info" and entry.fields.get("name"):
            record.name = entry.fields["name"]
        if record.state != "submitted":
            record.state = "draft"
    elif event_type == "RecordSubmitted":
        record.pending_submission = data["submission_id"]
        record.pending_entries = [c["entry_id"] for c in data["changes"]]
        for entry_id in record.pending_entries:
            record.entries[entry_id].state = "submitted"
        record.state = "submitted"
    elif event_type in ("SubmissionApproved", "SubmissionRejected"):
        review_split.apply_decision(record, event_type == "SubmissionApproved", data, who)
    elif event_type == "RecordReturned":
        review_split.apply_returned(record, data, who)
    elif event_type in CHANGE_EVENTS:
        fold_change(record, event_type, data, who)
    elif staff_changes.applies(event_type):
        staff_changes.apply_change(record, event_type, data, who)


CHANGE_EVENTS = ("ChangeRequested", "EntryChanged", "ChangeNotApplied", "ChangeRejected")


def fold_change(record: Record, event_type: str, data: dict[str, Any], who: dict[str, Any]) -> None:
    """Apply one of CHANGE_EVENTS (变更申请, `events.py`) to the record: a request opens on
    its entry, and the outcome closes it (`EntryChanged` also gives the new values)."""
    entry = record.entries.get(data["entry_id"])
    if entry is None:
        return
    if event_type == "ChangeRequested":
        entry.change_request = {
            "change_id": data["change_id"],
            "fields": dict(data["fields"]),
            "previous": dict(data["previous"]),
            "changed": list(data["changed"]),
            "reason": data["reason"],
            "evidence": list(data["evidence"]),
            "filed_by": who,
        }
        return
    if (entry.change_request or {}).get("change_id") == data["change_id"]:
        entry.change_request = None
    if event_type == "EntryChanged":
        entry.fields = dict(data["fields"])
        entry.changed_by.append(
            {
                "change_id": data["change_id"],
                "reason": data["reason"],
                "changed": list(data["changed"]),
                "filed_by": data["filed_by"],
                "school_approved_by": data["school_approved_by"],
                "province_approved_by": data["province_approved_by"],
                "at": who["at"],
            }
        )
        if entry.set == "basic_info" and entry.fields.get("name"):
            record.name = entry.fields["name"]


# access ------------------------------------------------------------------------
# `unit_path` is the current path of the teacher's unit in the org tree (units
# move); the path copied into the record when it opened is the fallback.
def check_can_read(caller: Caller, record: Record, unit_path: list[str] | None = None) -> None:
    if caller.is_teacher(record.teacher_id):
        return
    path = record.unit_path if unit_path is None else unit_path
    if caller.role in READ_ROLES and caller.covers(path):
        return
    raise NotFound("no such teacher")


def caller_level(caller: Caller) -> str:
    """teacher, unit or school: who fills (`SetDef.can_fill`); a province account
    ("province") fills nothing."""
    if caller.role == "teacher":
        return "teacher"
    return caller.org_level


def check_can_fill(
    caller: Caller, record: Record, set_def: SetDef, unit_path: list[str] | None = None
) -> None:
    check_can_read(caller, record, unit_path)
    if not (caller.is_teacher(record.teacher_id) or caller.role in MANAGER_ROLES):
        raise Forbidden("this role reads teacher information but does not fill it")
    if not set_def.can_fill(caller_level(caller)):
        fillers = "/".join(LEVEL_LABELS[level] for level in set_def.filled_by)
        raise Forbidden(
            f"{set_def.label} is filled at {', '.join(set_def.filled_by)} level",
            {
                "set": [
                    f"「{set_def.label}」由{fillers}填报 (filled by {', '.join(set_def.filled_by)})"
                ]
            },
        )


# decisions ---------------------------------------------------------------------
def open_record(
    account_event: dict[str, Any], basic_entry_id: str, birth_date: str | None
) -> RecordOpened:
    a = account_event
    return RecordOpened(
        teacher_id=a["teacher_id"],
        account_id=a["account_id"],
        teacher_no=a["teacher_no"],
        name=a["name"],
        unit_code=a["unit_code"],
        unit_path=list(a["unit_path"]),
        basic_entry_id=basic_entry_id,
        basic_fields={
            "name": a["name"],
            "gender": a["gender"],
            "id_type": a["id_type"],
            "id_number": a["id_number"],
            "birth_date": birth_date,
            "staff_no": None,
        },
    )


def set_def_of(set_name: str) -> SetDef:
    if set_name not in SETS:
        raise NotFound(f"no information set {set_name}", {"set": [f"unknown set {set_name}"]})
    return SETS[set_name]


STATUS_LABELS = {
    "left": "已离职 (has left)",
    "retired": "已退休 (has retired)",
    "deceased": "已去世 (is deceased)",
}


def check_in_collection_scope(record: Record) -> None:
    """Leavers, retirees and the deceased are out of the collection scope: their record
    stays readable, with its history, but takes no new information."""
    if record.status != "active":
        label = STATUS_LABELS.get(record.status, record.status)
        raise Conflict(
            f"the teacher {label} since {record.status_date}; the record takes no new information",
            {"status": [f"{label}，不再采集信息"]},
        )


def fill(
    record: Record,
    caller: Caller,
    set_name: str,
    entry_id: str | None,
    fields: dict[str, Any],
    *,
    new_entry_id: str,
    adding: bool = False,
    today: date | None = None,
    unit_path: list[str] | None = None,
    expected_version: int | None = None,
) -> EntryFilled:
    """Fill a one-entry set (entry_id None), add an entry to a many set (`adding`),
    or change an entry; the given fields are merged into what the entry holds. With
    `expected_version`, an entry changed since that version is refused (stale)."""
    set_def = set_def_of(set_name)
    check_can_fill(caller, record, set_def, unit_path)
    check_in_collection_scope(record)
    if entry_id is None and adding != set_def.many:
        where = "POST .../entries" if set_def.many else "PUT .../sets/" + set_name
        raise ValidationError(
            f"{set_def.label} holds {'many entries' if set_def.many else 'one entry'}; use {where}",
            {"set": [f"use {where}"]},
        )
    if not isinstance(fields, dict):
        raise ValidationError("the body must be an object of fields", {"_schema": ["object"]})
    entry = _target_entry(record, set_def, entry_id)
    for name in ACCOUNT_FIELDS:
        if (
            set_name == "basic_info"
            and name in fields
            and entry is not None
            and entry.fields.get(name) not in (None, fields[name])
        ):
            raise ValidationError(
                f"{name} is set when the account is generated",
                {name: ["由账号生成，不可在此修改 (set when the account is generated)"]},
            )
    if (
        expected_version is not None
        and not adding
        and (entry.version if entry else 0) != expected_version
    ):
        raise ConcurrencyConflict(
            "the entry changed since you read it; read it again and repeat your change",
            {
                "version": [
                    f"已被他人修改,当前版本 {entry.version if entry else 0} "
                    f"(stale: the entry is at version {entry.version if entry else 0}, "
                    f"not {expected_version})"
                ]
            },
        )
    if entry is not None and entry.state == "submitted":
        raise Conflict(
            "this entry waits for review; it can be changed after the decision",
            {"entry_id": ["待审核，不可修改 (submitted, under review)"]},
        )
    if entry is not None and entry.state == "approved":
        raise Conflict(
            "this entry is effective; changing it needs a change request",
            {"entry_id": ["已生效，变更需提交变更申请 (effective: file a change request)"]},
        )
    merged = {**(entry.fields if entry else {}), **fields}
    cleaned, errors = validate_entry(set_def, merged, partial=True, today=today)
    if errors:
        raise ValidationError(
            f"{set_def.label}: invalid fields: {', '.join(sorted(errors))}", errors
        )
    others = [e.fields for e in record.entries_of(set_name) if e is not entry]
    conflicts = key_conflicts(set_def, cleaned, others)
    if conflicts:  # one a year (基本待遇, 年度考核)
        raise Conflict(
            f"{set_def.label}: an entry with the same {', '.join(set_def.key_fields)} exists",
            conflicts,
        )
    cleaned = {k: v for k, v in cleaned.items() if v is not None}
    return EntryFilled(
        teacher_id=record.teacher_id,
        set=set_name,
        entry_id=entry.entry_id if entry else new_entry_id,
        fields=cleaned,
        changed=sorted(fields),
        new_entry=entry is None,
    )


def _target_entry(record: Record, set_def: SetDef, entry_id: str | None) -> Entry | None:
    if entry_id is None:
        if set_def.many:
            return None
        existing = record.entries_of(set_def.name)
        return existing[0] if existing else None
    entry = record.entries.get(entry_id)
    if entry is None or entry.set != set_def.name:
        raise NotFound(f"no entry {entry_id} in {set_def.name}", {"entry_id": ["no such entry"]})
    return entry


def submit(
    record: Record, caller: Caller, submission_id: str, unit_path: list[str] | None = None
) -> RecordSubmitted:
    unit_path = list(record.unit_path if unit_path is None else unit_path)
    check_can_read(caller, record, unit_path)
    if not (caller.is_teacher(record.teacher_id) or caller.role in MANAGER_ROLES):
        raise Forbidden("this role cannot submit teacher information")
    if caller_level(caller) == "province":  # it fills nothing, so it submits nothing
        raise Forbidden("the province enters no teacher information (省级不填报、不提交)")
    check_in_collection_scope(record)
    if record.state == "submitted":
        raise Conflict("the record already waits for review", {"state": ["submitted"]})
    missing = review_split.completeness_errors(record)
    if missing:
        raise ValidationError(f"required fields are missing: {', '.join(sorted(missing))}", missing)
    changes = [
        review_split.change_of(
            e,
            sorted({f["account_id"] for f in e.filled_by if f.get("source") != ACCOUNT_GENERATION}),
        )
        for e in record.entries.values()
        if e.state in review_split.SUBMITTABLE
    ]
    if not changes:
        raise Conflict("nothing new to submit", {"state": [record.state]})
    return RecordSubmitted(
        teacher_id=record.teacher_id,
        submission_id=submission_id,
        unit_code=record.unit_code,
        unit_path=unit_path,
        name=record.name,
        changes=changes,
    )


def decide(
    record: Record, decision: dict[str, Any]
) -> SubmissionApproved | SubmissionRejected | None:
    """The record's side of one review task's decision (its entries only); None when
    it was already applied."""
    return review_split.decide(record, decision)


def return_record(
    record: Record, caller: Caller, reason: object, unit_path: list[str] | None = None
) -> RecordReturned:
    """退回: an info manager in scope returns a submitted record (RecordReturned)."""
    check_can_read(caller, record, unit_path)
    return review_split.return_record(record, caller, reason)
