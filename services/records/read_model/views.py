"""How a record is shown: every set with its entries, the derived fields of
基本信息 computed on read, and personal data masked for query accounts.

- Derived fields (最高学历, 最高学位层次 from 学习经历; 现任岗位类别/等级 from
  岗位聘任; 现任专业技术职务 from 专业技术职务聘任) are never stored as input:
  `shared.indicators.derived_basic_fields` computes them from the record's entries
  as shown (drafts included; rejected entries left out) each time it is read, as of
  the read's date.
- For `info_query` every field flagged `personal` in any set is masked, in the
  record and in the teacher list alike, by the one rule of
  `shared.indicators.masking` (the ID number as `46****************`, the birth
  date as `1985-03-**`, amounts as "***"; docs/personal-data.md).
- The record view also shows the status and the teacher changes (教师变动), and
  人员状态 is derived on read: while an effective 交流轮岗 entry is current, the
  view's basic_info shows 06 交流轮岗 (and `derived.personnel_status`); the
  recorded value stays in the entry and is named in `rotation` (`decorate`).
"""

from datetime import date
from typing import Any

from services.records.domain import rotation
from shared.indicators import SETS, derived_basic_fields
from shared.indicators.masking import masked_fields

# entries whose content does not count for the derived fields
NOT_COUNTED = ("rejected",)


def entry_view(entry, masked: bool = False, extra_fields: dict | None = None) -> dict:
    fields = dict(entry.fields)
    if extra_fields:
        fields.update(extra_fields)
    if masked:
        fields = masked_fields(entry.set, fields)
    return {
        "entry_id": entry.entry_id,
        "set": entry.set,
        "state": entry.state,
        "version": entry.version,
        "fields": fields,
        "filled_by": entry.filled_by,
        "reviewed_by": entry.reviewed_by,
        "change_request": open_change(entry, masked),
        "changed_by": entry.changed_by,
    }


def teacher_item(row, status: dict, masked: bool) -> dict:
    """A row of the teacher list; its document fields masked as in the record."""
    document = {"gender": row.gender, "id_type": row.id_type, "id_number": row.id_number}
    if masked:
        document = masked_fields("basic_info", document)
    return {
        "teacher_id": row.teacher_id,
        "teacher_no": row.teacher_no,
        "name": row.name,
        **document,
        "unit_code": row.unit_code,
        "state": row.state,
        "updated_at": row.updated_at,
        **status,
    }


def open_change(entry, masked: bool) -> dict | None:
    """The entry's open change request (变更申请), its values masked like the entry's."""
    request = entry.change_request
    if request is None:
        return None
    show = (lambda f: masked_fields(entry.set, f)) if masked else dict
    return {**request, "fields": show(request["fields"]), "previous": show(request["previous"])}


def derived_fields(record, today=None) -> dict:
    by_set: dict = {}
    for entry in record.entries.values():
        if entry.state not in NOT_COUNTED:
            by_set.setdefault(entry.set, []).append(entry.fields)
    return derived_basic_fields(by_set, today)


def record_view(record, *, masked: bool, as_of=None, position=None, today=None) -> dict:
    derived = derived_fields(record, today)
    sets: dict[str, dict[str, Any]] = {
        s.name: {"label": s.label, "many": s.many, "entries": []} for s in SETS.values()
    }
    for entry in record.entries.values():
        extra = derived if entry.set == "basic_info" else None
        sets.setdefault(entry.set, {"entries": []})["entries"].append(
            entry_view(entry, masked, extra)
        )
    return {
        "teacher_id": record.teacher_id,
        "teacher_no": record.teacher_no,
        "name": record.name,
        "unit_code": record.unit_code,
        "state": record.state,
        "version": record.version,
        "position": position,
        "as_of": as_of,
        "derived": derived,
        "sets": sets,
    }


# the status, the teacher changes and the current rotation -------------------------
def decorate(view: dict, record, today: str | None = None) -> dict:
    """Add the status, the teacher changes and the current rotation to a record view
    (`today`: the day the view is as of, YYYY-MM-DD; default the real date)."""
    month = (today or date.today().isoformat())[:7]
    current = rotation.current_rotation(record.entries_of("rotation"), month)
    view["status"] = {"status": record.status, "date": record.status_date}
    view["staff_changes"] = list(record.staff_changes)
    view["rotation"] = None
    basic = view.get("sets", {}).get("basic_info", {}).get("entries") or []
    recorded = basic[0]["fields"].get("personnel_status") if basic else None
    shown, derived = rotation.personnel_status(recorded, current)
    if derived and current is not None:
        view["rotation"] = {
            "entry_id": current.entry_id,
            **current.fields,
            "recorded_personnel_status": recorded,
        }
        view.setdefault("derived", {})["personnel_status"] = shown
        for entry in basic:
            entry["fields"]["personnel_status"] = shown
    return view
