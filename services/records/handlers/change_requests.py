"""Change requests (变更申请) in records: the filing command and the reactions to the
outcome of audit's approval chain (load the record, decide, save; rules in
`domain/change_requests.py`)."""

import uuid

from services.records.domain import change_requests as domain
from services.records.domain import record as rec
from services.records.handlers.record import ensure_known, entry_view
from services.records.read_model.orgs import unit_path_of
from services.records.repository import TeacherRecords
from shared.caller import Caller


def file_change_request(storage, caller: Caller, teacher_id: str, body: dict) -> dict:
    ensure_known(storage, teacher_id)
    with storage.transaction() as uow:
        records = TeacherRecords.writing(uow)
        record = records.get(teacher_id)
        event = domain.file(
            record,
            caller,
            body,
            change_id=str(uuid.uuid4()),
            unit_path=unit_path_of(uow.conn, record),
        )
        if event is not None:
            [envelope] = records.save(record, [event])
            rec.advance(record, envelope)
    entry = record.entries[body["entry_id"]]
    return request_view(record.teacher_id, entry)


def request_view(teacher_id: str, entry) -> dict:
    request = entry.change_request
    return {
        "change_id": request["change_id"],
        "teacher_id": teacher_id,
        "set": entry.set,
        "entry_id": entry.entry_id,
        "state": "filed",
        "fields": request["fields"],
        "previous": request["previous"],
        "changed": request["changed"],
        "reason": request["reason"],
        "evidence": request["evidence"],
        "filed_by": request["filed_by"],
        "filed_at": request["filed_by"]["at"],
        "entry": entry_view(entry),
    }


# reactions to audit's chain -----------------------------------------------------
def on_province_approved(uow, envelope):
    data = envelope["data"]
    data = {
        **data,
        "province_approved_by": {**data["province_approved_by"], "at": envelope["occurred_at"]},
    }
    records = TeacherRecords.writing(uow)
    record = records.get(data["teacher_id"])
    event = domain.apply_approved(record, data)
    if event is not None:
        records.save(record, [event])


def on_change_request_rejected(uow, envelope):
    data = envelope["data"]
    records = TeacherRecords.writing(uow)
    record = records.get(data["teacher_id"])
    event = domain.close_rejected(record, data)
    if event is not None:
        records.save(record, [event])
