"""Personal data through the gateway as a query account (信息查询员) reads it: the teacher
list, the record, the review tasks and reporting's answers together leave at least 10,000
ID numbers that fit (docs/personal-data.md); the unit's manager sees the number whole."""

from datetime import date

import pytest
from helpers import School, wait_until
from id_candidates import candidates_seen, seen

THIS_MONTH = date.today().strftime("%Y-%m")


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


def get(api, path, token, **params):
    response = api.get(path, token, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def listed(api, token, school, teacher_id):
    items = get(api, "/api/v1/teachers", token, unit_code=school.unit1, limit=500)["items"]
    return next((i for i in items if i["teacher_id"] == teacher_id), None)


def test_what_a_query_account_reads_of_a_teacher_does_not_give_the_id_number_back(system, school):
    api = system
    teacher_id, teacher = school.teacher(school.manager1, school.unit1, name="周老师")
    school.fill_and_submit(teacher_id, teacher)
    whole = get(api, f"/api/v1/teachers/{teacher_id}", school.manager1)
    [basic] = whole["sets"]["basic_info"]["entries"]
    number, birth = basic["fields"]["id_number"], basic["fields"]["birth_date"]
    assert "*" not in number and birth == f"{number[6:10]}-{number[10:12]}-{number[12:14]}"

    item = wait_until(lambda: listed(api, school.query1, school, teacher_id), message="listed")
    view = get(api, f"/api/v1/teachers/{teacher_id}", school.query1)
    tasks = wait_until(
        lambda: [
            t
            for t in get(api, "/api/v1/reviews", school.query1, state="all", limit=500)["items"]
            if t["teacher_id"] == teacher_id
        ],
        message="review task",
    )
    trail = get(api, f"/api/v1/teachers/{teacher_id}/trail", school.query1)
    report = get(
        api, "/api/v1/reports/monthly", school.query1, org_code=school.unit1, month=THIS_MONTH
    )
    answers = [item, view, tasks, trail, report]

    assert item["id_number"] == number[:2] + "*" * 16 and item["gender"] == "1"
    [shown] = view["sets"]["basic_info"]["entries"]
    assert shown["fields"]["id_number"] == number[:2] + "*" * 16
    assert shown["fields"]["birth_date"] == birth[:7] + "-**"
    assert shown["fields"]["gender"] == "1" and view["name"] == "周老师"
    text = repr(answers)
    assert number not in text and number[6:14] not in text and birth not in text

    assert seen(*answers)["id_number"] == number[:2] + "*" * 16
    assert candidates_seen(*answers, region=number[:6]) >= 10_000
