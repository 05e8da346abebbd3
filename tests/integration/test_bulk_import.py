"""Teachers in bulk through the gateway: the template, a dry run that reports every bad
row and field, and an import of all rows or none (一人一号 across the system)."""

import io
import random
from datetime import date

import openpyxl
import pytest
import sqlalchemy as sa
from conftest import engine
from helpers import School, new_id_number, wait_until

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["姓名", "性别", "出生年月", "身份证件类型", "身份证件号码", "单位代码"]
IMPORT = "/api/v1/teachers/import"


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


@pytest.fixture(scope="module")
def other_school(system, admin_token):
    return School(system, admin_token)


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def send(api, token, content, dry_run, media_type=XLSX, unit_code=None):
    query = f"?dry_run={'true' if dry_run else 'false'}"
    query += f"&unit_code={unit_code}" if unit_code else ""
    return api.post(IMPORT + query, token, data=content, headers={"Content-Type": media_type})


def teacher_accounts() -> int:
    from services.accounts.tables import accounts

    with engine("accounts").connect() as conn:
        return conn.execute(
            sa.select(sa.func.count())
            .select_from(accounts)
            .where(accounts.c.teacher_no.is_not(None))
        ).scalar_one()


def hk_permit() -> str:
    return f"H{random.randrange(10**8):08d}"


def passport() -> str:
    return f"E{random.randrange(10**8):08d}"


def good_rows(unit_code, n=3):
    rows = [
        ["赵一", "1 男", "1985-03", "1 居民身份证", new_id_number(), unit_code],
        ["钱二", "2", "1990-12", "1", new_id_number(date(1990, 12, 1), female=True), unit_code],
        ["孙三", "男", "1979-06", "6 香港特区护照/身份证明", hk_permit(), unit_code],
        ["Smith", "1", "1980-01", "A", passport(), unit_code],
    ]
    return rows[:n]


def test_the_template_downloads_as_xlsx_with_drop_downs_and_as_csv(system, school):
    response = system.get("/api/v1/teachers/import-template?format=xlsx", school.manager1)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == XLSX
    assert 'filename="teacher-import-template.xlsx"' in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == HEADER
    assert {str(v.sqref)[0] for v in sheet.data_validations.dataValidation} >= {"B", "D"}
    assert school.unit1 in [c.value for c in book["代码表"]["C"]]
    assert "填写说明" in book.sheetnames

    response = system.get("/api/v1/teachers/import-template?format=csv", school.manager1)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8-sig").strip() == ",".join(HEADER)


def test_a_dry_run_reports_every_bad_row_and_field_and_writes_nothing(system, school, other_school):
    api = system
    registered = new_id_number()
    response = api.post(
        "/api/v1/teachers",
        school.manager1,
        json={
            "name": "已注册",
            "gender": "1",
            "birth_month": "1985-03",
            "id_type": "1",
            "id_number": registered,
            "unit_code": school.unit1,
        },
    )
    assert response.status_code == 201, response.text
    good = new_id_number()
    wrong_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    rows = [
        ["好人", "1", "1985-03", "1", good, school.unit1],  # 2
        ["校验", "1", "1985-03", "1", wrong_check, school.unit1],  # 3
        ["月份", "1", "1986-03", "1", new_id_number(), school.unit1],  # 4
        ["性别", "3", "1985-03", "1", new_id_number(), school.unit1],  # 5
        ["外校", "1", "1985-03", "1", new_id_number(), other_school.unit1],  # 6
        ["重复", "1", "1985-03", "1", good.lower(), school.unit1],  # 7
        ["已有", "1", "1985-03", "1", registered, school.unit1],  # 8
        ["香港", "2", "1988-08", "6", hk_permit(), school.unit1],  # 9
        ["护照", "1", "1980-01", "A 护照", passport(), school.unit1],
    ]  # 10
    before = teacher_accounts()

    response = send(api, school.manager1, xlsx(rows), dry_run=True)

    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["rows"], report["valid"]) == (9, 3)
    assert {(e["row"], e["field"]) for e in report["errors"]} == {
        (3, "id_number"),
        (4, "id_number"),
        (5, "gender"),
        (6, "unit_code"),
        (7, "id_number"),
        (8, "id_number"),
    }
    by_row = {e["row"]: e for e in report["errors"]}
    assert "校验码" in by_row[3]["message"] and "出生年月" in by_row[4]["message"]
    assert by_row[7]["code"] == by_row[8]["code"] == "CONFLICT"
    assert "第 2 行" in by_row[7]["message"] and by_row[5]["column"] == "性别"
    assert teacher_accounts() == before


