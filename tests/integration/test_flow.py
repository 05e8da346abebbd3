"""The whole path through the gateway: generate, fill, submit, review, report, trail."""

from datetime import UTC, datetime

import pytest
from helpers import EDUCATION_ENTRY, School, new_id_number, wait_until

THIS_MONTH = datetime.now(UTC).strftime("%Y-%m")


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


def pending_task(api, token, teacher_id):
    response = api.get("/api/v1/reviews?state=pending", token)
    assert response.status_code == 200, response.text
    return next((t for t in response.json()["items"] if t["teacher_id"] == teacher_id), None)


def unit_row(api, token, school, unit_code):
    response = api.get(f"/api/v1/reports/monthly?org_code={school.code}&month={THIS_MONTH}", token)
    assert response.status_code == 200, response.text
    return next(r for r in response.json()["rows"] if r["unit_code"] == unit_code)


def test_a_teacher_fills_submits_and_the_unit_manager_approves(system, school):
    api = system
    teacher_id, teacher = school.teacher(school.manager1, school.unit1, name="李老师")

    record = api.get(f"/api/v1/teachers/{teacher_id}", teacher).json()
    [basic] = record["sets"]["basic_info"]["entries"]
    assert basic["fields"]["name"] == "李老师" and basic["state"] == "draft"

    school.fill_and_submit(teacher_id, teacher)
    task = wait_until(lambda: pending_task(api, school.manager1, teacher_id), message="review task")
    assert task["submitted_by"]["role"] == "teacher"
    assert {c["set"] for c in task["changes"]} == {"basic_info", "education"}

    response = api.post(
        f"/api/v1/reviews/{task['task_id']}/decision", school.manager1, json={"decision": "approve"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "approved"

    def approved():
        record = api.get(f"/api/v1/teachers/{teacher_id}", school.manager1).json()
        return record if record["state"] == "approved" else None

    record = wait_until(approved, message="record approved")
    for entry in record["sets"]["basic_info"]["entries"] + record["sets"]["education"]["entries"]:
        assert entry["state"] == "approved"
        assert entry["reviewed_by"]["role"] == "info_manager"
        assert entry["filled_by"][-1]["role"] == "teacher"

    row = wait_until(
        lambda: (lambda r: r if r["approved"] >= 1 else None)(
            unit_row(api, school.school_manager, school, school.unit1)
        ),
        message="report",
    )
    assert row["teachers"] >= 1 and row["entered"] >= 1 and row["submitted"] >= 1

    def trail():
        items = api.get(f"/api/v1/teachers/{teacher_id}/trail", school.manager1).json()["items"]
        return items if any(i["event"] == "approved" for i in items) else None

    items = wait_until(trail, message="trail")
    filled = [i for i in items if i["event"] == "filled"]
    assert {i["set"] for i in filled} == {"basic_info", "education"}
    assert all(i["actor"]["role"] == "teacher" for i in filled)
    approval = next(i for i in items if i["event"] == "approved")
    assert approval["actor"]["role"] == "info_manager" and approval["decision"] == "approve"


def test_a_rejection_needs_a_reason_and_reaches_the_record_and_trail(system, school):
    api = system
    teacher_id, teacher = school.teacher(school.manager1, school.unit1, name="王老师", female=True)
    school.fill_and_submit(teacher_id, teacher)
    task = wait_until(lambda: pending_task(api, school.manager1, teacher_id), message="task")

    response = api.post(
        f"/api/v1/reviews/{task['task_id']}/decision", school.manager1, json={"decision": "reject"}
    )
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]

    response = api.post(
        f"/api/v1/reviews/{task['task_id']}/decision",
        school.manager1,
        json={"decision": "reject", "reason": "毕业时间有误"},
    )
    assert response.status_code == 200, response.text

    def rejected():
        record = api.get(f"/api/v1/teachers/{teacher_id}", teacher).json()
        return record if record["state"] == "rejected" else None

    record = wait_until(rejected, message="record rejected")
    [education] = record["sets"]["education"]["entries"]
    assert education["reviewed_by"]["reason"] == "毕业时间有误"

    # rejected information is editable again, and can be submitted again
    response = api.put(
        f"/api/v1/teachers/{teacher_id}/sets/education/entries/{education['entry_id']}",
        teacher,
        json={"end_month": "2006-06"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "draft"
    assert api.post(f"/api/v1/teachers/{teacher_id}/submit", teacher).status_code == 200

    items = wait_until(
        lambda: [
            i
            for i in api.get(f"/api/v1/teachers/{teacher_id}/trail", school.manager1).json()[
                "items"
            ]
            if i["event"] == "rejected"
        ],
        message="trail rejection",
    )
    assert items[0]["reason"] == "毕业时间有误"

    response = api.post(
        f"/api/v1/reviews/{task['task_id']}/decision", school.manager1, json={"decision": "approve"}
    )
    assert response.status_code == 409


def test_submitting_an_incomplete_record_names_each_missing_field(system, school):
    api = system
    teacher_id, teacher = school.teacher(school.manager1, school.unit1)
    response = api.post(f"/api/v1/teachers/{teacher_id}/submit", teacher)
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "work_start_month" in fields and "education" in fields
    assert "name" not in fields


def test_bad_field_values_are_refused_with_the_field_named_and_nothing_written(system, school):
    api = system
    teacher_id, teacher = school.teacher(school.manager1, school.unit1)
    response = api.put(
        f"/api/v1/teachers/{teacher_id}/sets/basic_info",
        teacher,
        json={"work_start_month": "2010-13", "staff_source": "77"},
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"work_start_month", "staff_source"}
    response = api.post(
        f"/api/v1/teachers/{teacher_id}/sets/education/entries",
        teacher,
        json={**EDUCATION_ENTRY, "start_month": "2006-09", "end_month": "2002-07"},
    )
    assert response.status_code == 400
    assert "end_month" in response.json()["error"]["fields"]
    record = api.get(f"/api/v1/teachers/{teacher_id}", teacher).json()
    assert record["version"] == 1 and record["sets"]["education"]["entries"] == []


def test_the_id_number_must_pass_gb11643_and_agree_with_birth_month_and_gender(system, school):
    api = system
    good = new_id_number()
    base = {
        "name": "赵六",
        "gender": "1",
        "birth_month": "1985-03",
        "id_type": "1",
        "unit_code": school.unit1,
    }
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    cases = [
        ({"id_number": wrong_check}, "id_number"),
        ({"id_number": good, "birth_month": "1986-03"}, "id_number"),
        ({"id_number": good, "gender": "2"}, "id_number"),
        ({"id_number": good, "birth_month": "1985-3"}, "birth_month"),
        ({"id_number": good, "gender": "9"}, "gender"),
        ({"id_number": good, "name": ""}, "name"),
    ]
    for change, field in cases:
        response = api.post("/api/v1/teachers", school.manager1, json={**base, **change})
        assert response.status_code == 400, (change, response.text)
        assert field in response.json()["error"]["fields"], (change, response.text)
    assert (
        api.post("/api/v1/teachers", school.manager1, json={**base, "id_number": good}).status_code
        == 201
    )
    again = api.post(
        "/api/v1/teachers",
        school.manager2,
        json={**base, "id_number": good, "unit_code": school.unit2},
    )
    assert again.status_code == 409
    assert "id_number" in again.json()["error"]["fields"]


def test_another_units_manager_cannot_read_the_record_or_the_task(system, school):
    api = system
    teacher_id, teacher = school.teacher(school.manager1, school.unit1)
    school.fill_and_submit(teacher_id, teacher)
    task = wait_until(lambda: pending_task(api, school.manager1, teacher_id), message="task")

    assert api.get(f"/api/v1/teachers/{teacher_id}", school.manager2).status_code == 404
    assert api.get(f"/api/v1/teachers/{teacher_id}/trail", school.manager2).status_code == 404
    assert pending_task(api, school.manager2, teacher_id) is None
    assert api.get(f"/api/v1/reviews/{task['task_id']}", school.manager2).status_code == 404
    response = api.post(
        f"/api/v1/reviews/{task['task_id']}/decision", school.manager2, json={"decision": "approve"}
    )
    assert response.status_code in (403, 404)
    response = api.put(
        f"/api/v1/teachers/{teacher_id}/sets/basic_info", school.manager2, json={"former_name": "x"}
    )
    assert response.status_code == 404
    # the school level sees it; the teacher cannot review at all
    assert api.get(f"/api/v1/teachers/{teacher_id}", school.school_manager).status_code == 200
    assert api.get("/api/v1/reviews", teacher).status_code == 403


def test_nobody_reviews_what_they_filled(system, school):
    api = system
    teacher_id, _ = school.teacher(school.manager1, school.unit1)
    school.fill_and_submit(teacher_id, school.manager1)
    task = wait_until(lambda: pending_task(api, school.manager1b, teacher_id), message="task")
    response = api.post(
        f"/api/v1/reviews/{task['task_id']}/decision", school.manager1, json={"decision": "approve"}
    )
    assert response.status_code == 403
    response = api.post(
        f"/api/v1/reviews/{task['task_id']}/decision",
        school.manager1b,
        json={"decision": "approve"},
    )
    assert response.status_code == 200, response.text


def test_a_query_account_sees_masked_id_numbers_and_cannot_fill(system, school):
    api = system
    teacher_id, _ = school.teacher(school.manager1, school.unit1)
    listing = api.get(f"/api/v1/teachers?unit_code={school.unit1}", school.query1).json()
    item = next(i for i in listing["items"] if i["teacher_id"] == teacher_id)
    assert "*" in item["id_number"]
    record = api.get(f"/api/v1/teachers/{teacher_id}", school.query1).json()
    assert "*" in record["sets"]["basic_info"]["entries"][0]["fields"]["id_number"]
    response = api.put(
        f"/api/v1/teachers/{teacher_id}/sets/basic_info", school.query1, json={"former_name": "x"}
    )
    assert response.status_code == 403


def test_a_new_account_must_change_its_password_first(system, school):
    api = system
    created = api.post(
        "/api/v1/teachers",
        school.manager1,
        json={
            "name": "钱七",
            "gender": "1",
            "birth_month": "1985-03",
            "id_type": "1",
            "id_number": new_id_number(),
            "unit_code": school.unit1,
        },
    ).json()
    login = api.post(
        "/api/v1/auth/login",
        json={"username": created["username"], "password": created["initial_password"]},
    )
    assert login.json()["must_change_password"] is True
    token = login.json()["token"]
    response = api.get(f"/api/v1/teachers/{created['teacher_id']}", token)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "PASSWORD_CHANGE_REQUIRED"
    weak = api.post(
        "/api/v1/auth/password",
        token,
        json={"old_password": created["initial_password"], "new_password": "short"},
    )
    assert weak.status_code == 400 and "new_password" in weak.json()["error"]["fields"]
    assert api.get("/api/v1/me", token).json()["role"] == "teacher"
    assert (
        api.post(
            "/api/v1/auth/login", json={"username": created["username"], "password": "wrong"}
        ).status_code
        == 401
    )


def test_the_schema_of_the_sets_is_served_with_labels(system, school):
    sets = system.get("/api/v1/schema/sets", school.manager1).json()["items"]
    by_name = {s["name"]: s for s in sets}
    assert by_name["basic_info"]["label"] == "基本信息" and by_name["education"]["many"] is True
    gender = next(f for f in by_name["basic_info"]["fields"] if f["name"] == "gender")
    assert gender["required"] is True
    assert {"code": "2", "label": "女"} in gender["codes"]
