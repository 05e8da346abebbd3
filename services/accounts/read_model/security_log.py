"""The security side of the accounts read model, kept in step with each appended
event in the same transaction (`apply`, called by read_model.apply):

- `accounts` and `login_state` follow the lifecycle and login events. The token's
  `pwv` claim is the account's credential version (`accounts.password_version`):
  a password change or reset, a role grant and a disable each move it on, so
  every token issued before stops working at once (re-enabling does not bring
  old tokens back).
- `security_log` gets one row per security event; `page` lists them for a
  system admin's scope (the account's current org path). Failed logins under a
  username that does not exist belong to no org: only the root's admins see them,
  and nothing of the text typed (LoginFailed 2; `forget_typed_usernames` rewrites
  the rows projected from version 1 events, which the log keeps as they were).
"""

import json

import sqlalchemy as sa

from services.accounts.domain import security
from services.accounts.repository import UnknownLogins
from services.accounts.tables import accounts, login_state, orgs, security_log
from shared.caller import Caller
from shared.errors import NotFound
from shared.org_tree import path_list


# keeping the tables in step ------------------------------------------------
def apply(conn, envelope: dict):
    data = envelope["data"]
    state = STATE_HANDLERS.get(envelope["type"])
    if state is not None:
        state(conn, data, envelope["occurred_at"])
    kind = security.kind_of(envelope["type"], data)
    if kind is not None:
        _log(conn, envelope, kind)


def _log(conn, envelope: dict, kind: str):
    conn.execute(security_log.insert().values(**_row(conn, envelope, kind)))


def _row(conn, envelope: dict, kind: str) -> dict:
    data, actor = envelope["data"], envelope["metadata"]["actor"]
    username = data.get("username") or ""
    if not username and data.get("account_id"):
        username = (
            conn.execute(
                sa.select(accounts.c.username).where(accounts.c.account_id == data["account_id"])
            ).scalar()
            or ""
        )
    # the anonymous actor names nobody (before LoginFailed 2 it carried the text typed;
    # metadata has no versions to upcast)
    anonymous = actor.get("role") == security.ANONYMOUS["role"]
    return {
        "position": envelope["position"],
        "at": envelope["occurred_at"],
        "kind": kind,
        "account_id": data.get("account_id"),
        "username": username,
        "actor_username": "" if anonymous else actor.get("username") or "",
        "actor_role": actor.get("role") or "",
        "client": data.get("client"),
        "detail": json.dumps(security.detail_of(envelope["type"], data), ensure_ascii=False),
    }


def forget_typed_usernames(storage) -> int:
    """Rows of failed logins under unknown usernames that still show a text typed (projected
    from LoginFailed 1) are written again from the events' current version. Run at every
    start; once done it finds nothing. Returns how many rows it rewrote."""
    stale_rows = sa.select(security_log.c.position).where(
        security_log.c.account_id.is_(None),
        security_log.c.kind == "login_failed",
        sa.or_(security_log.c.username != "", security_log.c.actor_username != ""),
    )
    with storage.engine.begin() as conn:
        stale = set(conn.execute(stale_rows).scalars())
        if not stale:
            return 0
        for envelope in UnknownLogins.reading(conn, storage.store).events(UnknownLogins.KEY):
            if envelope["position"] in stale:
                conn.execute(
                    security_log.update()
                    .where(security_log.c.position == envelope["position"])
                    .values(**_row(conn, envelope, "login_failed"))
                )
    return len(stale)


def _set_state(conn, account_id: str, **values):
    updated = conn.execute(
        login_state.update().where(login_state.c.account_id == account_id).values(**values)
    )
    if updated.rowcount == 0:
        conn.execute(
            login_state.insert().values(
                **{"account_id": account_id, "failures": 0, "locked_until": None} | values
            )
        )


def _account(conn, account_id: str, **values):
    conn.execute(accounts.update().where(accounts.c.account_id == account_id).values(**values))


