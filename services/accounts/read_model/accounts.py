"""Accounts on the read side: the `accounts` and `id_documents` tables kept in step with
the account events (same transaction, through `read_model.apply`), and the account answers
and the listing a system admin reads."""

from datetime import UTC, datetime

import sqlalchemy as sa

from services.accounts.domain import security
from services.accounts.read_model.security_log import in_scope, resolve_scope
from services.accounts.tables import accounts, id_documents, login_state
from shared.caller import Caller
from shared.errors import NotFound
from shared.org_tree import path_list, path_text


def account_created(conn, data, at):
    conn.execute(
        accounts.insert().values(
            account_id=data["account_id"],
            username=data["username"],
            name=data["name"],
            role=data["role"],
            org_code=data["org_code"],
            org_path=path_text(data["org_path"]),
            must_change_password=data.get("must_change_password", True),
            password_version=1,
            disabled=False,
            created_at=at,
        )
    )


def teacher_generated(conn, data, at):
    conn.execute(
        accounts.insert().values(
            account_id=data["account_id"],
            username=data["username"],
            name=data["name"],
            role="teacher",
            org_code=data["unit_code"],
            org_path=path_text(data["unit_path"]),
            teacher_id=data["teacher_id"],
            teacher_no=data["teacher_no"],
            must_change_password=True,
            password_version=1,
            disabled=False,
            created_at=at,
        )
    )
    conn.execute(
        id_documents.insert().values(
            id_type=data["id_type"], id_number=data["id_number"], account_id=data["account_id"]
        )
    )


def password_changed(conn, data, at):
    conn.execute(
        accounts.update()
        .where(accounts.c.account_id == data["account_id"])
        .values(
            must_change_password=(data["reason"] != "changed"),
            password_version=accounts.c.password_version + 1,
        )
    )


def teacher_account_moved(conn, data, at):
    """A transferred teacher's account follows the record (handlers/staff_status.py)."""
    conn.execute(
        accounts.update()
        .where(accounts.c.account_id == data["account_id"])
        .values(org_code=data["unit_code"], org_path=path_text(data["unit_path"]))
    )


# reading ----------------------------------------------------------------------
def account_view(row) -> dict:
    view = {
        "id": row.account_id,
        "username": row.username,
        "name": row.name,
        "role": row.role,
        "org_code": row.org_code,
    }
    if row.teacher_id:
        view["teacher_id"] = row.teacher_id
        view["teacher_no"] = row.teacher_no
    return view


def _select():
    return sa.select(accounts, login_state.c.locked_until, login_state.c.last_login_at).select_from(
        accounts.outerjoin(login_state, login_state.c.account_id == accounts.c.account_id)
    )


def managed_view(row) -> dict:
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    locked_until = row.locked_until if row.locked_until and row.locked_until > now else None
    return account_view(row) | {
        "disabled": bool(row.disabled),
        "locked_until": locked_until,
        "must_change_password": bool(row.must_change_password),
        "last_login_at": row.last_login_at,
    }


def get_account(storage, caller: Caller, account_id: str) -> dict:
    security.check_list(caller)
    with storage.connect() as conn:
        row = conn.execute(_select().where(accounts.c.account_id == account_id)).first()
    if row is None or not caller.covers(path_list(row.org_path)):
        raise NotFound("no such account", {"account_id": ["没有这个账号 (no such account)"]})
    return managed_view(row)


def list_accounts(storage, caller: Caller, query: dict) -> dict:
    """A page of the accounts in the caller's subtree (or `org_code`'s), by username."""
    security.check_list(caller)
    with storage.connect() as conn:
        base = _select().where(in_scope(resolve_scope(conn, caller, query.get("org_code"))))
        if query.get("role"):
            base = base.where(accounts.c.role == query["role"])
        total = conn.execute(sa.select(sa.func.count()).select_from(base.subquery())).scalar_one()
        rows = conn.execute(
            base.order_by(accounts.c.username).limit(query["limit"]).offset(query["offset"])
        ).all()
    return {"items": [managed_view(r) for r in rows], "total": total}
