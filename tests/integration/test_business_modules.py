"""The business modules through the gateway: teacher changes (教师变动), training
credits and hours (培训学分/学时), exchange and rotation (交流轮岗), and the monthly
report's 业务管理应用情况. Entries count only once effective (approved)."""

from datetime import UTC, date, datetime

import pytest
from helpers import School, wait_until

THIS_MONTH = datetime.now(UTC).strftime("%Y-%m")
TODAY = date.today().isoformat()
YEAR = date.today().year
TRAINING = {
    "year": YEAR,
    "training_kind": "5",
    "project_name": "师德师风专题",
    "training_mode": "1",
    "hours": 40,
    "credits": "2",
}
ROTATION = {
    "rotation_kind": "2",
    "transfers_relation": "0",
    "start_month": THIS_MONTH,
    "target_unit": "三亚学院",
}


@pytest.fixture
def school(system, admin_token):
    """A fresh school per test, so its report's counts are the test's own."""
    return School(system, admin_token)


def pending_tasks(api, school, teacher_id):
    answer = api.get("/api/v1/reviews?state=pending&limit=500", school.school_manager).json()
    return [t for t in answer["items"] if t["teacher_id"] == teacher_id]


def approve_all(api, school, teacher_id):
    """Approve every pending review task of the teacher with a manager who may: the unit's
    managers first, then the school's (school-level sets; nobody reviews what they filled)."""
    wait_until(lambda: pending_tasks(api, school, teacher_id), message="review tasks")
    while tasks := pending_tasks(api, school, teacher_id):
        for task in tasks:
            for manager in (
                school.manager1,
                school.manager1b,
                school.manager2,
                school.school_manager,
            ):
                response = api.post(
                    f"/api/v1/reviews/{task['task_id']}/decision",
                    manager,
                    json={"decision": "approve"},
                )
                if response.status_code == 200:
                    break
            else:
                raise AssertionError(f"nobody could approve {task}: {response.text}")
    wait_until(
        lambda: record(api, school.school_manager, teacher_id)["state"] == "approved",
        message="record approved",
    )


def record(api, token, teacher_id):
    return api.get(f"/api/v1/teachers/{teacher_id}", token).json()


def effective_teacher(api, school, unit_code, manager, name="张老师", training=()):
    teacher_id, token = school.teacher(manager, unit_code, name=name)
    for hours in training:
        response = api.post(
            f"/api/v1/teachers/{teacher_id}/sets/training/entries",
            token,
            json={**TRAINING, "hours": hours, "project_name": f"培训{hours}"},
        )
        assert response.status_code == 201, response.text
    school.fill_and_submit(teacher_id, token)
    approve_all(api, school, teacher_id)
    return teacher_id, token


def rows(api, school, month=THIS_MONTH):
    response = api.get(
        f"/api/v1/reports/monthly?org_code={school.code}&month={month}", school.school_manager
    )
    assert response.status_code == 200, response.text
    body = response.json()
    return {r["unit_code"]: r for r in body["rows"]}, body["totals"]


def change(api, token, teacher_id, **body):
    return api.post(f"/api/v1/teachers/{teacher_id}/changes", token, json=body)