def test_an_import_with_a_bad_row_writes_nothing(system, school):
    rows = [*good_rows(school.unit1), ["坏行", "1", "1985-13", "1", new_id_number(), school.unit1]]
    before = teacher_accounts()

    response = send(system, school.manager1, xlsx(rows), dry_run=False)

    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert [(e["row"], e["field"]) for e in error["fields"]["rows"]] == [(5, "birth_month")]
    assert teacher_accounts() == before


def test_a_good_import_creates_every_teacher_and_a_re_import_writes_nothing(system, school):
    api = system
    content = xlsx(good_rows(school.unit1, 4))
    before = teacher_accounts()

    response = send(api, school.manager1, content, dry_run=False)

    assert response.status_code == 201, response.text
    created = response.json()["created"]
    assert [c["row"] for c in created] == [2, 3, 4, 5]
    assert len({c["teacher_no"] for c in created}) == 4
    assert teacher_accounts() == before + 4
    for teacher in created:
        login = api.post(
            "/api/v1/auth/login",
            json={"username": teacher["username"], "password": teacher["initial_password"]},
        )
        assert login.status_code == 200, login.text
        assert login.json()["must_change_password"] is True
    wait_until(
        lambda: (
            api.get(f"/api/v1/teachers/{created[-1]['teacher_id']}", school.manager1).status_code
            == 200
        ),
        message="record",
    )

    again = send(api, school.manager1, content, dry_run=False)

    assert again.status_code == 409, again.text
    errors = again.json()["error"]["fields"]["rows"]
    assert {(e["row"], e["field"], e["code"]) for e in errors} == {
        (n, "id_number", "CONFLICT") for n in (2, 3, 4, 5)
    }
    assert teacher_accounts() == before + 4


def test_a_csv_with_empty_unit_cells_imports_into_the_given_unit(system, school):
    rows = [
        [name, gender, month, id_type, number, ""]
        for name, gender, month, id_type, number, _ in good_rows(school.unit2, 2)
    ]
    text = "\r\n".join(",".join(r) for r in [HEADER, *rows]) + "\r\n"

    response = send(
        system,
        school.manager2,
        text.encode("utf-8-sig"),
        dry_run=False,
        media_type="text/csv",
        unit_code=school.unit2,
    )

    assert response.status_code == 201, response.text
    [first, _] = response.json()["created"]
    me = system.get("/api/v1/me", system.login(first["username"], first["initial_password"]))
    assert me.json()["org_code"] == school.unit2


def test_a_file_of_another_type_or_too_large_is_refused_naming_file(system, school):
    response = send(system, school.manager1, b'{"a": 1}', True, media_type="application/json")
    assert response.status_code == 400 and "file" in response.json()["error"]["fields"]
    response = send(system, school.manager1, b"PK\x03\x04" + b"0" * (5 * 1024 * 1024), True)
    assert response.status_code == 400 and "file" in response.json()["error"]["fields"]
    response = send(system, school.manager1, b"PK\x03\x04 not a workbook", True)
    assert response.status_code == 400 and "file" in response.json()["error"]["fields"]


def test_an_info_query_account_may_not_import(system, school):
    response = send(system, school.query1, xlsx(good_rows(school.unit1, 1)), dry_run=True)
    assert response.status_code == 403, response.text
