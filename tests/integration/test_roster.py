"""Workgroup rosters (附表三) through the gateway: filing, masking for info_query, the
school's overview naming the units without a roster, and the Excel export."""

import io

import openpyxl
import pytest
from helpers import School

LEADER = {"name": "王院长", "post": "副院长", "phone": "13812345678", "qq": "12345678"}
STAFF = {
    "name": "李老师",
    "post": "人事秘书",
    "phone": "0898-66279000",
    "qq": "87654321",
    "note": "兼任",
}


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


@pytest.fixture(scope="module")
def filed(system, school):
    response = system.put(
        f"/api/v1/orgs/{school.unit1}/roster",
        school.manager1,
        json={"leader": LEADER, "staff": STAFF},
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_a_unit_manager_files_the_roster_and_reads_it_back(system, school, filed):
    assert filed["filed"] is True and filed["unit_code"] == school.unit1
    assert filed["leader"] == LEADER | {"note": ""}
    assert filed["staff"] == STAFF
    assert filed["filed_by"]["role"] == "info_manager"
    again = system.get(f"/api/v1/orgs/{school.unit1}/roster", school.manager1).json()
    assert again["leader"]["phone"] == LEADER["phone"]


def test_filing_again_replaces_the_roster(system, school, filed):
    staff = STAFF | {"name": "张老师"}
    response = system.put(
        f"/api/v1/orgs/{school.unit1}/roster",
        school.school_manager,
        json={"leader": LEADER, "staff": staff},
    )
    assert response.status_code == 200, response.text
    assert response.json()["staff"]["name"] == "张老师"
    assert response.json()["version"] == filed["version"] + 1


def test_a_bad_phone_or_qq_is_refused_naming_the_field(system, school):
    response = system.put(
        f"/api/v1/orgs/{school.unit2}/roster",
        school.manager2,
        json={"leader": LEADER | {"phone": "12345"}, "staff": STAFF | {"qq": "12"}},
    )
    assert response.status_code == 400, response.text
    fields = response.json()["error"]["fields"]
    assert set(fields["leader"]) == {"phone"} and set(fields["staff"]) == {"qq"}


def test_only_managers_whose_scope_covers_the_unit_may_file(system, school):
    body = {"leader": LEADER, "staff": STAFF}
    assert (
        system.put(f"/api/v1/orgs/{school.unit1}/roster", school.manager2, json=body).status_code
        == 404
    )
    assert (
        system.put(f"/api/v1/orgs/{school.unit1}/roster", school.query1, json=body).status_code
        == 403
    )
    assert (
        system.put(
            f"/api/v1/orgs/{school.code}/roster", school.school_manager, json=body
        ).status_code
        == 400
    )


def test_info_query_reads_the_roster_with_phone_numbers_masked(system, school, filed):
    response = system.get(f"/api/v1/orgs/{school.unit1}/roster", school.query1)
    assert response.status_code == 200, response.text
    leader = response.json()["leader"]
    assert leader["name"] == LEADER["name"]
    assert leader["phone"] == "138****5678" and "*" in leader["qq"]


def test_the_school_sees_every_unit_and_which_have_not_filed(system, school, filed):
    response = system.get(f"/api/v1/rosters?org_code={school.code}", school.school_manager)
    assert response.status_code == 200, response.text
    overview = response.json()
    by_unit = {item["unit_code"]: item for item in overview["items"]}
    assert set(by_unit) == {school.unit1, school.unit2}
    assert by_unit[school.unit1]["filed"] is True
    assert by_unit[school.unit2]["filed"] is False and by_unit[school.unit2]["leader"] is None
    assert overview["not_filed"] == [school.unit2]
    assert (overview["total"], overview["filed"]) == (2, 1)
    unit_view = system.get("/api/v1/rosters", school.manager2).json()
    assert [i["unit_code"] for i in unit_view["items"]] == [school.unit2]


def test_the_export_opens_in_excel_and_holds_the_rows(system, school, filed):
    response = system.get(f"/api/v1/rosters/export?org_code={school.code}", school.school_manager)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert list(rows[1]) == ["单位", "工作组", "姓名", "职务", "电话", "QQ 号", "备注"]
    leader_row = next(r for r in rows if r[2] == LEADER["name"])
    assert leader_row[:2] == ("计算机学院", "负责人") and leader_row[4] == LEADER["phone"]
    missing = next(r for r in rows if r[0] == "外国语学院")
    assert missing[6] == "未报送"


def test_teachers_do_not_read_rosters(system, school):
    _, teacher = school.teacher(school.manager1, school.unit1)
    assert system.get(f"/api/v1/orgs/{school.unit1}/roster", teacher).status_code == 403
