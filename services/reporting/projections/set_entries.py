"""The entries of the training (国内培训) and rotation (交流轮岗) sets with their
states (`training_entries`, `rotation_entries`), for the training totals and the
rotation listing. Entries count there only once effective (`approved`); a change
request applied later (EntryChanged) updates them. Filling an entry of either set,
a draft too, is a use of its module by the teacher's unit (usage.py).
"""

import sqlalchemy as sa

from services.reporting.projections.usage import used
from services.reporting.tables import float_or_none, rotation_entries, teachers, training_entries
from shared import org_tree

ENTRY_TABLES = {"training": training_entries, "rotation": rotation_entries}
MODULE_OF_SET = {"training": "training", "rotation": "rotation"}


def entry_filled(uow, envelope):
    data = envelope["data"]
    table = ENTRY_TABLES.get(data["set"])
    if table is None:
        return
    _upsert(uow.conn, table, data, state="draft")
    unit = uow.conn.execute(
        sa.select(teachers.c.unit_code).where(teachers.c.teacher_id == data["teacher_id"])
    ).scalar()
    used(uow.conn, [unit], MODULE_OF_SET[data["set"]], org_tree.utc_at(envelope["occurred_at"]))


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
def _columns(table, fields: dict) -> dict:
    if table is training_entries:
        return {
            "year": fields.get("year"),
            "hours": fields.get("hours"),
            "credits": float_or_none(fields.get("credits")),
            "training_kind": fields.get("training_kind"),
            "project_name": fields.get("project_name"),
        }
    return {
        name: fields.get(name)
        for name in (
            "rotation_kind",
            "transfers_relation",
            "start_month",
            "end_month",
            "origin_unit",
            "target_unit",
        )
    }


def _upsert(conn, table, data: dict, state: str | None):
    values = _columns(table, data["fields"])
    if state is not None:
        values["state"] = state
    done = conn.execute(table.update().where(table.c.entry_id == data["entry_id"]).values(**values))
    if not done.rowcount:
        conn.execute(
            table.insert().values(
                entry_id=data["entry_id"],
                teacher_id=data["teacher_id"],
                **{"state": state or "approved", **values},
            )
        )


def _set_state(conn, entry_ids: list, state: str, only_from: str | None = None):
    for table in ENTRY_TABLES.values():
        update = table.update().where(table.c.entry_id.in_(entry_ids))
        if only_from:
            update = update.where(table.c.state == only_from)
        conn.execute(update.values(state=state))
