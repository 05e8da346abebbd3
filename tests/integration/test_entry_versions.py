"""Two writers on one entry: the one who read an older version is refused, not silently
overwritten (If-Match with the entry's version)."""

import pytest
from helpers import EDUCATION_ENTRY, School


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


def basic_entry(api, teacher_id, token):
    record = api.get(f"/api/v1/teachers/{teacher_id}", token).json()
    [entry] = record["sets"]["basic_info"]["entries"]
    return entry


def test_the_second_of_two_writers_who_read_the_same_version_gets_409(system, school):
    api = system
    teacher_id, teacher = school.teacher(school.manager1, school.unit1)
    read = basic_entry(api, teacher_id, teacher)
    path = f"/api/v1/teachers/{teacher_id}/sets/basic_info"
    etag = {"If-Match": f'"{read["version"]}"'}

    first = api.put(path, teacher, json={"former_name": "甲"}, headers=etag)
    assert first.status_code == 200, first.text
    assert first.json()["version"] == read["version"] + 1
    second = api.put(path, school.manager1, json={"former_name": "乙"}, headers=etag)
    assert second.status_code == 409, second.text
    assert second.json()["error"]["code"] == "STALE_VERSION"
    assert "version" in second.json()["error"]["fields"]
    assert basic_entry(api, teacher_id, teacher)["fields"]["former_name"] == "甲"

    fresh = {"If-Match": f'W/"{first.json()["version"]}"'}
    assert (
        api.put(path, school.manager1, json={"former_name": "乙"}, headers=fresh).status_code == 200
    )


def test_an_entry_of_a_many_set_is_guarded_the_same_way(system, school):
    api = system
    teacher_id, teacher = school.teacher(school.manager1, school.unit1)
    added = api.post(
        f"/api/v1/teachers/{teacher_id}/sets/education/entries", teacher, json=EDUCATION_ENTRY
    ).json()
    path = f"/api/v1/teachers/{teacher_id}/sets/education/entries/{added['entry_id']}"
    old = {"If-Match": f'"{added["version"]}"'}
    assert api.put(path, teacher, json={"major": "数学"}, headers=old).status_code == 200
    stale = api.put(path, teacher, json={"major": "物理"}, headers=old)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "STALE_VERSION"
    # without If-Match the client takes the last-writer-wins it asked for
    assert api.put(path, teacher, json={"major": "物理"}).status_code == 200


@pytest.mark.parametrize("header", ['"abc"', "-1", '"1.5"', "W/x"])
def test_a_malformed_if_match_is_refused_naming_it(system, school, header):
    teacher_id, teacher = school.teacher(school.manager1, school.unit1)
    response = system.put(
        f"/api/v1/teachers/{teacher_id}/sets/basic_info",
        teacher,
        json={"former_name": "丙"},
        headers={"If-Match": header},
    )
    assert response.status_code == 400, response.text
    assert "If-Match" in response.json()["error"]["fields"]
