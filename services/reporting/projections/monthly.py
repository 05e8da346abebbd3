"""Each teacher's record as the monthly report (附件4 月报表) counts it: the
`teachers` row (unit, when first filled, submitted, approved, the state now)
and every state change in `teacher_states`, from the accounts and records
logs; each step also puts its item on the trail (trail.py).

A handler is `fn(uow, envelope)` and writes through `uow.conn`, inside the
transaction that also moves the subscription's checkpoint (shared.consumer),
so an event is applied once. Reporting has no event store: nothing here
appends events. The subscription table is assembled in wiring.py.

The accounts and records logs are consumed independently, so a teacher can
appear from either side first; both sides upsert the teacher row and fill what
is missing, and keep the earliest opening time, so the result is the same in
any order.
"""

import sqlalchemy as sa

from services.reporting.projections.trail import add_item
from services.reporting.tables import teacher_states, teachers
from shared import org_tree
from shared.org_tree import path_text

utc_at = org_tree.utc_at  # an ISO 8601 instant in the one form whose string order is time order


# accounts (the org tree itself is projected by shared.org_tree) -------------
def teacher_account_generated(uow, envelope):
    _open_teacher(uow.conn, envelope)


# records -------------------------------------------------------------------
def record_opened(uow, envelope):
    _open_teacher(uow.conn, envelope)
    data = envelope["data"]
    add_item(
        uow.conn, envelope, "opened", set_name="basic_info", entry_id=data.get("basic_entry_id")
    )


def entry_filled(uow, envelope):
    data = envelope["data"]
    row = _teacher(uow.conn, data["teacher_id"])
    at = utc_at(envelope["occurred_at"])
    changes = {}
    if row.first_filled_at is None:
        changes["first_filled_at"] = at
    if row.state != "submitted":
        changes["state"] = "draft"
    _update_teacher(uow.conn, envelope, row, changes)
    add_item(uow.conn, envelope, "filled", set_name=data["set"], entry_id=data["entry_id"])


def record_submitted(uow, envelope):
    _moved(uow, envelope, "submitted", "first_submitted_at", "submitted")


def submission_approved(uow, envelope):
    # one review level's part: the record stays submitted while another level's task waits
    state = envelope["data"].get("record_state") or "approved"
    _moved(
        uow,
        envelope,
        state,
        "first_approved_at" if state == "approved" else None,
        "approved",
        decision="approve",
    )


def submission_rejected(uow, envelope):
    state = envelope["data"].get("record_state") or "rejected"
    _moved(
        uow,
        envelope,
        state,
        None,
        "rejected",
        decision="reject",
        reason=envelope["data"].get("reason"),
    )


def record_returned(uow, envelope):
    """退回: no longer pending; the trail shows who returned it and why."""
    _moved(
        uow,
        envelope,
        "returned",
        None,
        "returned",
        decision="return",
        reason=envelope["data"].get("reason"),
    )


# helpers -------------------------------------------------------------------
def _open_teacher(conn, envelope):
    """Insert the teacher if missing, else fill its missing columns; the
    opening time is the earliest one seen."""
    data = envelope["data"]
    at = utc_at(envelope["occurred_at"])
    known = {
        "account_id": data.get("account_id"),
        "teacher_no": data.get("teacher_no"),
        "name": data.get("name"),
        "unit_code": data["unit_code"],
        "unit_path": path_text(data["unit_path"]),
    }
    row = conn.execute(
        sa.select(teachers).where(teachers.c.teacher_id == data["teacher_id"])
    ).first()
    if row is None:
        conn.execute(
            teachers.insert().values(
                teacher_id=data["teacher_id"], opened_at=at, state="opened", **known
            )
        )
        return
    changes = {k: v for k, v in known.items() if getattr(row, k) is None and v is not None}
    if at < row.opened_at:
        changes["opened_at"] = at
    if changes:
        conn.execute(
            teachers.update().where(teachers.c.teacher_id == row.teacher_id).values(**changes)
        )


def _teacher(conn, teacher_id: str):
    row = conn.execute(sa.select(teachers).where(teachers.c.teacher_id == teacher_id)).first()
    if row is None:  # RecordOpened comes first in every teacher's stream
        raise LookupError(f"teacher {teacher_id} has no RecordOpened before this event")
    return row


def _moved(uow, envelope, state, first_column, event, decision=None, reason=None):
    """A submission or a review outcome: new state, first time stamped, trail item."""
    row = _teacher(uow.conn, envelope["data"]["teacher_id"])
    changes = {"state": state}
    if first_column and getattr(row, first_column) is None:
        changes[first_column] = utc_at(envelope["occurred_at"])
    _update_teacher(uow.conn, envelope, row, changes)
    add_item(uow.conn, envelope, event, decision=decision, reason=reason)


def _update_teacher(conn, envelope, row, changes: dict):
    if not changes:
        return
    conn.execute(teachers.update().where(teachers.c.teacher_id == row.teacher_id).values(**changes))
    if changes.get("state", row.state) != row.state:
        _state(conn, envelope, row.teacher_id, changes["state"])


def _state(conn, envelope, teacher_id, state):
    key = (
        teacher_states.c.teacher_id == teacher_id,
        teacher_states.c.position == envelope["position"],
    )
    if conn.execute(sa.select(teacher_states.c.state).where(*key)).first() is None:
        conn.execute(
            teacher_states.insert().values(
                teacher_id=teacher_id,
                position=envelope["position"],
                at=utc_at(envelope["occurred_at"]),
                state=state,
            )
        )