def test_a_transfer_moves_the_record_to_the_new_units_manager_and_its_monthly_row(system, school):
    api = system
    teacher_id, teacher = effective_teacher(api, school, school.unit1, school.manager1)
    unit_rows, _ = wait_until(
        lambda: (lambda r: r if r[0][school.unit1]["approved"] else None)(rows(api, school)),
        message="counted in unit 1",
    )
    assert not unit_rows[school.unit1]["uses_teacher_changes"]

    refused = change(
        api, school.manager1, teacher_id, kind="transfer", date=TODAY, to_unit_code=school.unit2
    )
    assert refused.status_code == 404  # a unit manager does not see the sibling unit
    response = change(
        api,
        school.school_manager,
        teacher_id,
        kind="transfer",
        date=TODAY,
        to_unit_code=school.unit2,
    )
    assert response.status_code == 201, response.text
    assert (response.json()["event"], response.json()["change_code"]) == (
        "TeacherTransferred",
        "132",
    )

    assert api.get(f"/api/v1/teachers/{teacher_id}", school.manager2).status_code == 200
    assert api.get(f"/api/v1/teachers/{teacher_id}", school.manager1).status_code == 404
    listed = api.get(f"/api/v1/teachers?unit_code={school.unit2}", school.manager2).json()
    assert teacher_id in [t["teacher_id"] for t in listed["items"]]

    def moved():
        unit_rows, _ = rows(api, school)
        return unit_rows if unit_rows[school.unit2]["teachers"] == 1 else None

    unit_rows = wait_until(moved, message="counted in unit 2")
    assert unit_rows[school.unit1]["teachers"] == 0 and unit_rows[school.unit2]["approved"] == 1
    assert unit_rows[school.unit1]["uses_teacher_changes"]
    assert unit_rows[school.unit2]["uses_teacher_changes"]

    items = api.get(f"/api/v1/teachers/{teacher_id}/trail", school.manager2).json()["items"]
    [moved_item] = [i for i in items if i["event"] == "transferred"]
    assert (moved_item["change"]["from_unit_code"], moved_item["change"]["to_unit_code"]) == (
        school.unit1,
        school.unit2,
    )
    assert api.get(f"/api/v1/teachers/{teacher_id}/trail", school.manager1).status_code == 404
    # the teacher's account follows the record
    wait_until(
        lambda: api.get("/api/v1/me", teacher).json()["org_code"] == school.unit2,
        message="account moved",
    )


def test_a_retired_teacher_leaves_the_counts_but_the_record_stays_readable(system, school):
    api = system
    teacher_id, teacher = effective_teacher(api, school, school.unit1, school.manager1)
    username = api.get("/api/v1/me", teacher).json()["username"]
    response = change(api, school.manager1, teacher_id, kind="retire", date=TODAY, note="到龄退休")
    assert response.status_code == 201, response.text
    assert (response.json()["status"], response.json()["change_code"]) == ("retired", "215")
    assert change(api, school.manager1, teacher_id, kind="retire", date=TODAY).status_code == 409

    view = record(api, school.manager1, teacher_id)
    assert view["status"] == {"status": "retired", "date": TODAY}
    assert view["sets"]["basic_info"]["entries"][0]["state"] == "approved"
    listed = api.get(f"/api/v1/teachers?unit_code={school.unit1}", school.manager1).json()
    assert teacher_id not in [t["teacher_id"] for t in listed["items"]]
    listed = api.get(
        f"/api/v1/teachers?unit_code={school.unit1}&status=retired", school.manager1
    ).json()
    assert [(t["teacher_id"], t["status"]) for t in listed["items"]] == [(teacher_id, "retired")]

    wait_until(
        lambda: rows(api, school)[0][school.unit1]["uses_teacher_changes"],
        message="change projected",
    )
    assert rows(api, school)[0][school.unit1]["teachers"] == 0

    def refused():  # (a 4xx Response is falsy: return its body)
        response = api.post(
            "/api/v1/auth/login", json={"username": username, "password": "Changed-pass-1"}
        )
        return response.json() if response.status_code == 403 else None

    assert wait_until(refused, message="account disabled")["error"]["code"] == "ACCOUNT_DISABLED"


def test_a_join_records_its_staff_source_and_a_code_of_another_kind_is_refused(system, school):
    api = system
    teacher_id, _ = school.teacher(school.manager1, school.unit1)
    wrong = change(
        api,
        school.manager1,
        teacher_id,
        kind="join",
        date=TODAY,
        change_code="132",
        staff_source="11",
    )
    assert wrong.status_code == 400 and "change_code" in wrong.json()["error"]["fields"]
    response = change(
        api,
        school.manager1,
        teacher_id,
        kind="join",
        date=TODAY,
        change_code="111",
        staff_source="13",
    )
    assert response.status_code == 201, response.text
    [joined] = record(api, school.manager1, teacher_id)["staff_changes"]
    assert (joined["kind"], joined["staff_source"]) == ("join", "13")


