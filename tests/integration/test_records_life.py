"""The life of a record through the gateway: school-level review, return (退回),
the record as of an earlier moment, masking for query accounts."""

from datetime import UTC, date, datetime

import pytest
from helpers import COMPLETE_BASIC_INFO, EDUCATION_ENTRY, School, wait_until

LAST_YEAR = date.today().year - 1
THIS_MONTH = datetime.now(UTC).strftime("%Y-%m")
PAY = {
    "year": LAST_YEAR,
    "annual_income": "120000",
    "basic_salary": "4000",
    "performance_pay": "3000",
    "rural_allowance": "0",
    "other_allowances": "500",
    "other_pay": "0",
    "insurance": ["1", "2", "6"],
}


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


def fill_own_sets(api, teacher_id, token):
    base = f"/api/v1/teachers/{teacher_id}"
    assert api.put(f"{base}/sets/basic_info", token, json=COMPLETE_BASIC_INFO).status_code == 200
    response = api.post(f"{base}/sets/education/entries", token, json=EDUCATION_ENTRY)
    assert response.status_code == 201, response.text
    return response.json()["entry_id"]


def tasks_of(api, token, teacher_id, state="pending"):
    response = api.get(f"/api/v1/reviews?state={state}", token)
    assert response.status_code == 200, response.text
    return {t["review_level"]: t for t in response.json()["items"] if t["teacher_id"] == teacher_id}


def record(api, token, teacher_id, **params):
    response = api.get(f"/api/v1/teachers/{teacher_id}", token, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def in_state(api, token, teacher_id, state):
    return wait_until(
        lambda: (lambda r: r if r["state"] == state else None)(record(api, token, teacher_id)),
        message=f"record {state}",
    )


def entry_states(view, set_name):
    return {e["state"] for e in view["sets"][set_name]["entries"]}


def decide(api, token, task, **body):
    return api.post(
        f"/api/v1/reviews/{task['task_id']}/decision", token, json={"decision": "approve", **body}
    )


def test_a_unit_managers_assessment_is_reviewed_by_the_school_only(system, school):
    api = system
    teacher_id, teacher = school.teacher(school.manager1, school.unit1, name="考核老师")
    fill_own_sets(api, teacher_id, teacher)
    response = api.post(
        f"/api/v1/teachers/{teacher_id}/sets/assessment/entries",
        teacher,
        json={"year": LAST_YEAR, "result": "1"},
    )
    assert response.status_code == 403  # teachers do not fill 年度考核
    response = api.post(
        f"/api/v1/teachers/{teacher_id}/sets/assessment/entries",
        school.manager1,
        json={"year": LAST_YEAR, "result": "1"},
    )
    assert response.status_code == 201, response.text
    submitted = api.post(f"/api/v1/teachers/{teacher_id}/submit", teacher).json()
    assert submitted["review_levels"] == ["school", "unit"]

    tasks = wait_until(
        lambda: (lambda t: t if len(t) == 2 else None)(tasks_of(api, school.manager1b, teacher_id)),
        message="two review tasks",
    )
    assert {c["set"] for c in tasks["unit"]["changes"]} == {"basic_info", "education"}
    assert {c["set"] for c in tasks["school"]["changes"]} == {"assessment"}
    assert tasks["unit"]["submission_id"] == tasks["school"]["submission_id"]

    response = decide(api, school.manager1b, tasks["school"])
    assert response.status_code == 403
    assert "review_level" in response.json()["error"]["fields"]
    assert decide(api, school.manager1b, tasks["unit"]).status_code == 200

    view = wait_until(
        lambda: (lambda r: r if "approved" in entry_states(r, "education") else None)(
            record(api, teacher, teacher_id)
        ),
        message="unit part approved",
    )
    assert view["state"] == "submitted" and entry_states(view, "assessment") == {"submitted"}
    assert decide(api, school.school_manager, tasks["school"]).status_code == 200
    view = in_state(api, teacher, teacher_id, "approved")
    [assessment] = view["sets"]["assessment"]["entries"]
    assert assessment["state"] == "approved"
    assert assessment["reviewed_by"]["org_code"] == school.code


def test_returning_a_submitted_record_needs_a_reason_and_opens_its_entries_again(system, school):
    api = system
    teacher_id, teacher = school.teacher(school.manager2, school.unit2, name="退回老师")
    education_id = fill_own_sets(api, teacher_id, teacher)
    path = f"/api/v1/teachers/{teacher_id}/return"
    assert api.post(path, school.manager2, json={"reason": "未提交"}).status_code == 409
    assert api.post(f"/api/v1/teachers/{teacher_id}/submit", teacher).status_code == 200
    task = wait_until(
        lambda: tasks_of(api, school.manager2, teacher_id).get("unit"), message="task"
    )

    for body in ({}, {"reason": "   "}):
        response = api.post(path, school.manager2, json=body)
        assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]
    assert api.post(path, teacher, json={"reason": "自己退回"}).status_code == 403
    assert api.post(path, school.manager1, json={"reason": "别的单位"}).status_code == 404
    response = api.post(path, school.manager2, json={"reason": "学历信息需补充"})
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "returned"

    view = record(api, teacher, teacher_id)
    [education] = view["sets"]["education"]["entries"]
    assert view["state"] == "returned" and education["state"] == "returned"
    assert education["reviewed_by"]["reason"] == "学历信息需补充"
    closed = wait_until(
        lambda: tasks_of(api, school.manager2, teacher_id, "returned").get("unit"),
        message="task returned",
    )
    assert closed["task_id"] == task["task_id"] and closed["reason"] == "学历信息需补充"
    assert decide(api, school.manager2, task).status_code == 409

    trail = wait_until(
        lambda: [
            i
            for i in api.get(f"/api/v1/teachers/{teacher_id}/trail", school.manager2).json()[
                "items"
            ]
            if i["event"] == "returned"
        ],
        message="trail",
    )
    assert trail[0]["reason"] == "学历信息需补充" and trail[0]["actor"]["role"] == "info_manager"
    report = api.get(
        f"/api/v1/reports/monthly?org_code={school.unit2}&month={THIS_MONTH}", school.manager2
    ).json()
    assert report["totals"]["returned"] == 1 and report["totals"]["pending"] == 0

    response = api.put(
        f"/api/v1/teachers/{teacher_id}/sets/education/entries/{education_id}",
        teacher,
        json={"end_month": "2006-06"},
    )
    assert response.status_code == 200 and response.json()["state"] == "draft"
    assert api.post(f"/api/v1/teachers/{teacher_id}/submit", teacher).status_code == 200


