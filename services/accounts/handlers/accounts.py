"""Accounts and their lifecycle: staff accounts, teacher accounts generated from the four
fields (教师账号生成), and a system admin's actions on the accounts below its node:
password reset, disable, enable, role grant (the account listing and answers:
read_model/accounts.py).

Each lifecycle action is one transaction on the account's stream, taken under the append
lock (logins write the same stream). Disable, enable and a grant of the role
the account has already are idempotent: a repeat changes nothing and answers
the account. A reset, a disable and a role grant end every token of the account
at once (read_model/security_log.py: the credential version moves on).
"""

import uuid

import sqlalchemy as sa

from services.accounts.adapters import credentials as creds
from services.accounts.domain import rules, security, teacher_rows
from services.accounts.domain.events import (
    AccountCreated,
    AccountDisabled,
    AccountEnabled,
    PasswordChanged,
    RoleGranted,
    TeacherAccountGenerated,
)
from services.accounts.handlers.auth import load_account
from services.accounts.read_model.accounts import account_view, get_account
from services.accounts.read_model.orgs import find_in_reach
from services.accounts.repository import Accounts
from services.accounts.tables import accounts, credentials, id_documents
from shared.caller import Caller
from shared.errors import Conflict, ValidationError
from shared.org_tree import path_list


def create_account(storage, caller: Caller, data: dict) -> dict:
    password = rules.initial_password()
    password_hash = creds.hash_initial_password(password)
    account_id = str(uuid.uuid4())
    with storage.transaction() as uow:
        uow.serialize()
        org = find_in_reach(uow.conn, caller, data["org_code"], "org_code")
        org_path = path_list(org.path)
        rules.check_new_staff_account(caller, org_path, data["role"], org.closed)
        _check_username_free(uow.conn, data["username"])
        Accounts.writing(uow).add(
            account_id,
            [
                AccountCreated(
                    account_id=account_id,
                    username=data["username"],
                    name=data["name"],
                    role=data["role"],
                    org_code=org.code,
                    org_path=org_path,
                )
            ],
        )
        uow.conn.execute(
            credentials.insert().values(account_id=account_id, password_hash=password_hash)
        )
    return {
        "account": account_view(load_account(storage, account_id)),
        "initial_password": password,
    }


def _check_username_free(conn, username: str):
    if conn.execute(
        sa.select(accounts.c.account_id).where(accounts.c.username == username)
    ).first():
        raise Conflict(f"username {username} is taken", {"username": ["已被使用 (already taken)"]})


def generate_teacher(storage, caller: Caller, data: dict) -> dict:
    row, problems = teacher_rows.check_fields(data)
    if problems:
        fields: dict[str, list[str]] = {}
        for field, message in problems:
            fields.setdefault(field, []).append(message)
        raise ValidationError("; ".join(f"{f}: {m}" for f, m in problems), fields)
    password = rules.initial_password()
    password_hash = creds.hash_initial_password(password)
    with storage.transaction() as uow:
        uow.serialize()
        unit = find_in_reach(uow.conn, caller, row["unit_code"], "unit_code")
        unit_path = path_list(unit.path)
        rules.check_new_teacher(caller, unit.level, unit_path, unit.closed)
        if registered(uow.conn, {(row["id_type"], row["id_number"])}):
            raise Conflict(
                "this ID number already has a teacher (one person, one number)",
                {"id_number": [teacher_rows.REGISTERED]},
            )
        issued = append_teacher(uow, row, unit_path, password_hash, next_teacher_sequence(uow.conn))
    return issued | {"initial_password": password}


def registered(conn, pairs: set) -> set:
    """The (id_type, id_number) pairs that already belong to an account (一人一号)."""
    ordered, found = sorted(pairs), set()
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        rows = conn.execute(
            sa.select(id_documents.c.id_type, id_documents.c.id_number).where(
                id_documents.c.id_number.in_([n for _, n in chunk])
            )
        )
        found |= {(r.id_type, r.id_number) for r in rows} & set(chunk)
    return found


def next_teacher_sequence(conn) -> int:
    return (
        conn.execute(
            sa.select(sa.func.count())
            .select_from(accounts)
            .where(accounts.c.teacher_no.is_not(None))
        ).scalar_one()
        + 1
    )


def append_teacher(uow, row: dict, unit_path: list, password_hash: str, sequence: int) -> dict:
    """Append the account of one checked row (`teacher_rows.check_fields`, unit and number
    checked too) inside the caller's serialized transaction; used one by one and in bulk."""
    account_id, teacher_id = str(uuid.uuid4()), str(uuid.uuid4())
    teacher_no = rules.teacher_number(sequence)
    _check_username_free(uow.conn, teacher_no)
    Accounts.writing(uow).add(
        account_id,
        [
            TeacherAccountGenerated(
                account_id=account_id,
                teacher_id=teacher_id,
                teacher_no=teacher_no,
                username=teacher_no,
                name=row["name"],
                gender=row["gender"],
                birth_month=row["birth_month"],
                id_type=row["id_type"],
                id_number=row["id_number"],
                unit_code=unit_path[-1],
                unit_path=unit_path,
            )
        ],
    )
    uow.conn.execute(
        credentials.insert().values(account_id=account_id, password_hash=password_hash)
    )
    return {
        "teacher_id": teacher_id,
        "teacher_no": teacher_no,
        "username": teacher_no,
        "account_id": account_id,
    }


# lifecycle (system admins in scope) ------------------------------------------------
def reset_password(storage, caller: Caller, account_id: str, client: str | None) -> dict:
    """A new initial password, shown once; the account must change it at next login."""
    password = rules.initial_password()
    password_hash = creds.hash_initial_password(password)
    with storage.transaction() as uow:
        _change(
            uow,
            caller,
            account_id,
            lambda account: [PasswordChanged(account_id=account_id, reason="reset", client=client)],
        )
        uow.conn.execute(
            credentials.update()
            .where(credentials.c.account_id == account_id)
            .values(password_hash=password_hash)
        )
    return {"account": get_account(storage, caller, account_id), "initial_password": password}


def disable(storage, caller: Caller, account_id: str, reason: str, client: str | None) -> dict:
    with storage.transaction() as uow:
        _change(
            uow,
            caller,
            account_id,
            lambda account: (
                []
                if account.disabled
                else [AccountDisabled(account_id=account_id, reason=reason, client=client)]
            ),
        )
    return get_account(storage, caller, account_id)


def enable(storage, caller: Caller, account_id: str, reason: str, client: str | None) -> dict:
    with storage.transaction() as uow:
        _change(
            uow,
            caller,
            account_id,
            lambda account: (
                [AccountEnabled(account_id=account_id, reason=reason, client=client)]
                if account.disabled
                else []
            ),
        )
    return get_account(storage, caller, account_id)


def grant_role(storage, caller: Caller, account_id: str, role: str, client: str | None) -> dict:
    def granted(account):
        security.check_role_grant(account.role, role)
        return (
            []
            if account.role == role
            else [
                RoleGranted(
                    account_id=account_id, role=role, previous_role=account.role, client=client
                )
            ]
        )

    with storage.transaction() as uow:
        _change(uow, caller, account_id, granted)
    return get_account(storage, caller, account_id)


def _change(uow, caller: Caller, account_id: str, decide):
    """Check the caller may manage the account, then save what `decide(account)` returns."""
    uow.serialize()
    repository = Accounts.writing(uow)
    account = repository.get(account_id)
    security.check_manage(caller, account_id, account.org_path)
    events = decide(account)
    if events:
        repository.save(account, events)
