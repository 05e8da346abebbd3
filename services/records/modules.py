"""The business modules' commands on the records side: load, decide, append.

- 教师变动: `record_change` appends TeacherJoined/Transferred/Left/Retired/Died to
  the teacher's stream (rules: domain/staff_changes.py).
- 培训学分: `set_training_requirement` appends TrainingRequirementSet to the
  school's stream (rules: domain/training.py). The totals are reporting's.
Training and rotation entries are ordinary entries of the `training` and
`rotation` sets (fill, submit, review), so they need nothing here.
"""
import uuid
from datetime import date

import sqlalchemy as sa

from services.records import handlers
from services.records.domain import record as domain
from services.records.domain import staff_changes, training
from services.records.models import orgs
from shared import org_tree
from shared.caller import Caller


def org_row(conn, code: str | None) -> dict | None:
    """An org as the records copy of the tree knows it, or None."""
    if not code:
        return None
    row = conn.execute(sa.select(orgs).where(orgs.c.code == code)).first()
    if row is None:
        return None
    return {"code": row.code, "level": row.level, "path": org_tree.path_list(row.path),
            "closed": bool(row.closed), "name": row.name}


def record_change(storage, caller: Caller, teacher_id: str, request: dict) -> dict:
    handlers._ensure_known(storage, teacher_id)
    with storage.transaction() as uow:
        record = handlers._load(storage.store, uow.conn, teacher_id)
        target = org_row(uow.conn, request.get("to_unit_code")) \
            if request["kind"] == "transfer" else None
        event = staff_changes.decide_change(
            record, caller, request, staff_change_id=str(uuid.uuid4()), today=date.today(),
            unit_path=handlers.unit_path_of(uow.conn, record), target=target)
        [envelope] = uow.append(handlers.stream_of(teacher_id), record.version, [event])
    domain.apply(record, envelope["type"], envelope["data"], envelope["metadata"]["actor"],
                 envelope["occurred_at"])
    return {**envelope["data"], "kind": request["kind"], "event": envelope["type"],
            "status": record.status, "status_date": record.status_date,
            "unit_code": record.unit_code, "recorded_at": envelope["occurred_at"]}


def set_training_requirement(storage, caller: Caller, code: str, request: dict) -> dict:
    with storage.transaction() as uow:
        event = training.set_requirement(caller, org_row(uow.conn, code), request["year"],
                                         request["hours"], request.get("credits"), date.today())
        stream = training.stream_of(event.school_code)
        history = uow.read_stream(stream)
        [envelope] = uow.append(stream, history[-1]["version"] if history else 0, [event])
    return {**envelope["data"], "set_at": envelope["occurred_at"],
            "set_by": envelope["metadata"]["actor"]}