def test_a_record_read_as_of_before_an_approval_shows_it_submitted_and_after_approved(
    system, school
):
    api = system
    teacher_id, teacher = school.teacher(school.manager1, school.unit1, name="历史老师")
    fill_own_sets(api, teacher_id, teacher)
    assert api.post(f"/api/v1/teachers/{teacher_id}/submit", teacher).status_code == 200
    task = wait_until(
        lambda: tasks_of(api, school.manager1, teacher_id).get("unit"), message="task"
    )
    before = record(api, school.manager1, teacher_id)
    moment = datetime.now(UTC).isoformat(timespec="microseconds")
    assert decide(api, school.manager1, task).status_code == 200
    after = in_state(api, school.manager1, teacher_id, "approved")
    assert after["position"] > before["position"]
    assert after["sets"]["basic_info"]["entries"][0]["fields"]["highest_education_level"] == "21"

    for as_of in (str(before["position"]), moment):
        view = record(api, school.manager1, teacher_id, as_of=as_of)
        assert view["state"] == "submitted" and view["as_of"] == as_of
        assert entry_states(view, "education") == {"submitted"}
    for as_of in (str(after["position"]), date.today().isoformat()):
        view = record(api, school.manager1, teacher_id, as_of=as_of)
        assert view["state"] == "approved" and entry_states(view, "education") == {"approved"}
    response = api.get(
        f"/api/v1/teachers/{teacher_id}", school.manager1, params={"as_of": "2026-13-99Tx"}
    )
    assert response.status_code == 400


def test_a_query_account_sees_pay_and_contact_masked(system, school):
    api = system
    teacher_id, teacher = school.teacher(school.manager1, school.unit1, name="待遇老师")
    base = f"/api/v1/teachers/{teacher_id}/sets"
    assert api.post(f"{base}/pay/entries", school.manager1, json=PAY).status_code == 201
    again = api.post(f"{base}/pay/entries", school.manager1, json=PAY)
    assert again.status_code == 409 and "year" in again.json()["error"]["fields"]
    this_year = api.post(
        f"{base}/pay/entries", school.manager1, json={**PAY, "year": date.today().year}
    )
    assert this_year.status_code == 400 and "year" in this_year.json()["error"]["fields"]
    response = api.put(
        f"{base}/contact", teacher, json={"mobile": "13812345678", "email": "li@example.edu.cn"}
    )
    assert response.status_code == 200, response.text

    masked = record(api, school.query1, teacher_id)["sets"]
    pay = masked["pay"]["entries"][0]["fields"]
    assert pay["annual_income"] == "***" and pay["basic_salary"] == "***"
    assert pay["year"] == LAST_YEAR
    contact = masked["contact"]["entries"][0]["fields"]
    assert contact["mobile"] == "138****5678" and contact["email"] != "li@example.edu.cn"
    assert "*" in masked["basic_info"]["entries"][0]["fields"]["id_number"]
    plain = record(api, school.manager1, teacher_id)["sets"]
    assert plain["pay"]["entries"][0]["fields"]["annual_income"] == "120000"
    assert plain["contact"]["entries"][0]["fields"]["mobile"] == "13812345678"
