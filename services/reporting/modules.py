"""Projections of the business modules: teacher changes (教师变动), training
(国内培训) and rotation (交流轮岗) entries with their states, the schools' training
requirements, and when each unit first used each module (附件4 业务管理应用情况).

Each module's use is an event: a teacher change (for the teacher's unit; a
transfer for both units), or any entry filled in the training or rotation set
(for the teacher's unit then). Entries count for the totals only once effective
(`approved`); a change request applied later (EntryChanged) updates them.

`chained` adds these handlers to the records subscription next to the ones that
are there already (those run first: they keep the teacher row).
"""
import sqlalchemy as sa

from services.reporting.models import path_text, teachers
from services.reporting.module_models import (module_usage, rotation_entries, staff_changes,
                                              training_entries, training_requirements)
from shared import org_tree

KIND_OF_EVENT = {"TeacherJoined": "join", "TeacherTransferred": "transfer",
                 "TeacherLeft": "leave", "TeacherRetired": "retire", "TeacherDied": "death"}
TRAIL_EVENT = {"join": "joined", "transfer": "transferred", "leave": "left",
               "retire": "retired", "death": "died"}
STATUS_AFTER = {"join": "active", "leave": "left", "retire": "retired", "death": "deceased"}
ENTRY_TABLES = {"training": training_entries, "rotation": rotation_entries}
MODULE_OF_SET = {"training": "training", "rotation": "rotation"}
MODULES = ("teacher_changes", "rotation", "training")


# 教师变动 --------------------------------------------------------------------------
def staff_change(uow, envelope):
    conn, data = uow.conn, envelope["data"]
    kind = KIND_OF_EVENT[envelope["type"]]
    at = org_tree.utc_at(envelope["occurred_at"])
    if conn.execute(sa.select(staff_changes.c.position).where(
            staff_changes.c.position == envelope["position"])).first() is None:
        conn.execute(staff_changes.insert().values(
            position=envelope["position"], teacher_id=data["teacher_id"], kind=kind,
            date=data["date"], change_code=data["change_code"],
            status_after=STATUS_AFTER.get(kind),
            unit_code=data.get("unit_code") or data.get("from_unit_code"),
            to_unit_code=data.get("to_unit_code"), staff_source=data.get("staff_source"),
            note=data.get("note"), at=at))
    units = [data.get("unit_code") or data.get("from_unit_code")]
    if kind == "transfer":  # the teacher row (scope, trail) follows the record
        conn.execute(teachers.update().where(teachers.c.teacher_id == data["teacher_id"]).values(
            unit_code=data["to_unit_code"], unit_path=path_text(data["to_unit_path"])))
        units.append(data["to_unit_code"])
    from services.reporting import projections  # it wires these handlers in
    projections._trail(conn, {**envelope, "source": envelope.get("source") or "records"},
                       TRAIL_EVENT[kind])
    _used(conn, units, "teacher_changes", at)


def requirement_set(uow, envelope):
    data = envelope["data"]
    key = (training_requirements.c.school_code == data["school_code"],
           training_requirements.c.year == data["year"])
    values = {"hours": data["hours"], "credits": _number(data.get("credits")),
              "set_at": org_tree.utc_at(envelope["occurred_at"])}
    if not uow.conn.execute(training_requirements.update().where(*key).values(**values)).rowcount:
        uow.conn.execute(training_requirements.insert().values(
            school_code=data["school_code"], year=data["year"], **values))


# training and rotation entries -------------------------------------------------------
def entry_filled(uow, envelope):
    data = envelope["data"]
    table = ENTRY_TABLES.get(data["set"])
    if table is None:
        return
    _upsert(uow.conn, table, data, state="draft")
    unit = uow.conn.execute(sa.select(teachers.c.unit_code).where(
        teachers.c.teacher_id == data["teacher_id"])).scalar()
    _used(uow.conn, [unit], MODULE_OF_SET[data["set"]], org_tree.utc_at(envelope["occurred_at"]))


def entry_changed(uow, envelope):
    data = envelope["data"]
    if data.get("set") in ENTRY_TABLES:
        _upsert(uow.conn, ENTRY_TABLES[data["set"]], data, state=None)


def record_submitted(uow, envelope):
    for change in envelope["data"]["changes"]:
        if change["set"] in ENTRY_TABLES:
            _set_state(uow.conn, [change["entry_id"]], "submitted")


def submission_approved(uow, envelope):
    _set_state(uow.conn, envelope["data"]["entry_ids"], "approved")


def submission_rejected(uow, envelope):
    _set_state(uow.conn, envelope["data"]["entry_ids"], "rejected")


def record_returned(uow, envelope):
    _set_state(uow.conn, envelope["data"]["entry_ids"], "returned", only_from="submitted")


# helpers ---------------------------------------------------------------------------
def _number(value):
    return None if value in (None, "") else float(value)


def _columns(table, fields: dict) -> dict:
    if table is training_entries:
        return {"year": fields.get("year"), "hours": fields.get("hours"),
                "credits": _number(fields.get("credits")),
                "training_kind": fields.get("training_kind"),
                "project_name": fields.get("project_name")}
    return {name: fields.get(name) for name in (
        "rotation_kind", "transfers_relation", "start_month", "end_month", "origin_unit",
        "target_unit")}


def _upsert(conn, table, data: dict, state: str | None):
    values = _columns(table, data["fields"])
    if state is not None:
        values["state"] = state
    done = conn.execute(table.update().where(table.c.entry_id == data["entry_id"])
                        .values(**values))
    if not done.rowcount:
        conn.execute(table.insert().values(entry_id=data["entry_id"],
                                           teacher_id=data["teacher_id"],
                                           **{"state": state or "approved", **values}))


def _set_state(conn, entry_ids: list, state: str, only_from: str | None = None):
    for table in ENTRY_TABLES.values():
        update = table.update().where(table.c.entry_id.in_(entry_ids))
        if only_from:
            update = update.where(table.c.state == only_from)
        conn.execute(update.values(state=state))


def _used(conn, unit_codes: list, module: str, at: str):
    """Remember the first use of `module` by each unit (the earliest instant wins)."""
    for code in {c for c in unit_codes if c}:
        key = (module_usage.c.unit_code == code, module_usage.c.module == module)
        first = conn.execute(sa.select(module_usage.c.first_used_at).where(*key)).scalar()
        if first is None:
            conn.execute(module_usage.insert().values(unit_code=code, module=module,
                                                      first_used_at=at))
        elif at < first:
            conn.execute(module_usage.update().where(*key).values(first_used_at=at))


# wiring ----------------------------------------------------------------------------
RECORDS = {**{event_type: staff_change for event_type in KIND_OF_EVENT},
           "TrainingRequirementSet": requirement_set,
           "EntryFilled": entry_filled, "EntryChanged": entry_changed,
           "RecordSubmitted": record_submitted, "SubmissionApproved": submission_approved,
           "SubmissionRejected": submission_rejected, "RecordReturned": record_returned}


def chained(handlers: dict) -> dict:
    """`handlers` with RECORDS added; where both handle a type, theirs runs first."""
    merged = dict(handlers)
    for event_type, mine in RECORDS.items():
        theirs = merged.get(event_type)
        merged[event_type] = mine if theirs is None else _both(theirs, mine)
    return merged


def _both(first, second):
    def handle(uow, envelope):
        first(uow, envelope)
        second(uow, envelope)
    handle.__name__ = f"{first.__name__}_and_{second.__name__}"
    return handle
