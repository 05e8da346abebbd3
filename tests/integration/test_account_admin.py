"""A system admin's view and control of the accounts below its node, through the
gateway: who may act on which account, role rules, the account listing, the
security log for the admin's scope only, and bad inputs named by field."""

from datetime import UTC, datetime, timedelta

import pytest
from helpers import School

NEW_PASSWORD = "Changed-pass-1"


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


@pytest.fixture(scope="module")
def other_school(system, admin_token):
    return School(system, admin_token)


def teacher_account(api, school) -> str:
    from helpers import new_id_number

    response = api.post(
        "/api/v1/teachers",
        school.manager1,
        json={
            "name": "赵老师",
            "gender": "1",
            "birth_month": "1985-03",
            "id_type": "1",
            "id_number": new_id_number(),
            "unit_code": school.unit1,
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["account_id"]


def me(api, token) -> dict:
    return api.get("/api/v1/me", token).json()


def log_items(api, token, **query):
    response = api.get("/api/v1/security-log", token, params=query | {"limit": 500})
    assert response.status_code == 200, response.text
    return response.json()["items"]


# who may act on which account --------------------------------------------------
def test_an_admin_cannot_reset_disable_or_regrant_its_own_account(system, school):
    own = me(system, school.school_admin)["id"]
    for method, suffix, body in (
        ("POST", "password-reset", None),
        ("POST", "disable", {}),
        ("PUT", "role", {"role": "info_query"}),
    ):
        response = system.call(
            method, f"/api/v1/accounts/{own}/{suffix}", school.school_admin, json=body
        )
        assert response.status_code == 403, (suffix, response.text)


def test_an_account_of_another_school_is_not_found_for_the_admin(system, school, other_school):
    stranger = other_school.new_staff()
    for method, path in (("GET", ""), ("POST", "/password-reset"), ("POST", "/disable")):
        response = system.call(
            method,
            f"/api/v1/accounts/{stranger['id']}{path}",
            school.school_admin,
            json={} if method == "POST" else None,
        )
        assert response.status_code == 404, (path, response.text)
    assert system.get("/api/v1/me", stranger["token"]).status_code == 200


def test_only_system_admins_manage_accounts_and_read_the_security_log(system, school):
    account = school.new_staff()
    assert (
        system.post(
            f"/api/v1/accounts/{account['id']}/disable", school.manager1, json={}
        ).status_code
        == 403
    )
    assert system.get("/api/v1/accounts", school.school_manager).status_code == 403
    assert system.get("/api/v1/security-log", school.query1).status_code == 403


# roles ---------------------------------------------------------------------------
def test_teacher_accounts_take_no_staff_role_and_staff_never_become_teachers(system, school):
    teacher = teacher_account(system, school)
    response = system.put(
        f"/api/v1/accounts/{teacher}/role", school.school_admin, json={"role": "info_manager"}
    )
    assert response.status_code == 400 and "role" in response.json()["error"]["fields"]

    account = school.new_staff()
    response = system.put(
        f"/api/v1/accounts/{account['id']}/role", school.school_admin, json={"role": "teacher"}
    )
    assert response.status_code == 400 and "role" in response.json()["error"]["fields"]
    assert system.get("/api/v1/me", account["token"]).status_code == 200


def test_granting_the_role_an_account_has_changes_nothing(system, school):
    account = school.new_staff()
    response = system.put(
        f"/api/v1/accounts/{account['id']}/role", school.school_admin, json={"role": "info_manager"}
    )
    assert response.status_code == 200
    assert system.get("/api/v1/me", account["token"]).status_code == 200


# the account listing -------------------------------------------------------------
def test_the_account_listing_pages_the_admins_scope_with_each_accounts_state(
    system, school, other_school
):
    account = school.new_staff(role="info_query", org_code=school.unit2)
    system.post(f"/api/v1/accounts/{account['id']}/disable", school.school_admin, json={})
    response = system.get(
        "/api/v1/accounts",
        school.school_admin,
        params={"org_code": school.unit2, "role": "info_query"},
    )
    assert response.status_code == 200, response.text
    page = response.json()
    [item] = [i for i in page["items"] if i["id"] == account["id"]]
    assert item == item | {
        "username": account["username"],
        "role": "info_query",
        "org_code": school.unit2,
        "disabled": True,
        "locked_until": None,
        "must_change_password": False,
    }
    assert {i["org_code"] for i in page["items"]} == {school.unit2}
    assert page["total"] == len(page["items"])

    assert (
        system.get(
            "/api/v1/accounts", school.school_admin, params={"org_code": other_school.code}
        ).status_code
        == 404
    )
    mine = system.get("/api/v1/accounts", school.school_admin, params={"limit": 500}).json()
    assert {i["org_code"] for i in mine["items"]} <= {school.code, school.unit1, school.unit2}


# the security log ----------------------------------------------------------------
def test_the_security_log_lists_the_events_of_the_admins_scope_and_not_another_schools(
    system, school, other_school
):
    since = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    account = school.new_staff()
    admin = me(system, school.school_admin)
    system.post("/api/v1/auth/login", json={"username": account["username"], "password": "x"})
    system.post(f"/api/v1/accounts/{account['id']}/password-reset", school.school_admin)
    system.put(
        f"/api/v1/accounts/{account['id']}/role", school.school_admin, json={"role": "info_query"}
    )
    system.post(
        f"/api/v1/accounts/{account['id']}/disable", school.school_admin, json={"reason": "调离"}
    )
    system.post(f"/api/v1/accounts/{account['id']}/enable", school.school_admin, json={})

    items = [
        i
        for i in log_items(system, school.school_admin, since=since)
        if i["account_id"] == account["id"]
    ]
    kinds = [i["kind"] for i in reversed(items)]  # the log is newest first
    assert kinds == [
        "account_created",
        "login_succeeded",
        "password_changed",
        "login_succeeded",
        "login_failed",
        "password_reset",
        "role_granted",
        "account_disabled",
        "account_enabled",
    ]
    by_kind = {i["kind"]: i for i in items}
    assert by_kind["login_failed"]["detail"] == {"reason": "wrong_password", "failures": 1}
    assert by_kind["login_failed"]["actor"] == {
        "username": account["username"],
        "role": "info_manager",
    }
    assert by_kind["password_reset"]["actor"] == {
        "username": admin["username"],
        "role": "system_admin",
    }
    assert by_kind["role_granted"]["detail"] == {
        "previous_role": "info_manager",
        "role": "info_query",
    }
    assert by_kind["account_disabled"]["detail"] == {"reason": "调离"}
    assert all(i["org_code"] == school.unit1 for i in items)
    assert all(i["client"] == "127.0.0.1" for i in items if i["kind"] != "account_created")

    only = log_items(system, school.school_admin, kind="password_reset", since=since)
    assert {i["kind"] for i in only} == {"password_reset"}
    assert all(
        i["account_id"] != account["id"] for i in log_items(system, other_school.school_admin)
    )
    assert (
        system.get(
            "/api/v1/security-log", school.school_admin, params={"org_code": other_school.code}
        ).status_code
        == 404
    )


# bad inputs ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "method, path, body, field",
    [
        ("PUT", "role", {}, "role"),
        ("PUT", "role", {"role": "superuser"}, "role"),
        ("POST", "disable", {"reason": "x" * 501}, "reason"),
        ("POST", "enable", {"reason": 7}, "reason"),
    ],
)
def test_bad_account_commands_are_refused_naming_the_field(
    system, school, method, path, body, field
):
    account_id = me(system, school.manager2)["id"]
    response = system.call(
        method, f"/api/v1/accounts/{account_id}/{path}", school.school_admin, json=body
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    "path, query, field",
    [
        ("/api/v1/security-log", {"since": "last tuesday"}, "since"),
        ("/api/v1/security-log", {"kind": "coffee"}, "kind"),
        ("/api/v1/security-log", {"limit": "0"}, "limit"),
        ("/api/v1/accounts", {"role": "janitor"}, "role"),
        ("/api/v1/accounts", {"offset": "-3"}, "offset"),
    ],
)
def test_bad_listing_queries_are_refused_naming_the_field(system, school, path, query, field):
    response = system.get(path, school.school_admin, params=query)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
