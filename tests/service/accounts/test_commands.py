"""accounts' command handlers on a real database, through Accounts and Orgs: the first
start, the org tree, teacher accounts, lockout, the lifecycle of an account, and the
reaction to records' teacher changes."""

from datetime import date

import pytest

from contracts.accounts.accounts import CreateAccountSchema, GenerateTeacherSchema
from contracts.accounts.orgs import CreateOrgSchema
from services.accounts.handlers import accounts, auth, logins, orgs
from services.accounts.repository import Accounts
from services.records.domain.events import TeacherRetired
from shared.caller import Caller
from shared.errors import Conflict, Locked, NotFound, Unauthorized, ValidationError
from shared.idnumbers import make_resident_id

ADMIN_PASSWORD = "Admin-Pass-2026"


@pytest.fixture
def accounts_service(service, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("LOGIN_MAX_FAILURES", "3")
    return service("accounts")


def caller_of(accounts_service, username: str, password: str) -> Caller:
    storage = accounts_service.as_(None)
    token = logins.login(storage, username, password, "203.0.113.7")["token"]
    known = auth.authenticate(storage, token)["caller"]
    return Caller(**{**known, "org_path": tuple(known["org_path"])})


@pytest.fixture
def admin(accounts_service) -> Caller:
    return caller_of(accounts_service, "admin", ADMIN_PASSWORD)


def make_org(accounts_service, admin, code, level, parent, institution_code=None):
    data = {"code": code, "name": f"机构{code}", "level": level, "parent_code": parent}
    if institution_code:
        data["institution_code"] = institution_code
    return orgs.create_org(accounts_service.as_(admin), admin, CreateOrgSchema().load(data))


@pytest.fixture
def school_admin(accounts_service, admin) -> Caller:
    """The system admin of a school with one unit, which that admin created."""
    make_org(accounts_service, admin, "S1", "school", "province", "4100000001")
    data = {"username": "s1-admin", "name": "学校管理员", "role": "system_admin", "org_code": "S1"}
    made = accounts.create_account(
        accounts_service.as_(admin), admin, CreateAccountSchema().load(data)
    )
    school_admin = caller_of(accounts_service, "s1-admin", made["initial_password"])
    make_org(accounts_service, school_admin, "S1-U1", "unit", "S1")
    return school_admin


def teacher_row(sequence=101, **changes) -> dict:
    row = {
        "name": f"教师{sequence}",
        "gender": "1",
        "birth_month": "1985-03",
        "id_type": "1",
        "id_number": make_resident_id("460100", date(1985, 3, 14), sequence),
        "unit_code": "S1-U1",
    }
    return GenerateTeacherSchema().load({**row, **changes})


def test_the_first_start_creates_the_root_and_the_admin_once(accounts_service, admin):
    assert admin.role == "system_admin" and admin.org_code == "province"
    again = auth.bootstrap(accounts_service.as_(None))
    assert again is None  # nothing new on a second start
    assert [e["type"] for e in accounts_service.stream("org-province")] == ["OrgCreated"]


def test_a_teacher_account_is_generated_once_per_document(accounts_service, school_admin):
    admin = school_admin
    storage = accounts_service.as_(admin)
    made = accounts.generate_teacher(storage, admin, teacher_row())
    assert made["username"] == made["teacher_no"]
    [generated] = accounts_service.stream(f"account-{made['account_id']}")
    assert generated["type"] == "TeacherAccountGenerated"
    # 一人一号: the same document again is refused by name, and nothing is written
    with pytest.raises(Conflict) as refused:
        accounts.generate_teacher(storage, admin, teacher_row(name="另一个名字"))
    assert "id_number" in refused.value.fields
    with pytest.raises(NotFound) as bad:
        accounts.generate_teacher(storage, admin, teacher_row(103, unit_code="NO-SUCH"))
    assert "unit_code" in bad.value.fields
    with pytest.raises(ValidationError) as bad:
        accounts.generate_teacher(storage, admin, teacher_row(105, birth_month="1990-01"))
    assert "id_number" in bad.value.fields  # the number says 1985-03
    assert len(accounts_service.stream(f"account-{made['account_id']}")) == 1


def test_failed_logins_lock_the_account_and_the_right_password_waits(accounts_service, admin):
    storage = accounts_service.as_(None)
    for _ in range(2):
        with pytest.raises(Unauthorized):
            logins.login(storage, "admin", "wrong", "198.51.100.1")
    with pytest.raises(Locked):
        logins.login(storage, "admin", "wrong", "198.51.100.1")
    with pytest.raises(Locked):
        logins.login(storage, "admin", ADMIN_PASSWORD, "198.51.100.1")
    kinds = [e["type"] for e in accounts_service.stream(f"account-{admin.account_id}")]
    assert kinds[-5:] == [
        "LoginFailed",
        "LoginFailed",
        "LoginFailed",
        "AccountLocked",
        "LoginFailed",
    ]


def test_an_unknown_username_is_logged_without_the_text_typed(accounts_service):
    with pytest.raises(Unauthorized):
        logins.login(accounts_service.as_(None), "Secret-typed-here", "x", "198.51.100.2")
    [failed] = accounts_service.stream("login-unknown")
    assert "Secret-typed-here" not in repr(failed)


def test_disable_is_idempotent_and_ends_the_tokens(accounts_service, school_admin):
    admin = school_admin
    storage = accounts_service.as_(admin)
    made = accounts.generate_teacher(storage, admin, teacher_row())
    accounts.disable(storage, admin, made["account_id"], "调离", None)
    accounts.disable(storage, admin, made["account_id"], "调离", None)  # a repeat
    kinds = [e["type"] for e in accounts_service.stream(f"account-{made['account_id']}")]
    assert kinds == ["TeacherAccountGenerated", "AccountDisabled"]
    with pytest.raises(NotFound):
        accounts.disable(storage, admin, "no-such-account", "x", None)


def test_a_retired_teachers_account_is_disabled_once(accounts_service, school_admin):
    unit = "S1-U1"
    made = accounts.generate_teacher(
        accounts_service.as_(school_admin), school_admin, teacher_row()
    )
    retired = TeacherRetired(
        teacher_id=made["teacher_id"],
        staff_change_id="sc-1",
        date="2026-11-30",
        change_code="21",
        unit_code=unit,
        unit_path=["province", "S1", unit],
    )
    accounts_service.sources["records"].append(f"teacher-{made['teacher_id']}", retired)
    accounts_service.deliver()
    accounts_service.deliver()  # nothing twice
    with accounts_service.provider.engine.connect() as conn:
        account = Accounts.reading(conn, accounts_service.provider.store).get(made["account_id"])
    assert account.disabled and account.version == 2
