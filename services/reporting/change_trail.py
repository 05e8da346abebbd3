"""Change requests (变更申请) in the audit trail: who filed, who approved or rejected at
which level, and whether records applied the change.

From records: `ChangeRequested` → change_requested (the filer, the reason),
`EntryChanged` → change_applied, `ChangeNotApplied` → change_not_applied (why).
From audit: `ChangeRequestSchoolApproved` → change_school_approved,
`ChangeRequestProvinceApproved` → change_province_approved, `ChangeRequestRejected` →
change_rejected (the level and the reason). Each item also gets a `trail_changes` row
with the request's id and the deciding level.
"""
import sqlalchemy as sa

from services.reporting.models import trail_changes


def _item(source: str, event: str, *, decision=None, level=None, with_reason=True):
    def handle(uow, envelope):
        from services.reporting import projections  # it wires these handlers in
        envelope = {**envelope, "source": envelope.get("source") or source}
        data = envelope["data"]
        projections._trail(uow.conn, envelope, event, set_name=data.get("set"),
                           entry_id=data.get("entry_id"), decision=decision,
                           reason=data.get("reason") if with_reason else None)
        key = (trail_changes.c.source == envelope["source"],
               trail_changes.c.position == envelope["position"])
        if uow.conn.execute(sa.select(trail_changes.c.change_id).where(*key)).first() is None:
            uow.conn.execute(trail_changes.insert().values(
                source=envelope["source"], position=envelope["position"],
                teacher_id=data["teacher_id"], change_id=data["change_id"],
                level=level or data.get("level")))
    handle.__name__ = f"on_{event}"
    return handle


RECORDS = {
    "ChangeRequested": _item("records", "change_requested"),
    "EntryChanged": _item("records", "change_applied", with_reason=False),
    "ChangeNotApplied": _item("records", "change_not_applied"),
}
AUDIT = {
    "ChangeRequestSchoolApproved": _item("audit", "change_school_approved",
                                         decision="approve", level="school"),
    "ChangeRequestProvinceApproved": _item("audit", "change_province_approved",
                                           decision="approve", level="province"),
    "ChangeRequestRejected": _item("audit", "change_rejected", decision="reject"),
}


def details(conn, teacher_id: str) -> dict:
    """{(source, position): {change_id, level}} of a teacher's change-request items."""
    rows = conn.execute(sa.select(trail_changes).where(trail_changes.c.teacher_id == teacher_id))
    return {(r.source, r.position): {"change_id": r.change_id, "level": r.level} for r in rows}
