"""The org tree through the gateway: rename, move (scope follows the unit in
records, audit and reporting), close, who may create whom, and bad input."""

import uuid
from datetime import UTC, datetime

import pytest
from helpers import School, new_id_number, new_institution_code, wait_until

THIS_MONTH = datetime.now(UTC).strftime("%Y-%m")


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


def tag() -> str:
    return uuid.uuid4().hex[:6]


def new_unit(api, token, parent_code, name="新单位") -> str:
    code = f"U{tag()}"
    response = api.post(
        "/api/v1/orgs",
        token,
        json={"code": code, "name": name, "level": "unit", "parent_code": parent_code},
    )
    assert response.status_code == 201, response.text
    return code


def org(api, token, code) -> dict:
    response = api.get(f"/api/v1/orgs/{code}", token)
    assert response.status_code == 200, response.text
    return response.json()


def error_fields(response) -> set:
    return set(response.json()["error"]["fields"])


def teacher_body(unit_code) -> dict:
    return {
        "name": "周老师",
        "gender": "1",
        "birth_month": "1985-03",
        "id_type": "1",
        "id_number": new_id_number(),
        "unit_code": unit_code,
    }


# what each manager sees ------------------------------------------------------
def listed(api, token, teacher_id) -> bool:
    response = api.get("/api/v1/teachers?limit=500", token)
    assert response.status_code == 200, response.text
    return any(t["teacher_id"] == teacher_id for t in response.json()["items"])


def pending_task(api, token, teacher_id):
    response = api.get("/api/v1/reviews?state=pending&limit=500", token)
    assert response.status_code == 200, response.text
    return next((t for t in response.json()["items"] if t["teacher_id"] == teacher_id), None)


def report_units(api, token, org_code) -> dict:
    response = api.get(f"/api/v1/reports/monthly?org_code={org_code}&month={THIS_MONTH}", token)
    assert response.status_code == 200, response.text
    return {r["unit_code"]: r for r in response.json()["rows"]}


def sees_all(api, token, teacher_id, task_id, parent_code, unit_code) -> bool:
    return (
        listed(api, token, teacher_id)
        and api.get(f"/api/v1/teachers/{teacher_id}", token).status_code == 200
        and pending_task(api, token, teacher_id) is not None
        and api.get(f"/api/v1/reviews/{task_id}", token).status_code == 200
        and api.get(f"/api/v1/teachers/{teacher_id}/trail", token).status_code == 200
        and unit_code in report_units(api, token, parent_code)
    )


def sees_none(api, token, teacher_id, task_id, parent_code, unit_code) -> bool:
    return (
        not listed(api, token, teacher_id)
        and api.get(f"/api/v1/teachers/{teacher_id}", token).status_code == 404
        and pending_task(api, token, teacher_id) is None
        and api.get(f"/api/v1/reviews/{task_id}", token).status_code == 404
        and api.get(f"/api/v1/teachers/{teacher_id}/trail", token).status_code == 404
        and unit_code not in report_units(api, token, parent_code)
    )


# rename ------------------------------------------------------------------------
def test_a_unit_and_a_school_are_renamed_by_the_admin_above_them(system, school, admin_token):
    api = system
    response = api.call(
        "PATCH",
        f"/api/v1/orgs/{school.unit2}",
        school.school_admin,
        json={"name": "外国语学院（新）"},
    )
    assert response.status_code == 200, response.text
    assert org(api, school.manager2, school.unit2)["name"] == "外国语学院（新）"

    code = new_institution_code()
    response = api.call(
        "PATCH",
        f"/api/v1/orgs/{school.code}",
        admin_token,
        json={"name": "海南大学", "institution_code": code},
    )
    assert response.status_code == 200, response.text
    assert response.json()["institution_code"] == code

    assert (
        api.call(
            "PATCH", f"/api/v1/orgs/{school.unit2}", school.manager2, json={"name": "x"}
        ).status_code
        == 403
    )
    assert (
        api.call(
            "PATCH", f"/api/v1/orgs/{school.code}", school.school_admin, json={"name": "x"}
        ).status_code
        == 403
    )
    for body, field in (
        ({"institution_code": "12345"}, "institution_code"),
        ({"name": ""}, "name"),
        ({}, "name"),
    ):
        response = api.call("PATCH", f"/api/v1/orgs/{school.code}", admin_token, json=body)
        assert response.status_code == 400 and field in error_fields(response), response.text
    response = api.call(
        "PATCH",
        f"/api/v1/orgs/{school.unit2}",
        school.school_admin,
        json={"institution_code": new_institution_code()},
    )
    assert response.status_code == 400 and error_fields(response) == {"institution_code"}
    assert org(api, admin_token, school.code)["institution_code"] == code


