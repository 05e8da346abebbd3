"""The audit trail (`trail`): one item per thing done to a teacher's record, with
who did it (谁填报谁负责，谁审核谁负责). Every projection that puts an item on the trail
writes it with `add_item`; a redelivered event finds its item there already.

Change requests (变更申请) are items of their own: who filed, who approved or
rejected at which level, and whether records applied the change.
From records: `ChangeRequested` → change_requested (the filer, the reason),
`EntryChanged` → change_applied, `ChangeNotApplied` → change_not_applied (why).
From audit: `ChangeRequestSchoolApproved` → change_school_approved,
`ChangeRequestProvinceApproved` → change_province_approved, `ChangeRequestRejected` →
change_rejected (the level and the reason). Each such item also gets a
`trail_changes` row with the request's id and the deciding level.
"""

import sqlalchemy as sa

from services.reporting.tables import trail, trail_changes
from shared import org_tree


def add_item(conn, envelope, event, *, set_name=None, entry_id=None, decision=None, reason=None):
    """The trail item of `envelope` (once per source and position), by its actor."""
    source = envelope.get("source", "records")
    if conn.execute(
        sa.select(trail.c.id).where(
            trail.c.source == source, trail.c.position == envelope["position"]
        )
    ).first():
        return
    actor = (envelope.get("metadata") or {}).get("actor") or {}
    conn.execute(
        trail.insert().values(
            teacher_id=envelope["data"]["teacher_id"],
            source=source,
            position=envelope["position"],
            at=org_tree.utc_at(envelope["occurred_at"]),
            event=event,
            set_name=set_name,
            entry_id=entry_id,
            actor_account_id=actor.get("account_id"),
            actor_username=actor.get("username"),
            actor_role=actor.get("role"),
            actor_org_code=actor.get("org_code"),
            decision=decision,
            reason=reason,
        )
    )


# change requests -------------------------------------------------------------------
def _item(source: str, event: str, *, decision=None, level=None, with_reason=True):
    def handle(uow, envelope):
        envelope = {**envelope, "source": envelope.get("source") or source}
        data = envelope["data"]
        add_item(
            uow.conn,
            envelope,
            event,
            set_name=data.get("set"),
            entry_id=data.get("entry_id"),
            decision=decision,
            reason=data.get("reason") if with_reason else None,
        )
        key = (
            trail_changes.c.source == envelope["source"],
            trail_changes.c.position == envelope["position"],
        )
        if uow.conn.execute(sa.select(trail_changes.c.change_id).where(*key)).first() is None:
            uow.conn.execute(
                trail_changes.insert().values(
                    source=envelope["source"],
                    position=envelope["position"],
                    teacher_id=data["teacher_id"],
                    change_id=data["change_id"],
                    level=level or data.get("level"),
                )
            )

    handle.__name__ = f"on_{event}"
    return handle


# from records
change_requested = _item("records", "change_requested")
change_applied = _item("records", "change_applied", with_reason=False)
change_not_applied = _item("records", "change_not_applied")
# from audit
change_school_approved = _item(
    "audit", "change_school_approved", decision="approve", level="school"
)
change_province_approved = _item(
    "audit", "change_province_approved", decision="approve", level="province"
)
change_rejected = _item("audit", "change_rejected", decision="reject")
