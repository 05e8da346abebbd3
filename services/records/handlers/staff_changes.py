"""教师变动 (teacher changes) on the records side: `record_change` loads the record,
decides and saves TeacherJoined/Transferred/Left/Retired/Died to the teacher's stream
(rules: domain/staff_changes.py)."""

import uuid
from datetime import date

from services.records.domain import record as domain
from services.records.domain import staff_changes
from services.records.handlers.record import ensure_known
from services.records.read_model.orgs import org_row, unit_path_of
from services.records.repository import TeacherRecords
from shared.caller import Caller


def record_change(storage, caller: Caller, teacher_id: str, request: dict) -> dict:
    ensure_known(storage, teacher_id)
    with storage.transaction() as uow:
        records = TeacherRecords.writing(uow)
        record = records.get(teacher_id)
        target = (
            org_row(uow.conn, request.get("to_unit_code"))
            if request["kind"] == "transfer"
            else None
        )
        event = staff_changes.decide_change(
            record,
            caller,
            request,
            staff_change_id=str(uuid.uuid4()),
            today=date.today(),
            unit_path=unit_path_of(uow.conn, record),
            target=target,
        )
        [envelope] = records.save(record, [event])
    domain.advance(record, envelope)
    return {
        **envelope["data"],
        "kind": request["kind"],
        "event": envelope["type"],
        "status": record.status,
        "status_date": record.status_date,
        "unit_code": record.unit_code,
        "recorded_at": envelope["occurred_at"],
    }
