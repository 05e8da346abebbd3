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
"""
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
    return {"entry_id": entry.entry_id, "set": entry.set, "state": entry.state,
            "version": entry.version, "fields": fields, "filled_by": entry.filled_by, "reviewed_by": entry.reviewed_by,
            "change_request": open_change(entry, masked), "changed_by": entry.changed_by}


def teacher_item(row, status: dict, masked: bool) -> dict:
    """A row of the teacher list; its document fields masked as in the record."""
    document = {"gender": row.gender, "id_type": row.id_type, "id_number": row.id_number}
    if masked:
        document = masked_fields("basic_info", document)
    return {"teacher_id": row.teacher_id, "teacher_no": row.teacher_no, "name": row.name,
            **document, "unit_code": row.unit_code, "state": row.state,
            "updated_at": row.updated_at, **status}


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
    sets = {s.name: {"label": s.label, "many": s.many, "entries": []} for s in SETS.values()}
    for entry in record.entries.values():
        extra = derived if entry.set == "basic_info" else None
        sets.setdefault(entry.set, {"entries": []})["entries"].append(
            entry_view(entry, masked, extra))
    return {"teacher_id": record.teacher_id, "teacher_no": record.teacher_no,
            "name": record.name, "unit_code": record.unit_code, "state": record.state,
            "version": record.version, "position": position, "as_of": as_of,
            "derived": derived, "sets": sets}
