"""The accounts commands and queries: load, decide with the domain rules, append."""
import logging
import os
import secrets as pysecrets
import uuid

import sqlalchemy as sa

from services.accounts import credentials as creds
from services.accounts.domain import rules
from services.accounts.domain.events import (AccountCreated, OrgCreated, PasswordChanged,
                                             TeacherAccountGenerated)
from services.accounts.models import (accounts, credentials, id_documents, orgs, path_list,
                                      secrets)
from shared import idnumbers
from shared.caller import SYSTEM, Caller
from shared.errors import Conflict, NotFound, PasswordChangeRequired, Unauthorized, ValidationError

log = logging.getLogger(__name__)
ROOT_ORG = os.environ.get("ROOT_ORG_CODE", "province")
TOKEN_TTL = int(os.environ.get("TOKEN_TTL_SECONDS", str(8 * 3600)))


# bootstrap ---------------------------------------------------------------
def bootstrap(storage) -> str | None:
    """First start on an empty database: the root org, `admin`, and a signing key.
    Returns the generated admin password when none was given."""
    with storage.engine.begin() as conn:
        if conn.execute(sa.select(secrets.c.name).where(secrets.c.name == "token_key")).first() is None:
            conn.execute(secrets.insert().values(name="token_key", value=pysecrets.token_hex(32)))
    with storage.engine.connect() as conn:
        if conn.execute(sa.select(accounts.c.account_id).where(accounts.c.username == "admin")).first():
            return None
    password = os.environ.get("ADMIN_PASSWORD") or rules.initial_password()
    generated = not os.environ.get("ADMIN_PASSWORD")
    password_hash = creds.hash_password(password)
    account_id = str(uuid.uuid4())
    with storage.transaction(actor=SYSTEM.actor()) as uow:
        uow.append(f"org-{ROOT_ORG}", 0, [OrgCreated(
            code=ROOT_ORG, name=os.environ.get("ROOT_ORG_NAME", "省教育厅"),
            level="province", parent_code=None, path=[ROOT_ORG])])
        uow.append(f"account-{account_id}", 0, [AccountCreated(
            account_id=account_id, username="admin", name="系统管理员", role="system_admin",
            org_code=ROOT_ORG, org_path=[ROOT_ORG], must_change_password=generated)])
        uow.conn.execute(credentials.insert().values(account_id=account_id,
                                                     password_hash=password_hash))
    return password if generated else None


# authentication ----------------------------------------------------------
def _token_key(conn) -> str:
    return conn.execute(sa.select(secrets.c.value).where(secrets.c.name == "token_key")).scalar_one()


def login(storage, username: str, password: str) -> dict:
    with storage.connect() as conn:
        row = conn.execute(sa.select(accounts, credentials.c.password_hash)
                           .join(credentials, credentials.c.account_id == accounts.c.account_id)
                           .where(accounts.c.username == username)).first()
        key = _token_key(conn)
    if row is None or row.disabled or not creds.verify_password(row.password_hash, password):
        raise Unauthorized("wrong username or password")
    token = creds.issue_token(key, row.account_id, row.password_version, TOKEN_TTL)
    return {"token": token, "account": account_view(row),
            "must_change_password": row.must_change_password}


def authenticate(storage, token: str) -> dict:
    """The caller behind a token, or Unauthorized."""
    with storage.connect() as conn:
        claims = creds.read_token(_token_key(conn), token or "")
        if claims is None:
            raise Unauthorized("the token is invalid or has expired")
        row = conn.execute(sa.select(accounts).where(accounts.c.account_id == claims["sub"])).first()
    if row is None or row.disabled or row.password_version != claims.get("pwv"):
        raise Unauthorized("the token is no longer valid")
    return {"caller": caller_of(row).__dict__ | {"org_path": path_list(row.org_path)},
            "must_change_password": row.must_change_password}


def caller_of(row) -> Caller:
    return Caller(account_id=row.account_id, username=row.username, role=row.role,
                  org_code=row.org_code, org_path=tuple(path_list(row.org_path)),
                  teacher_id=row.teacher_id)


def account_view(row) -> dict:
    view = {"id": row.account_id, "username": row.username, "name": row.name,
            "role": row.role, "org_code": row.org_code}
    if row.teacher_id:
        view["teacher_id"] = row.teacher_id
        view["teacher_no"] = row.teacher_no
    return view


def me(storage, caller: Caller) -> dict:
    return account_view(_account(storage, caller.account_id))


def change_password(storage, caller: Caller, old_password: str, new_password: str):
    with storage.connect() as conn:
        stored = conn.execute(sa.select(credentials.c.password_hash)
                              .where(credentials.c.account_id == caller.account_id)).scalar_one()
    if not creds.verify_password(stored, old_password):
        raise ValidationError("the old password is wrong", {"old_password": ["旧密码错误 (wrong)"]})
    rules.check_password(new_password, caller.username)
    if old_password == new_password:
        raise ValidationError("the new password must differ",
                              {"new_password": ["不能与旧密码相同 (must differ from the old one)"]})
    new_hash = creds.hash_password(new_password)
    with storage.transaction() as uow:
        version = len(uow.read_stream(f"account-{caller.account_id}"))
        uow.append(f"account-{caller.account_id}", version,
                   [PasswordChanged(account_id=caller.account_id, reason="changed")])
        uow.conn.execute(credentials.update().where(credentials.c.account_id == caller.account_id)
                         .values(password_hash=new_hash))


def require_active(authenticated: dict):
    if authenticated["must_change_password"]:
        raise PasswordChangeRequired("change the initial password first (POST /api/v1/auth/password)")