def test_an_institution_code_belongs_to_one_school(system, school, admin_token):
    api = system
    taken = org(api, admin_token, school.code)["institution_code"]
    code = f"S{tag()}"
    response = api.post(
        "/api/v1/orgs",
        admin_token,
        json={
            "code": code,
            "name": "另一所学校",
            "level": "school",
            "parent_code": "province",
            "institution_code": taken,
        },
    )
    assert response.status_code == 409 and error_fields(response) == {"institution_code"}
    assert api.get(f"/api/v1/orgs/{code}", admin_token).status_code == 404


# move --------------------------------------------------------------------------
def test_after_a_move_the_new_parents_manager_sees_the_units_teachers_and_tasks(system, school):
    api = system
    moved = new_unit(api, school.school_admin, school.unit1, "软件工程系")
    moved_manager = school.staff(school.school_admin, f"mv{tag()}", "info_manager", moved)
    teacher_id, teacher = school.teacher(school.manager1, moved)
    school.fill_and_submit(teacher_id, teacher)
    task = wait_until(lambda: pending_task(api, school.manager1, teacher_id), message="task")
    before = (teacher_id, task["task_id"])
    wait_until(
        lambda: sees_all(api, school.manager1, *before, school.unit1, moved),
        message="the old parent's manager sees the unit before the move",
    )
    assert sees_none(api, school.manager2, *before, school.unit2, moved)

    response = api.post(
        f"/api/v1/orgs/{moved}/move", school.school_admin, json={"parent_code": school.unit2}
    )
    assert response.status_code == 200, response.text
    assert response.json()["path"] == ["province", school.code, school.unit2, moved]
    assert moved in [c["code"] for c in org(api, school.manager2, school.unit2)["children"]]
    assert moved not in [c["code"] for c in org(api, school.manager1, school.unit1)["children"]]

    wait_until(
        lambda: sees_all(api, school.manager2, *before, school.unit2, moved),
        message="the new parent's manager sees the unit",
        timeout=30,
    )
    wait_until(
        lambda: sees_none(api, school.manager1, *before, school.unit1, moved),
        message="the old parent's manager no longer sees it",
        timeout=30,
    )
    # the unit's own manager and the school still see it; the new parent's manager reviews it
    assert api.get(f"/api/v1/teachers/{teacher_id}", moved_manager).status_code == 200
    assert listed(api, school.school_manager, teacher_id)
    response = api.post(
        f"/api/v1/reviews/{task['task_id']}/decision", school.manager2, json={"decision": "approve"}
    )
    assert response.status_code == 200, response.text


def test_a_unit_never_moves_into_its_own_subtree_nor_out_of_its_school(system, school, admin_token):
    api = system
    parent = new_unit(api, school.school_admin, school.unit1)
    child = new_unit(api, school.school_admin, parent)
    grandchild = new_unit(api, school.school_admin, child)
    other_school = f"S{tag()}"
    assert (
        api.post(
            "/api/v1/orgs",
            admin_token,
            json={
                "code": other_school,
                "name": "另一所学校",
                "level": "school",
                "parent_code": "province",
                "institution_code": new_institution_code(),
            },
        ).status_code
        == 201
    )
    for target, token in (
        (child, school.school_admin),
        (grandchild, school.school_admin),
        (parent, school.school_admin),
        ("province", admin_token),
        (other_school, admin_token),
    ):
        response = api.post(f"/api/v1/orgs/{parent}/move", token, json={"parent_code": target})
        assert response.status_code == 400, (target, response.text)
        assert error_fields(response) == {"parent_code"}, response.text
    response = api.post(
        f"/api/v1/orgs/{school.code}/move", admin_token, json={"parent_code": other_school}
    )
    assert response.status_code == 400 and error_fields(response) == {"code"}
    response = api.post(
        f"/api/v1/orgs/{parent}/move", school.school_admin, json={"parent_code": "no-such-org"}
    )
    assert response.status_code == 404 and error_fields(response) == {"parent_code"}
    assert (
        api.post(
            f"/api/v1/orgs/{parent}/move", school.manager1, json={"parent_code": school.code}
        ).status_code
        == 403
    )
    assert org(api, school.school_admin, parent)["path"] == [
        "province",
        school.code,
        school.unit1,
        parent,
    ]
    assert org(api, school.school_admin, grandchild)["path"] == [
        "province",
        school.code,
        school.unit1,
        parent,
        child,
        grandchild,
    ]