def _login_succeeded(conn, data, at):
    _set_state(conn, data["account_id"], failures=0, locked_until=None, last_login_at=at)


def _login_failed(conn, data, at):
    if data.get("account_id"):  # not for unknown usernames
        _set_state(conn, data["account_id"], failures=data.get("failures", 0))


def _account_locked(conn, data, at):
    _set_state(conn, data["account_id"], failures=0, locked_until=data["until"])


def _password_changed(conn, data, at):
    # an admin's reset also lifts a lock (the new password is not the one being guessed)
    if data.get("reason") == "reset":
        _set_state(conn, data["account_id"], failures=0, locked_until=None)


def _role_granted(conn, data, at):
    _account(
        conn,
        data["account_id"],
        role=data["role"],
        password_version=accounts.c.password_version + 1,
    )


def _account_disabled(conn, data, at):
    _account(
        conn, data["account_id"], disabled=True, password_version=accounts.c.password_version + 1
    )


def _account_enabled(conn, data, at):
    _account(conn, data["account_id"], disabled=False)


STATE_HANDLERS = {
    "LoginSucceeded": _login_succeeded,
    "LoginFailed": _login_failed,
    "AccountLocked": _account_locked,
    "PasswordChanged": _password_changed,  # besides read_model's own handler
    "RoleGranted": _role_granted,
    "AccountDisabled": _account_disabled,
    "AccountEnabled": _account_enabled,
}


def tables_to_reset():
    return [login_state, security_log]


# reading -------------------------------------------------------------------
def in_scope(org_code: str):
    return accounts.c.org_path.contains(f"/{org_code}/", autoescape=True)


def resolve_scope(conn, caller: Caller, org_code: str | None) -> str:
    """The org whose subtree a listing covers: `org_code` when it lies in the caller's
    scope (else 404, as if it did not exist), the caller's own org by default."""
    if not org_code or org_code == caller.org_code:
        return caller.org_code
    path = conn.execute(sa.select(orgs.c.path).where(orgs.c.code == org_code)).scalar()
    if path is None or not caller.covers(path_list(path)):
        raise NotFound(
            f"no org {org_code} in scope", {"org_code": ["没有这个机构 (no such org in scope)"]}
        )
    return org_code


def page(storage, caller: Caller, query: dict) -> dict:
    """`{items, total}`, newest first, of the security events in the caller's scope
    (narrowed to `org_code`'s subtree, `kind`, and events at or after `since`)."""
    security.check_list(caller)
    with storage.connect() as conn:
        return _page(conn, caller, query)


def _page(conn, caller: Caller, query: dict) -> dict:
    scope = resolve_scope(conn, caller, query.get("org_code"))
    condition = in_scope(scope)
    if scope == caller.org_code and len(caller.org_path) <= 1:  # the root: unknown usernames too
        condition = sa.or_(condition, security_log.c.account_id.is_(None))
    base = (
        sa.select(security_log, accounts.c.org_code)
        .select_from(
            security_log.outerjoin(accounts, accounts.c.account_id == security_log.c.account_id)
        )
        .where(condition)
    )
    if query.get("kind"):
        base = base.where(security_log.c.kind == query["kind"])
    if query.get("since"):
        base = base.where(security_log.c.at >= query["since"])
    total = conn.execute(sa.select(sa.func.count()).select_from(base.subquery())).scalar_one()
    rows = conn.execute(
        base.order_by(security_log.c.position.desc()).limit(query["limit"]).offset(query["offset"])
    ).all()
    return {"items": [entry_view(r) for r in rows], "total": total}


def entry_view(row) -> dict:
    return {
        "at": row.at,
        "kind": row.kind,
        "account_id": row.account_id,
        "username": row.username,
        "org_code": row.org_code,
        "actor": {"username": row.actor_username, "role": row.actor_role},
        "client": row.client,
        "detail": json.loads(row.detail),
    }
