"""The teacher record (教师信息): reading it, the teacher list, filling, submitting and
returning it, and the reactions that open it (accounts' `TeacherAccountGenerated`) and
apply review decisions (audit's `ReviewDecided`): load the record (repository.py),
decide (domain/record.py), save.

`ensure_known` is shared by every command on a record: a record opens when accounts'
event arrives, and a command may come first."""

import uuid

import sqlalchemy as sa

from services.records.domain import record as domain
from services.records.read_model import staff_status, views
from services.records.read_model.orgs import unit_path_of
from services.records.repository import TeacherRecords
from services.records.tables import teachers
from shared import idnumbers, org_tree
from shared.caller import Caller
from shared.errors import Forbidden, NotFound, ValidationError
from shared.indicators import describe_sets
from shared.indicators.masking import masked_for


def ensure_known(storage, teacher_id: str):
    """Catch up with accounts when the teacher is not known here yet."""
    with storage.connect() as conn:
        known = conn.execute(
            sa.select(teachers.c.teacher_id).where(teachers.c.teacher_id == teacher_id)
        ).first()
    if not known:
        storage.catch_up("accounts")


def _until_time(as_of: str) -> str:
    """The last instant an `as_of` date or time covers, in the store's time format."""
    try:
        return org_tree.utc_at(as_of if "T" in as_of else f"{as_of}T23:59:59.999999+00:00")
    except ValueError:
        raise ValidationError(
            "as_of: an event position, a date or an ISO 8601 time",
            {"as_of": ["应为事件位置、日期或时间 (an event position, a date or a time)"]},
        ) from None


# queries -----------------------------------------------------------------
def get_record(storage, caller: Caller, teacher_id: str, as_of: str | None) -> dict:
    ensure_known(storage, teacher_id)
    until_position = until_time = None
    if as_of and as_of.isdigit():
        until_position = int(as_of)
    elif as_of:
        until_time = _until_time(as_of)
    with storage.connect() as conn:
        records = TeacherRecords.reading(conn, storage.store)
        record = records.get(teacher_id)
        domain.check_can_read(caller, record, unit_path_of(conn, record))
        if as_of:
            record = records.as_of(teacher_id, until_position=until_position, until_time=until_time)
    today = until_time[:10] if until_time else None
    return views.decorate(
        record_view(record, masked=masked_for(caller), as_of=as_of, today=today), record, today
    )


def record_view(record: domain.Record, *, masked: bool, as_of=None, today=None) -> dict:
    """Every set with its entries; derived fields computed, personal data masked
    (read_model/views.py)."""
    return views.record_view(
        record, masked=masked, as_of=as_of, position=record.position, today=today
    )


def entry_view(entry: domain.Entry, masked: bool = False) -> dict:
    return views.entry_view(entry, masked)


def _check_org_in_scope(storage, caller: Caller, code: str):
    """A listing narrowed to an org outside the caller's scope answers 404, like one that
    does not exist (as the other listings do)."""
    with storage.connect() as conn:
        path = org_tree.path_of(conn, code)
    if path is None:  # an org created a moment ago may not have arrived yet
        storage.catch_up("accounts")
        with storage.connect() as conn:
            path = org_tree.path_of(conn, code)
    if path is None or not caller.covers(path):
        raise NotFound(
            f"no org {code} in scope", {"unit_code": ["没有这个机构 (no such org in scope)"]}
        )


def list_teachers(storage, caller: Caller, query: dict) -> dict:
    if caller.role not in domain.READ_ROLES:
        raise Forbidden("only managers and query accounts list teachers")
    conditions = [org_tree.in_subtree(teachers.c.unit_code, caller.org_code, teachers.c.unit_path)]
    if query["unit_code"]:
        _check_org_in_scope(storage, caller, query["unit_code"])
        conditions.append(
            org_tree.in_subtree(teachers.c.unit_code, query["unit_code"], teachers.c.unit_path)
        )
    if query["state"]:
        conditions.append(teachers.c.state == query["state"])
    conditions.append(staff_status.status_condition(query.get("status")))
    with storage.connect() as conn:
        total = conn.execute(
            sa.select(sa.func.count()).select_from(teachers).where(*conditions)
        ).scalar_one()
        rows = conn.execute(
            sa.select(teachers)
            .where(*conditions)
            .order_by(teachers.c.unit_code, teachers.c.teacher_no)
            .limit(query["limit"])
            .offset(query["offset"])
        ).all()
        statuses = staff_status.statuses_of(conn, [r.teacher_id for r in rows])
    masked = masked_for(caller)
    return {
        "items": [views.teacher_item(r, statuses[r.teacher_id], masked) for r in rows],
        "total": total,
    }


def schema_sets() -> list[dict]:
    return describe_sets()


# commands ----------------------------------------------------------------
def fill(
    storage,
    caller: Caller,
    teacher_id: str,
    set_name: str,
    entry_id: str | None,
    fields: dict,
    adding: bool = False,
    expected_version: int | None = None,
) -> dict:
    ensure_known(storage, teacher_id)
    with storage.transaction() as uow:
        records = TeacherRecords.writing(uow)
        record = records.get(teacher_id)
        event = domain.fill(
            record,
            caller,
            set_name,
            entry_id,
            fields,
            new_entry_id=str(uuid.uuid4()),
            adding=adding,
            unit_path=unit_path_of(uow.conn, record),
            expected_version=expected_version,
        )
        [envelope] = records.save(record, [event])
    domain.advance(record, envelope)
    return entry_view(record.entries[event.entry_id], masked=False)


def submit(storage, caller: Caller, teacher_id: str) -> dict:
    ensure_known(storage, teacher_id)
    with storage.transaction() as uow:
        records = TeacherRecords.writing(uow)
        record = records.get(teacher_id)
        event = domain.submit(record, caller, str(uuid.uuid4()), unit_path_of(uow.conn, record))
        records.save(record, [event])
    return {
        "state": "submitted",
        "submission_id": event.submission_id,
        "entries": [c["entry_id"] for c in event.changes],
        "review_levels": sorted({c["effective_by"] for c in event.changes}),
    }


def return_record(storage, caller: Caller, teacher_id: str, reason: str) -> dict:
    """退回: the submitted entries become editable; audit closes the pending tasks."""
    ensure_known(storage, teacher_id)
    with storage.transaction() as uow:
        records = TeacherRecords.writing(uow)
        record = records.get(teacher_id)
        event = domain.return_record(record, caller, reason, unit_path_of(uow.conn, record))
        records.save(record, [event])
    return {
        "state": "returned",
        "submission_id": event.submission_id,
        "entries": list(event.entry_ids),
        "reason": event.reason,
    }


# reactions to other services' events -------------------------------------------
def on_teacher_account_generated(uow, envelope):
    data = envelope["data"]
    birth_date = None
    if data["id_type"] in idnumbers.RESIDENT_FORMAT_TYPES:
        birth_date = idnumbers.parse_resident_id(data["id_number"]).birth_date.isoformat()
    event = domain.open_record(data, str(uuid.uuid4()), birth_date)
    TeacherRecords.writing(uow).add(data["teacher_id"], [event])


def on_review_decided(uow, envelope):
    data = envelope["data"]
    if data["kind"] != "record_submission":
        return
    records = TeacherRecords.writing(uow)
    record = records.get(data["teacher_id"])
    event = domain.decide(record, data)
    if event is not None:
        records.save(record, [event])