# close -------------------------------------------------------------------------
def test_a_closed_unit_takes_nothing_new_and_keeps_its_history(system, school):
    api = system
    unit = new_unit(api, school.school_admin, school.code, "撤销中的单位")
    child = new_unit(api, school.school_admin, unit)
    teacher_id, teacher = school.teacher(school.school_manager, unit)
    school.fill_and_submit(teacher_id, teacher)

    close = f"/api/v1/orgs/{unit}/close"
    assert api.post(close, school.school_admin, json={}).status_code == 400
    response = api.post(close, school.school_admin, json={"reason": "机构调整"})
    assert response.status_code == 409 and error_fields(response) == {"code"}
    assert (
        api.post(f"/api/v1/orgs/{child}/close", school.manager1, json={"reason": "x"}).status_code
        == 404
    )
    assert (
        api.post(
            f"/api/v1/orgs/{child}/close", school.school_admin, json={"reason": "机构调整"}
        ).status_code
        == 200
    )
    response = api.post(close, school.school_admin, json={"reason": "机构调整"})
    assert response.status_code == 200, response.text
    assert response.json()["closed"] is True and response.json()["closed_at"]
    assert api.post(close, school.school_admin, json={"reason": "again"}).status_code == 409

    view = org(api, school.school_manager, unit)
    assert view["closed"] is True and view["children"][0]["closed"] is True
    assert (
        next(
            c for c in org(api, school.school_admin, school.code)["children"] if c["code"] == unit
        )["closed"]
        is True
    )

    body = teacher_body(unit)
    response = api.post("/api/v1/teachers", school.school_manager, json=body)
    assert response.status_code == 409 and error_fields(response) == {"unit_code"}
    response = api.post(
        "/api/v1/accounts",
        school.school_admin,
        json={"username": f"cl{tag()}", "name": "x", "role": "info_manager", "org_code": unit},
    )
    assert response.status_code == 409 and error_fields(response) == {"org_code"}
    response = api.post(
        "/api/v1/orgs",
        school.school_admin,
        json={"code": f"U{tag()}", "name": "x", "level": "unit", "parent_code": unit},
    )
    assert response.status_code == 409 and error_fields(response) == {"parent_code"}
    assert (
        api.post(
            f"/api/v1/orgs/{unit}/move", school.school_admin, json={"parent_code": school.unit2}
        ).status_code
        == 409
    )
    # nothing was written: the number is still free for another unit
    assert (
        api.post(
            "/api/v1/teachers", school.school_manager, json={**body, "unit_code": school.unit2}
        ).status_code
        == 201
    )

    # the teacher and its history stay readable
    record = api.get(f"/api/v1/teachers/{teacher_id}", school.school_manager)
    assert record.status_code == 200 and record.json()["state"] == "submitted"
    assert api.get(f"/api/v1/teachers/{teacher_id}", teacher).status_code == 200
    trail = wait_until(
        lambda: api.get(f"/api/v1/teachers/{teacher_id}/trail", school.school_manager).json()[
            "items"
        ],
        message="trail",
    )
    assert any(i["event"] == "submitted" for i in trail)
    assert listed(api, school.school_manager, teacher_id)


