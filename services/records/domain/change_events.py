"""Facts of change requests (变更申请) on the records side, in the teacher's stream
(`teacher-<teacher_id>`), and how they fold into the record (pure).

Records owns the entry: it checks and files a request (`ChangeRequested`), and when the
audit chain ends it either applies it (`EntryChanged`), refuses a stale one
(`ChangeNotApplied`) or notes the rejection (`ChangeRejected`). An entry holds at most
one open request; each of the last three closes it. Nothing is updated in place: the
old values stay in the stream (a record read `as_of` before shows them).
"""
from dataclasses import dataclass

from shared.events import DomainEvent


@dataclass(frozen=True)
class ChangeRequested(DomainEvent):
    teacher_id: str
    change_id: str
    set: str
    entry_id: str
    unit_code: str
    unit_path: list
    name: str          # the teacher's name
    fields: dict       # the entry's whole content once the change applies
    previous: dict     # the entry's whole content when the request was filed
    changed: list      # names of the fields whose value changes
    reason: str
    evidence: list     # [{name, note}]: references to the evidence, not files


@dataclass(frozen=True)
class EntryChanged(DomainEvent):
    """The province approved: the entry holds the new values and stays effective."""
    teacher_id: str
    change_id: str
    set: str
    entry_id: str
    fields: dict
    previous: dict
    changed: list
    reason: str
    filed_by: dict             # actor and `at`
    school_approved_by: dict
    province_approved_by: dict


@dataclass(frozen=True)
class ChangeNotApplied(DomainEvent):
    """Approved, but the entry changed meanwhile (or the values no longer pass the set's
    rules): records refuses to apply a stale request."""
    teacher_id: str
    change_id: str
    set: str
    entry_id: str
    reason: str


@dataclass(frozen=True)
class ChangeRejected(DomainEvent):
    """The school or the province rejected the request: the entry is free again."""
    teacher_id: str
    change_id: str
    set: str
    entry_id: str
    level: str         # "school" | "province"
    reason: str


CHANGE_EVENTS = ("ChangeRequested", "EntryChanged", "ChangeNotApplied", "ChangeRejected")


def fold_change(record, event_type: str, data: dict, who: dict):
    """Apply one of CHANGE_EVENTS to a `record.Record` (its entries are `record.Entry`)."""
    entry = record.entries.get(data["entry_id"])
    if entry is None:
        return
    if event_type == "ChangeRequested":
        entry.change_request = {
            "change_id": data["change_id"], "fields": dict(data["fields"]),
            "previous": dict(data["previous"]), "changed": list(data["changed"]),
            "reason": data["reason"], "evidence": list(data["evidence"]), "filed_by": who}
        return
    if (entry.change_request or {}).get("change_id") == data["change_id"]:
        entry.change_request = None
    if event_type == "EntryChanged":
        entry.fields = dict(data["fields"])
        entry.changed_by.append({
            "change_id": data["change_id"], "reason": data["reason"],
            "changed": list(data["changed"]), "filed_by": data["filed_by"],
            "school_approved_by": data["school_approved_by"],
            "province_approved_by": data["province_approved_by"], "at": who["at"]})
        if entry.set == "basic_info" and entry.fields.get("name"):
            record.name = entry.fields["name"]
