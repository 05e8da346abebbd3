"""The service tier: command handlers on a real SQLite database through the services'
repositories, without a broker (harness.py)."""

import uuid
from datetime import date

import pytest

from services.accounts.domain.events import OrgCreated, TeacherAccountGenerated
from shared.caller import Caller
from shared.idnumbers import make_resident_id
from tests.service.harness import ServiceUnderTest

PROVINCE, SCHOOL, UNIT, OTHER_UNIT = "P", "P-S", "P-S-U1", "P-S-U2"
PATHS = {
    PROVINCE: [PROVINCE],
    SCHOOL: [PROVINCE, SCHOOL],
    UNIT: [PROVINCE, SCHOOL, UNIT],
    OTHER_UNIT: [PROVINCE, SCHOOL, OTHER_UNIT],
}
LEVELS = {PROVINCE: "province", SCHOOL: "school", UNIT: "unit", OTHER_UNIT: "unit"}


def manager(org_code: str, role: str = "info_manager", name: str | None = None) -> Caller:
    name = name or f"{role}-{org_code}"
    return Caller(f"acct-{name}", name, role, org_code, tuple(PATHS[org_code]))


def teacher_caller(teacher: dict) -> Caller:
    return Caller(
        teacher["account_id"],
        teacher["teacher_no"],
        "teacher",
        teacher["unit_code"],
        tuple(teacher["unit_path"]),
        teacher_id=teacher["teacher_id"],
    )


@pytest.fixture
def service(tmp_path, monkeypatch):
    """`service("records")`: that service on its own SQLite files, following fake logs."""
    started = []

    def start(name: str) -> ServiceUnderTest:
        under_test = ServiceUnderTest(name, tmp_path, monkeypatch)
        started.append(under_test)
        return under_test

    yield start
    for under_test in started:
        under_test.close()


def publish_org_tree(accounts_log):
    for code in (PROVINCE, SCHOOL, UNIT, OTHER_UNIT):
        path = PATHS[code]
        accounts_log.append(
            f"org-{code}",
            OrgCreated(
                code=code,
                name=f"机构{code}",
                level=LEVELS[code],
                parent_code=path[-2] if len(path) > 1 else None,
                path=path,
                institution_code="4100000001" if code == SCHOOL else None,
            ),
        )


def publish_teacher(accounts_log, unit: str = UNIT, sequence: int = 101) -> dict:
    """accounts' TeacherAccountGenerated for a new teacher of `unit`; its data."""
    teacher = {
        "account_id": str(uuid.uuid4()),
        "teacher_id": str(uuid.uuid4()),
        "teacher_no": f"T{sequence:07d}",
        "username": f"T{sequence:07d}",
        "name": f"教师{sequence}",
        "gender": "1",
        "birth_month": "1985-03",
        "id_type": "1",
        "id_number": make_resident_id("460100", date(1985, 3, 14), sequence),
        "unit_code": unit,
        "unit_path": PATHS[unit],
    }
    accounts_log.append(f"account-{teacher['account_id']}", TeacherAccountGenerated(**teacher))
    return teacher