# who may create whom ---------------------------------------------------------------
def test_each_level_creates_only_what_the_level_below_needs(system, school, admin_token):
    api = system
    unit_admin = school.staff(school.school_admin, f"ua{tag()}", "system_admin", school.unit1)

    def account(token, org_code, role="info_manager"):
        return api.post(
            "/api/v1/accounts",
            token,
            json={"username": f"w{tag()}", "name": "x", "role": role, "org_code": org_code},
        )

    def unit(token, parent_code):
        return api.post(
            "/api/v1/orgs",
            token,
            json={"code": f"U{tag()}", "name": "x", "level": "unit", "parent_code": parent_code},
        )

    # the province: schools and school accounts, nothing inside units, no teachers
    assert unit(admin_token, school.code).status_code == 403
    assert account(admin_token, school.unit1).status_code == 403
    assert account(admin_token, school.code, "system_admin").status_code == 201
    assert (
        api.post("/api/v1/teachers", admin_token, json=teacher_body(school.unit1)).status_code
        == 403
    )
    # a unit's system admin: sub-units and accounts in its subtree, nothing above or beside
    sub_unit = unit(unit_admin, school.unit1)
    assert sub_unit.status_code == 201, sub_unit.text
    assert account(unit_admin, sub_unit.json()["code"]).status_code == 201
    assert account(unit_admin, school.unit1, "info_query").status_code == 201
    assert account(unit_admin, school.code).status_code == 403
    assert unit(unit_admin, school.code).status_code == 403
    assert account(unit_admin, school.unit2).status_code == 404  # outside its scope: unseen
    assert unit(unit_admin, school.unit2).status_code == 404
    # managers and query accounts create no accounts or orgs
    assert account(school.manager1, school.unit1).status_code == 403
    assert unit(school.school_manager, school.code).status_code == 403
    # teachers: the unit's manager in its subtree, not in its parent or a sibling
    assert (
        api.post("/api/v1/teachers", school.query1, json=teacher_body(school.unit1)).status_code
        == 403
    )
    assert (
        api.post("/api/v1/teachers", school.manager1, json=teacher_body(school.code)).status_code
        == 403
    )
    assert (
        api.post(
            "/api/v1/teachers", school.manager1, json=teacher_body(sub_unit.json()["code"])
        ).status_code
        == 201
    )


# bad input ---------------------------------------------------------------------
SCHOOL_BODY = {"name": "一所学校", "level": "school", "parent_code": "province"}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"code": None}, "code"),
        ({"code": "a b"}, "code"),
        ({"code": "x" * 41}, "code"),
        ({"code": "ab\n"}, "code"),
        ({"code": ""}, "code"),
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"name": "名" * 201}, "name"),
        ({"level": None}, "level"),
        ({"level": "faculty"}, "level"),
        ({"level": "province"}, "level"),
        ({"parent_code": None}, "parent_code"),
        ({"parent_code": "a/b"}, "parent_code"),
        ({"institution_code": None}, "institution_code"),
        ({"institution_code": "414601058"}, "institution_code"),
        ({"institution_code": "41460105891"}, "institution_code"),
        ({"institution_code": "41460105ab"}, "institution_code"),
        ({"nickname": "x"}, "nickname"),
    ],
)
def test_bad_input_for_a_new_school_names_the_field_and_writes_nothing(
    system, admin_token, change, field
):
    api = system
    code = f"S{tag()}"
    body = {"code": code, **SCHOOL_BODY, "institution_code": new_institution_code(), **change}
    body = {k: v for k, v in body.items() if v is not None}
    response = api.post("/api/v1/orgs", admin_token, json=body)
    assert response.status_code == 400, response.text
    assert field in error_fields(response), response.text
    assert api.get(f"/api/v1/orgs/{body.get('code') or code}", admin_token).status_code == 404


def test_bad_input_for_a_new_unit_names_the_field_and_writes_nothing(system, school, admin_token):
    api = system
    base = {"name": "一个单位", "level": "unit", "parent_code": school.code}
    cases = [
        ({"institution_code": new_institution_code()}, "institution_code", 400),
        ({"level": "school", "institution_code": new_institution_code()}, "level", 400),
        ({"parent_code": "no-such-org"}, "parent_code", 404),
        ({"code": school.unit1}, "code", 409),
    ]
    for change, field, status in cases:
        code = f"U{tag()}"
        response = api.post(
            "/api/v1/orgs", school.school_admin, json={"code": code, **base, **change}
        )
        assert response.status_code == status, (change, response.text)
        assert error_fields(response) == {field}, (change, response.text)
        assert api.get(f"/api/v1/orgs/{code}", admin_token).status_code == 404
    assert org(api, admin_token, school.unit1)["name"] == "计算机学院"