def test_training_totals_count_effective_entries_and_name_who_is_below(system, school):
    api = system
    response = api.put(
        f"/api/v1/orgs/{school.code}/training-requirement",
        school.school_manager,
        json={"year": YEAR, "hours": 60},
    )
    assert response.status_code == 200, response.text
    enough, _ = effective_teacher(api, school, school.unit1, school.manager1, "甲", (40, 30))
    short, short_token = effective_teacher(api, school, school.unit1, school.manager1, "乙", (20,))
    none, _ = effective_teacher(api, school, school.unit2, school.manager2, "丙")
    draft = api.post(
        f"/api/v1/teachers/{short}/sets/training/entries",
        short_token,
        json={**TRAINING, "hours": 50, "project_name": "未提交"},
    )
    assert draft.status_code == 201  # never submitted: it does not count

    def summary():
        body = api.get(
            f"/api/v1/training/summary?org_code={school.code}&year={YEAR}", school.school_manager
        ).json()
        return body if body["totals"]["hours"] == 90 and body["totals"]["teachers"] == 3 else None

    body = wait_until(summary, message="training summary")
    by_unit = {r["unit_code"]: r for r in body["rows"]}
    assert (by_unit[school.unit1]["teachers"], by_unit[school.unit1]["hours"]) == (2, 90)
    assert by_unit[school.unit2]["hours"] == 0
    assert body["requirement"] == {"hours": 60, "credits": None, "source": "school"}
    assert sorted(b["teacher_id"] for b in body["below"]) == sorted([short, none])

    def mine():  # the draft reaches reporting in its own time
        body = api.get(f"/api/v1/teachers/{short}/training?year={YEAR}", short_token).json()
        return body if body["not_effective"] == 1 else None

    mine = wait_until(mine, message="the draft in the teacher's training view")
    assert (mine["hours"], mine["below_requirement"], mine["not_effective"]) == (20, True, 1)
    theirs = api.get(f"/api/v1/teachers/{enough}/training?year={YEAR}", school.manager1).json()
    assert (theirs["hours"], theirs["credits"], theirs["below_requirement"]) == (70, 4.0, False)
    assert api.get(f"/api/v1/teachers/{enough}/training", school.manager2).status_code == 404

    unit_rows, totals = rows(api, school)
    assert unit_rows[school.unit1]["uses_training"] and not unit_rows[school.unit2]["uses_training"]
    assert totals["uses_training"] is True and totals["units_using_training"] == 1


def test_a_current_rotation_shows_as_personnel_status_and_in_the_rotation_list(system, school):
    api = system
    teacher_id, _ = effective_teacher(api, school, school.unit1, school.manager1)
    response = api.post(
        f"/api/v1/teachers/{teacher_id}/sets/rotation/entries", school.manager1, json=ROTATION
    )
    assert response.status_code == 201, response.text
    view = record(api, school.manager1, teacher_id)
    assert view["sets"]["basic_info"]["entries"][0]["fields"]["personnel_status"] == "01"

    assert api.post(f"/api/v1/teachers/{teacher_id}/submit", school.manager1).status_code == 200
    approve_all(api, school, teacher_id)
    view = record(api, school.manager1, teacher_id)
    assert view["sets"]["basic_info"]["entries"][0]["fields"]["personnel_status"] == "06"
    assert view["derived"]["personnel_status"] == "06"
    assert (view["rotation"]["target_unit"], view["rotation"]["recorded_personnel_status"]) == (
        "三亚学院",
        "01",
    )

    def listed():
        body = api.get(
            f"/api/v1/rotations?org_code={school.code}&active=true", school.school_manager
        ).json()
        return body["items"] or None

    [item] = wait_until(listed, message="rotation listed")
    assert (item["teacher_id"], item["current"]) == (teacher_id, True)
    unit_rows, totals = rows(api, school)
    assert unit_rows[school.unit1]["uses_rotation"] and totals["units_using_rotation"] == 1


def test_the_monthly_report_flags_no_module_before_a_unit_uses_one(system, school):
    api = system
    teacher_id, token = school.teacher(school.manager2, school.unit2)
    unit_rows, totals = rows(api, school)
    assert not any(
        r[flag]
        for r in unit_rows.values()
        for flag in ("uses_teacher_changes", "uses_rotation", "uses_training")
    )
    assert totals["uses_training"] is False
    response = api.post(
        f"/api/v1/teachers/{teacher_id}/sets/training/entries", token, json=TRAINING
    )
    assert response.status_code == 201, response.text  # using the module is the event
    unit_rows = wait_until(
        lambda: (lambda r: r if r[school.unit2]["uses_training"] else None)(rows(api, school)[0]),
        message="training used",
    )
    assert not unit_rows[school.unit1]["uses_training"]
