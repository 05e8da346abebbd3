"""Change requests (变更申请) through the gateway: the unit files on an effective entry,
the school approves, then the province; records applies the change and keeps the old
values in history; audit and the trail show every step."""

import uuid

import pytest
from conftest import storage_of
from helpers import School, wait_until

from services.records.domain.events import EntryFilled

CHANGE = {
    "set": "education",
    "fields": {"end_month": "2006-06"},
    "reason": "毕业证书日期有误 (the diploma says June)",
    "evidence": [{"name": "毕业证书复印件", "note": "编号 1234"}],
}


@pytest.fixture(scope="module")
def school(system, admin_token):
    school = School(system, admin_token)
    school.province = school.staff(
        admin_token, f"pv{uuid.uuid4().hex[:6]}", "info_manager", "province"
    )
    return school


def effective_teacher(api, school):
    """A teacher whose basic_info and education entries are effective (reviewed)."""
    teacher_id, token = school.teacher(school.manager1, school.unit1, name="周老师")
    school.fill_and_submit(teacher_id, token)

    def approve_pending():
        tasks = api.get("/api/v1/reviews?state=pending", school.school_manager).json()["items"]
        for task in (t for t in tasks if t["teacher_id"] == teacher_id):
            path = f"/api/v1/reviews/{task['task_id']}/decision"
            if api.post(path, school.manager1, json={"decision": "approve"}).status_code != 200:
                api.post(path, school.school_manager, json={"decision": "approve"})
        record = api.get(f"/api/v1/teachers/{teacher_id}", school.manager1).json()
        return record if record["state"] == "approved" else None

    record = wait_until(approve_pending, message="record approved")
    [education] = record["sets"]["education"]["entries"]
    return teacher_id, token, education["entry_id"]


def file(api, token, teacher_id, entry_id, **change):
    return api.post(
        f"/api/v1/teachers/{teacher_id}/change-requests",
        token,
        json={**CHANGE, "entry_id": entry_id, **change},
    )


def listed(api, token, change_id, query=""):
    response = api.get(f"/api/v1/change-requests{query}", token)
    assert response.status_code == 200, response.text
    return next((r for r in response.json()["items"] if r["change_id"] == change_id), None)


def decide(api, token, change_id, decision="approve", reason=None):
    return api.post(
        f"/api/v1/change-requests/{change_id}/decision",
        token,
        json={"decision": decision, "reason": reason},
    )


def education_of(api, token, teacher_id, **params):
    record = api.get(f"/api/v1/teachers/{teacher_id}", token, params=params).json()
    return record["sets"]["education"]["entries"][0]


def trail_events(api, token, teacher_id, last):
    items = api.get(f"/api/v1/teachers/{teacher_id}/trail", token).json()["items"]
    changes = [i for i in items if i["event"].startswith("change_")]
    return changes if changes and changes[-1]["event"] == last else None


def test_the_unit_files_the_school_then_the_province_approves_and_the_record_changes(
    system, school
):
    api = system
    teacher_id, _, entry_id = effective_teacher(api, school)
    response = file(api, school.manager1, teacher_id, entry_id)
    assert response.status_code == 201, response.text
    filed = response.json()
    change_id = filed["change_id"]
    assert (filed["state"], filed["changed"]) == ("filed", ["end_month"])

    request = wait_until(lambda: listed(api, school.school_manager, change_id), message="filed")
    assert request["state"] == "filed" and request["filed_by"]["username"].startswith("m1")
    assert request["changes"] == [{"field": "end_month", "old": "2006-07", "new": "2006-06"}]
    assert listed(api, school.province, change_id) is None  # waits for the school first
    assert decide(api, school.province, change_id).status_code == 409

    response = decide(api, school.school_manager, change_id, reason="情况属实")
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "school_approved"
    assert decide(api, school.school_manager, change_id).status_code == 409
    assert listed(api, school.province, change_id)["state"] == "school_approved"

    response = decide(api, school.province, change_id)
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "province_approved"

    entry = wait_until(
        lambda: (lambda e: e if e["fields"]["end_month"] == "2006-06" else None)(
            education_of(api, school.manager1, teacher_id)
        ),
        message="change applied",
    )
    assert entry["state"] == "approved" and entry["change_request"] is None
    [applied] = entry["changed_by"]
    assert applied["change_id"] == change_id and applied["reason"] == CHANGE["reason"]
    assert applied["school_approved_by"]["role"] == "info_manager"
    assert applied["province_approved_by"]["org_code"] == "province"
    before = education_of(api, school.manager1, teacher_id, as_of=filed["filed_at"])
    assert before["fields"]["end_month"] == "2006-07"

    done = wait_until(
        lambda: (lambda r: r if r["outcome"] else None)(
            api.get(f"/api/v1/change-requests/{change_id}", school.school_manager).json()
        ),
        message="outcome",
    )
    assert done["outcome"] == "applied"
    assert [d["level"] for d in done["decisions"]] == ["school", "province"]
    items = wait_until(
        lambda: trail_events(api, school.manager1, teacher_id, "change_applied"), message="trail"
    )
    assert [i["event"] for i in items] == [
        "change_requested",
        "change_school_approved",
        "change_province_approved",
        "change_applied",
    ]
    assert items[0]["reason"] == CHANGE["reason"] and items[0]["change_id"] == change_id
    assert items[1]["actor"]["org_code"] == school.code and items[1]["level"] == "school"
    assert items[2]["actor"]["org_code"] == "province"


