"""Bootstrap, login, tokens and passwords."""

import secrets as pysecrets
import uuid

import sqlalchemy as sa

from services.accounts.adapters import credentials as creds
from services.accounts.domain import rules
from services.accounts.domain.events import AccountCreated, OrgCreated, PasswordChanged
from services.accounts.read_model import security_log
from services.accounts.read_model.accounts import account_view
from services.accounts.repository import Accounts, Orgs
from services.accounts.tables import accounts, credentials, secrets
from shared.caller import SYSTEM, Caller
from shared.config import settings
from shared.errors import NotFound, Unauthorized, ValidationError
from shared.org_tree import path_list


def token_ttl() -> int:
    """TOKEN_TTL_SECONDS (8 hours), read at each login so tests can shorten it."""
    return settings().token_ttl_seconds


# bootstrap ---------------------------------------------------------------
def bootstrap(storage) -> str | None:
    """At every start, the security log's rows brought to the current version of their
    events (`security_log.forget_typed_usernames`); on the first start on an empty database,
    the root org, `admin`, and a signing key. Returns the generated admin password when
    none was given."""
    security_log.forget_typed_usernames(storage)
    with storage.engine.begin() as conn:
        if (
            conn.execute(sa.select(secrets.c.name).where(secrets.c.name == "token_key")).first()
            is None
        ):
            conn.execute(secrets.insert().values(name="token_key", value=pysecrets.token_hex(32)))
    with storage.engine.connect() as conn:
        if conn.execute(
            sa.select(accounts.c.account_id).where(accounts.c.username == "admin")
        ).first():
            return None
    current = settings()
    root = current.root_org_code
    password = current.admin_password or rules.initial_password()
    generated = not current.admin_password
    password_hash = creds.hash_password(password)
    account_id = str(uuid.uuid4())
    with storage.transaction(actor=SYSTEM.actor()) as uow:
        Orgs.writing(uow).add(
            root,
            [
                OrgCreated(
                    code=root,
                    name=current.root_org_name,
                    level="province",
                    parent_code=None,
                    path=[root],
                )
            ],
        )
        Accounts.writing(uow).add(
            account_id,
            [
                AccountCreated(
                    account_id=account_id,
                    username="admin",
                    name="系统管理员",
                    role="system_admin",
                    org_code=root,
                    org_path=[root],
                    must_change_password=generated,
                )
            ],
        )
        uow.conn.execute(
            credentials.insert().values(account_id=account_id, password_hash=password_hash)
        )
    return password if generated else None


# authentication ----------------------------------------------------------
def _token_key(conn) -> str:
    return conn.execute(
        sa.select(secrets.c.value).where(secrets.c.name == "token_key")
    ).scalar_one()


def issue_token(conn, row) -> str:
    """A signed token for the account, carrying its credential version (`pwv`); login is
    in handlers/logins.py."""
    return creds.issue_token(_token_key(conn), row.account_id, row.password_version, token_ttl())


def authenticate(storage, token: str) -> dict:
    """The caller behind a token, or Unauthorized."""
    with storage.connect() as conn:
        claims = creds.read_token(_token_key(conn), token or "")
        if claims is None:
            raise Unauthorized("the token is invalid or has expired")
        row = conn.execute(
            sa.select(accounts).where(accounts.c.account_id == claims["sub"])
        ).first()
    if row is None or row.disabled or row.password_version != claims.get("pwv"):
        raise Unauthorized("the token is no longer valid")
    return {
        "caller": caller_of(row).__dict__ | {"org_path": path_list(row.org_path)},
        "must_change_password": row.must_change_password,
    }


def caller_of(row) -> Caller:
    return Caller(
        account_id=row.account_id,
        username=row.username,
        role=row.role,
        org_code=row.org_code,
        org_path=tuple(path_list(row.org_path)),
        teacher_id=row.teacher_id,
    )


def me(storage, caller: Caller) -> dict:
    return account_view(load_account(storage, caller.account_id))


def change_password(
    storage, caller: Caller, old_password: str, new_password: str, client: str | None = None
):
    with storage.connect() as conn:
        stored = conn.execute(
            sa.select(credentials.c.password_hash).where(
                credentials.c.account_id == caller.account_id
            )
        ).scalar_one()
    if not creds.verify_password(stored, old_password):
        raise ValidationError("the old password is wrong", {"old_password": ["旧密码错误 (wrong)"]})
    rules.check_password(new_password, caller.username)
    if old_password == new_password:
        raise ValidationError(
            "the new password must differ",
            {"new_password": ["不能与旧密码相同 (must differ from the old one)"]},
        )
    new_hash = creds.hash_password(new_password)
    with storage.transaction() as uow:
        uow.serialize()  # logins append to the same stream
        Accounts.writing(uow).append_at_head(
            caller.account_id,
            [PasswordChanged(account_id=caller.account_id, reason="changed", client=client)],
        )
        uow.conn.execute(
            credentials.update()
            .where(credentials.c.account_id == caller.account_id)
            .values(password_hash=new_hash)
        )


def load_account(storage, account_id: str):
    with storage.connect() as conn:
        row = conn.execute(sa.select(accounts).where(accounts.c.account_id == account_id)).first()
    if row is None:
        raise NotFound("no such account")
    return row
