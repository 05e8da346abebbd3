"""Staff accounts and teacher accounts (generated from the four fields)."""
import uuid

import sqlalchemy as sa

from services.accounts import credentials as creds
from services.accounts.auth import account_view, load_account
from services.accounts.domain import rules
from services.accounts.domain.events import AccountCreated, TeacherAccountGenerated
from services.accounts.models import accounts, credentials, id_documents, path_list
from services.accounts.orgs import find_org
from shared import idnumbers
from shared.caller import Caller
from shared.errors import Conflict, NotFound, ValidationError


def create_account(storage, caller: Caller, data: dict) -> dict:
    password = rules.initial_password()
    password_hash = creds.hash_password(password)
    account_id = str(uuid.uuid4())
    with storage.transaction() as uow:
        uow.serialize()
        org = find_org(uow.conn, data["org_code"], "org_code")
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
    return {"account": account_view(load_account(storage, account_id)), "initial_password": password}


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
        unit = find_org(uow.conn, data["unit_code"], "unit_code")
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