# orgs --------------------------------------------------------------------
def _org(conn, code: str, field: str = "code"):
    row = conn.execute(sa.select(orgs).where(orgs.c.code == code)).first()
    if row is None:
        raise NotFound(f"no org {code}", {field: [f"没有这个机构 (no org {code})"]})
    return row


def create_org(storage, caller: Caller, data: dict) -> dict:
    with storage.transaction() as uow:
        uow.serialize()
        parent = _org(uow.conn, data["parent_code"], "parent_code")
        parent_path = path_list(parent.path)
        if not caller.covers(parent_path):
            raise NotFound(f"no org {parent.code}", {"parent_code": ["没有这个机构 (no such org)"]})
        rules.check_new_org(caller, parent.level, parent_path, data["level"])
        if uow.conn.execute(sa.select(orgs.c.code).where(orgs.c.code == data["code"])).first():
            raise Conflict(f"org {data['code']} exists", {"code": ["已存在 (already exists)"]})
        uow.append(f"org-{data['code']}", 0, [OrgCreated(
            code=data["code"], name=data["name"], level=data["level"],
            parent_code=parent.code, path=parent_path + [data["code"]])])
    return get_org(storage, caller, data["code"])


def get_org(storage, caller: Caller, code: str) -> dict:
    with storage.connect() as conn:
        row = _org(conn, code)
        if not caller.covers(path_list(row.path)):
            raise NotFound(f"no org {code}", {"code": ["没有这个机构 (no such org)"]})
        children = conn.execute(sa.select(orgs).where(orgs.c.parent_code == code)
                                .order_by(orgs.c.code)).all()
    return org_view(row) | {"children": [org_view(c) for c in children]}


def org_view(row) -> dict:
    return {"code": row.code, "name": row.name, "level": row.level,
            "parent_code": row.parent_code, "path": path_list(row.path)}


def list_orgs(storage, caller: Caller) -> list[dict]:
    """Every org in the caller's subtree (used by reporting and the frontend)."""
    with storage.connect() as conn:
        rows = conn.execute(sa.select(orgs).where(orgs.c.path.like(f"%/{caller.org_code}/%"))
                            .order_by(orgs.c.path)).all()
    return [org_view(r) for r in rows]


# accounts ----------------------------------------------------------------
def _account(storage, account_id: str):
    with storage.connect() as conn:
        row = conn.execute(sa.select(accounts).where(accounts.c.account_id == account_id)).first()
    if row is None:
        raise NotFound("no such account")
    return row


def create_account(storage, caller: Caller, data: dict) -> dict:
    password = rules.initial_password()
    password_hash = creds.hash_password(password)
    account_id = str(uuid.uuid4())
    with storage.transaction() as uow:
        uow.serialize()
        org = _org(uow.conn, data["org_code"], "org_code")
        org_path = path_list(org.path)
        if not caller.covers(org_path):
            raise NotFound(f"no org {org.code}", {"org_code": ["没有这个机构 (no such org)"]})
        rules.check_new_staff_account(caller, org_path, data["role"])
        _check_username_free(uow.conn, data["username"])
        uow.append(f"account-{account_id}", 0, [AccountCreated(
            account_id=account_id, username=data["username"], name=data["name"],
            role=data["role"], org_code=org.code, org_path=org_path)])
        uow.conn.execute(credentials.insert().values(account_id=account_id,
                                                     password_hash=password_hash))
    return {"account": account_view(_account(storage, account_id)), "initial_password": password}


def _check_username_free(conn, username: str):
    if conn.execute(sa.select(accounts.c.account_id).where(accounts.c.username == username)).first():
        raise Conflict(f"username {username} is taken", {"username": ["已被使用 (already taken)"]})


def generate_teacher(storage, caller: Caller, data: dict) -> dict:
    try:
        id_number = idnumbers.validate_id_document(
            data["id_type"], data["id_number"], birth_month=data["birth_month"],
            gender=data["gender"])
    except idnumbers.IdNumberError as exc:
        raise ValidationError(f"id_number: {exc}", {"id_number": [str(exc)]}) from None
    password = rules.initial_password()
    password_hash = creds.hash_password(password)
    account_id, teacher_id = str(uuid.uuid4()), str(uuid.uuid4())
    with storage.transaction() as uow:
        uow.serialize()
        unit = _org(uow.conn, data["unit_code"], "unit_code")
        unit_path = path_list(unit.path)
        if not caller.covers(unit_path):
            raise NotFound(f"no org {unit.code}", {"unit_code": ["没有这个机构 (no such org)"]})
        rules.check_new_teacher(caller, unit.level, unit_path)
        holder = uow.conn.execute(sa.select(id_documents.c.account_id).where(
            id_documents.c.id_type == data["id_type"],
            id_documents.c.id_number == id_number)).first()
        if holder:
            raise Conflict("this ID number already has a teacher (one person, one number)",
                           {"id_number": ["该证件号码已有教师账号 (already registered)"]})
        sequence = uow.conn.execute(sa.select(sa.func.count()).select_from(accounts)
                                    .where(accounts.c.teacher_no.is_not(None))).scalar_one() + 1
        teacher_no = rules.teacher_number(sequence)
        _check_username_free(uow.conn, teacher_no)
        uow.append(f"account-{account_id}", 0, [TeacherAccountGenerated(
            account_id=account_id, teacher_id=teacher_id, teacher_no=teacher_no,
            username=teacher_no, name=data["name"], gender=data["gender"],
            birth_month=data["birth_month"], id_type=data["id_type"], id_number=id_number,
            unit_code=unit.code, unit_path=unit_path)])
        uow.conn.execute(credentials.insert().values(account_id=account_id,
                                                     password_hash=password_hash))
    return {"teacher_id": teacher_id, "teacher_no": teacher_no, "username": teacher_no,
            "account_id": account_id, "initial_password": password}
