"""Accounts follow records' teacher changes (教师变动).

- A teacher who left, retired or died (TeacherLeft/Retired/Died) gets the account
  disabled: `AccountDisabled` with the reason, so logins are refused and every token
  stops at once. Re-enabling (e.g. after joining again) stays a system admin's act.
- A transferred teacher's account moves with the record (`TeacherAccountMoved`):
  the new unit's system admins manage it, the old unit's no longer do.
Each runs in the subscription's transaction (applied once; a repeat is a no-op),
under the append lock like the lifecycle commands, as the records event's actor.
"""

from services.accounts.domain.events import AccountDisabled, TeacherAccountMoved
from services.accounts.repository import Accounts
from shared import org_tree

REASONS = {
    "TeacherLeft": "离职 (left)",
    "TeacherRetired": "退休 (retired)",
    "TeacherDied": "死亡 (deceased)",
}


def _account_of(uow, teacher_id: str):
    uow.serialize()
    return Accounts.writing(uow).of_teacher(teacher_id)


def _append(uow, account, event):
    Accounts.writing(uow).save(account, [event])


def on_teacher_out(uow, envelope):
    data = envelope["data"]
    row = _account_of(uow, data["teacher_id"])
    if row is None or row.disabled:
        return
    reason = f"{REASONS[envelope['type']]} {data['date']}"
    _append(uow, row, AccountDisabled(account_id=row.account_id, reason=reason))


def on_teacher_transferred(uow, envelope):
    data = envelope["data"]
    row = _account_of(uow, data["teacher_id"])
    if row is None or row.org_code == data["to_unit_code"]:
        return
    path = org_tree.current_path(uow.conn, data["to_unit_code"], data["to_unit_path"])
    _append(
        uow,
        row,
        TeacherAccountMoved(
            account_id=row.account_id,
            teacher_id=data["teacher_id"],
            unit_code=data["to_unit_code"],
            unit_path=path,
        ),
    )