def test_the_school_rejects_with_a_reason_and_the_entry_stays_as_it_was(system, school):
    api = system
    teacher_id, _, entry_id = effective_teacher(api, school)
    change_id = file(api, school.manager1, teacher_id, entry_id).json()["change_id"]
    wait_until(lambda: listed(api, school.school_manager, change_id), message="filed")
    # one open change request per entry
    assert (
        file(
            api, school.manager1b, teacher_id, entry_id, fields={"end_month": "2006-05"}
        ).status_code
        == 409
    )

    response = decide(api, school.school_manager, change_id, "reject")
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]
    response = decide(api, school.school_manager, change_id, "reject", "证据不足")
    assert response.status_code == 200, response.text
    rejected = response.json()
    assert rejected["state"] == "rejected"
    assert rejected["school_decision"]["reason"] == "证据不足"
    assert decide(api, school.province, change_id).status_code == 409

    entry = wait_until(
        lambda: (lambda e: e if e["change_request"] is None else None)(
            education_of(api, school.manager1, teacher_id)
        ),
        message="request closed",
    )
    assert entry["fields"]["end_month"] == "2006-07" and entry["changed_by"] == []
    item = wait_until(
        lambda: trail_events(api, school.manager1, teacher_id, "change_rejected"), message="trail"
    )[-1]
    assert (item["reason"], item["level"], item["decision"]) == ("证据不足", "school", "reject")
    # the entry is free again
    assert file(api, school.manager1, teacher_id, entry_id).status_code == 201


def test_a_unit_manager_cannot_approve_and_nobody_decides_what_they_filed(system, school):
    api = system
    teacher_id, _, entry_id = effective_teacher(api, school)
    change_id = file(api, school.school_manager, teacher_id, entry_id).json()["change_id"]
    wait_until(lambda: listed(api, school.manager1, change_id, "?state=all"), message="filed")
    assert decide(api, school.manager1b, change_id).status_code == 403
    assert decide(api, school.school_manager, change_id).status_code == 403
    assert api.get(f"/api/v1/change-requests/{change_id}", school.manager2).status_code == 404


def test_who_may_file_and_on_what(system, school):
    api = system
    teacher_id, teacher, entry_id = effective_teacher(api, school)
    assert file(api, teacher, teacher_id, entry_id).status_code == 403
    assert file(api, school.province, teacher_id, entry_id).status_code == 403
    assert file(api, school.manager2, teacher_id, entry_id).status_code == 404
    draft_teacher, draft_token = school.teacher(school.manager1, school.unit1)
    school.fill_and_submit(draft_teacher, draft_token)  # submitted, not yet effective
    draft = education_of(api, school.manager1, draft_teacher)
    assert file(api, school.manager1, draft_teacher, draft["entry_id"]).status_code == 409
    assert api.get("/api/v1/change-requests", teacher).status_code == 403


def test_bad_values_and_a_missing_reason_are_named(system, school):
    api = system
    teacher_id, _, entry_id = effective_teacher(api, school)
    response = file(
        api,
        school.manager1,
        teacher_id,
        entry_id,
        fields={"end_month": "2006-13", "study_mode": "99"},
    )
    assert response.status_code == 400
    assert {"end_month", "study_mode"} <= set(response.json()["error"]["fields"])
    response = api.post(
        f"/api/v1/teachers/{teacher_id}/change-requests",
        school.manager1,
        json={"set": "education", "entry_id": entry_id, "fields": {"end_month": "2006-06"}},
    )
    assert response.status_code == 400 and "reason" in response.json()["error"]["fields"]
    assert education_of(api, school.manager1, teacher_id)["change_request"] is None


def test_a_request_gone_stale_is_not_applied_and_audit_and_the_trail_say_so(system, school):
    api = system
    teacher_id, _, entry_id = effective_teacher(api, school)
    change_id = file(api, school.manager1, teacher_id, entry_id).json()["change_id"]
    wait_until(lambda: listed(api, school.school_manager, change_id), message="filed")
    assert decide(api, school.school_manager, change_id).status_code == 200
    # another path changes the entry meanwhile (as a business module might)
    fields = {**education_of(api, school.manager1, teacher_id)["fields"], "major": "数学"}
    storage = storage_of(api, "records")
    with storage.transaction(
        {"account_id": "system", "username": "system", "role": "system", "org_code": ""}
    ) as uow:
        stream = f"teacher-{teacher_id}"
        envelopes = uow.read_stream(stream)
        uow.append(
            stream,
            envelopes[-1]["version"],
            [EntryFilled(teacher_id, "education", entry_id, fields, ["major"], False)],
        )
    assert decide(api, school.province, change_id).status_code == 200

    done = wait_until(
        lambda: (lambda r: r if r["outcome"] else None)(
            api.get(f"/api/v1/change-requests/{change_id}", school.school_manager).json()
        ),
        message="outcome",
    )
    assert done["outcome"] == "not_applied" and done["outcome_reason"]
    assert education_of(api, school.manager1, teacher_id)["fields"]["end_month"] == "2006-07"
    items = wait_until(
        lambda: trail_events(api, school.manager1, teacher_id, "change_not_applied"),
        message="trail",
    )
    assert items[-1]["reason"] == done["outcome_reason"]
