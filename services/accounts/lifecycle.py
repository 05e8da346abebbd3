"""A system admin's actions on the accounts below its node: password reset,
disable, enable, role grant; and the account listing.

Each action is one transaction on the account's stream, taken under the append
lock (logins write the same stream). Disable, enable and a grant of the role
the account has already are idempotent: a repeat changes nothing and answers
the account. A reset, a disable and a role grant end every token of the account
at once (security_log.py: the credential version moves on).
"""
from datetime import datetime, timezone

import sqlalchemy as sa

from services.accounts import credentials as creds
from services.accounts.auth import account_view
from services.accounts.domain import rules, security
from services.accounts.domain.events import (AccountDisabled, AccountEnabled, PasswordChanged,
                                             RoleGranted)
from services.accounts.logins import stream_version
from services.accounts.models import accounts, credentials, login_state, path_list
from services.accounts.security_log import in_scope, resolve_scope
from shared.caller import Caller
from shared.errors import NotFound


def reset_password(storage, caller: Caller, account_id: str, client: str | None) -> dict:
    """A new initial password, shown once; the account must change it at next login."""
    password = rules.initial_password()
    password_hash = creds.hash_initial_password(password)
    with storage.transaction() as uow:
        _change(uow, caller, account_id, lambda row: [PasswordChanged(
            account_id=account_id, reason="reset", client=client)])
        uow.conn.execute(credentials.update().where(credentials.c.account_id == account_id)
                         .values(password_hash=password_hash))
    return {"account": get_account(storage, caller, account_id), "initial_password": password}


def disable(storage, caller: Caller, account_id: str, reason: str, client: str | None) -> dict:
    with storage.transaction() as uow:
        _change(uow, caller, account_id, lambda row: [] if row.disabled else [
            AccountDisabled(account_id=account_id, reason=reason, client=client)])
    return get_account(storage, caller, account_id)


def enable(storage, caller: Caller, account_id: str, reason: str, client: str | None) -> dict:
    with storage.transaction() as uow:
        _change(uow, caller, account_id, lambda row: [
            AccountEnabled(account_id=account_id, reason=reason, client=client)
        ] if row.disabled else [])
    return get_account(storage, caller, account_id)


def grant_role(storage, caller: Caller, account_id: str, role: str, client: str | None) -> dict:
    def granted(row):
        security.check_role_grant(row.role, role)
        return [] if row.role == role else [RoleGranted(
            account_id=account_id, role=role, previous_role=row.role, client=client)]
    with storage.transaction() as uow:
        _change(uow, caller, account_id, granted)
    return get_account(storage, caller, account_id)


def _change(uow, caller: Caller, account_id: str, decide):
    """Check the caller may manage the account, then append what `decide(row)` returns."""
    uow.serialize()
    row = uow.conn.execute(sa.select(accounts).where(accounts.c.account_id == account_id)).first()
    if row is None:
        raise NotFound("no such account", {"account_id": ["没有这个账号 (no such account)"]})
    security.check_manage(caller, account_id, path_list(row.org_path))
    events = decide(row)
    if events:
        stream = f"account-{account_id}"
        uow.append(stream, stream_version(uow, stream), events)


# reading ----------------------------------------------------------------------
def _select():
    return (sa.select(accounts, login_state.c.locked_until, login_state.c.last_login_at)
            .select_from(accounts.outerjoin(
                login_state, login_state.c.account_id == accounts.c.account_id)))


def managed_view(row) -> dict:
    now = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    locked_until = row.locked_until if row.locked_until and row.locked_until > now else None
    return account_view(row) | {
        "disabled": bool(row.disabled), "locked_until": locked_until,
        "must_change_password": bool(row.must_change_password),
        "last_login_at": row.last_login_at}


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
        rows = conn.execute(base.order_by(accounts.c.username)
                            .limit(query["limit"]).offset(query["offset"])).all()
    return {"items": [managed_view(r) for r in rows], "total": total}
