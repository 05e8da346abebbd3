"""Every command acts once per idempotency key, whatever happens between its commit and
its answer; and an answer kept for repeats never keeps a secret."""

import json
import uuid

import pytest
import sqlalchemy as sa
from conftest import storage_of
from helpers import EDUCATION_ENTRY, School, new_id_number, wait_until

from shared import idempotency


class WorkerDied(Exception):
    """Stands for the process dying once the command's work is done, before it answers."""


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


def die_after(monkeypatch, module, name):
    """The first call of `module.name` does its work, then the worker dies."""
    original = getattr(module, name)
    calls = []

    def work_then_die(*args, **kwargs):
        answer = original(*args, **kwargs)
        calls.append(answer)
        if len(calls) == 1:
            raise WorkerDied("after the work, before the answer")
        return answer

    monkeypatch.setattr(module, name, work_then_die)
    return calls


def events_of(system, service, stream_id, event_type):
    storage = storage_of(system, service)
    with storage.engine.connect() as conn:
        return [e for e in storage.store.read_stream(conn, stream_id) if e["type"] == event_type]


def test_a_fill_retried_after_the_worker_died_is_applied_once(system, school, monkeypatch):
    from services.records.handlers import record

    teacher_id, teacher = school.teacher(school.manager1, school.unit1)
    calls = die_after(monkeypatch, record, "fill")
    headers = {"Idempotency-Key": uuid.uuid4().hex}
    path = f"/api/v1/teachers/{teacher_id}/sets/basic_info"
    first = system.put(path, teacher, json={"former_name": "一号"}, headers=headers)
    assert first.status_code == 503, first.text
    again = system.put(path, teacher, json={"former_name": "一号"}, headers=headers)
    assert again.status_code == 200, again.text
    assert again.json()["fields"]["former_name"] == "一号"
    assert len(calls) == 2
    filled = events_of(system, "records", f"teacher-{teacher_id}", "EntryFilled")
    assert [e["data"]["fields"].get("former_name") for e in filled] == ["一号"]


def test_a_repeated_fill_gets_the_first_answer_and_writes_nothing(system, school):
    teacher_id, teacher = school.teacher(school.manager1, school.unit1)
    headers = {"Idempotency-Key": uuid.uuid4().hex}
    path = f"/api/v1/teachers/{teacher_id}/sets/education/entries"
    first = system.post(path, teacher, json=EDUCATION_ENTRY, headers=headers)
    again = system.post(path, teacher, json=EDUCATION_ENTRY, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert len(events_of(system, "records", f"teacher-{teacher_id}", "EntryFilled")) == 1


def test_a_decision_retried_after_the_worker_died_is_decided_once(system, school, monkeypatch):
    from services.audit.handlers import reviews

    teacher_id, teacher = school.teacher(school.manager1, school.unit1)
    school.fill_and_submit(teacher_id, teacher)

    def pending():
        items = system.get("/api/v1/reviews?state=pending", school.manager1).json()["items"]
        return next((t for t in items if t["teacher_id"] == teacher_id), None)

    task = wait_until(pending, message="the review task")
    die_after(monkeypatch, reviews, "decide")
    headers = {"Idempotency-Key": uuid.uuid4().hex}
    path = f"/api/v1/reviews/{task['task_id']}/decision"
    body = {"decision": "approve", "reason": ""}
    first = system.post(path, school.manager1, json=body, headers=headers)
    assert first.status_code == 503, first.text
    again = system.post(path, school.manager1, json=body, headers=headers)
    assert again.status_code == 200, again.text  # not 409 "decided already"
    assert again.json()["state"] == "approved"
    assert len(events_of(system, "audit", f"review-{task['task_id']}", "ReviewDecided")) == 1


def test_a_sheet_of_teachers_interrupted_after_its_work_is_imported_once(
    system, school, monkeypatch
):
    """A retry of an import that died after writing neither answers 409 nor imports twice."""
    from services.accounts.handlers import teacher_import

    rows = [["姓名", "性别", "出生年月", "身份证件类型", "身份证件号码", "单位代码"]]
    rows += [[f"导入{i}", "1", "1985-03", "1", new_id_number(), school.unit1] for i in range(3)]
    sheet = "\n".join(",".join(r) for r in rows).encode("utf-8-sig")
    die_after(monkeypatch, teacher_import, "import_teachers")
    headers = {"Idempotency-Key": uuid.uuid4().hex, "Content-Type": "text/csv"}
    path = f"/api/v1/teachers/import?dry_run=false&unit_code={school.unit1}"
    first = system.post(path, school.manager1, data=sheet, headers=headers)
    assert first.status_code == 503, first.text
    again = system.post(path, school.manager1, data=sheet, headers=headers)
    assert again.status_code == 201, again.text
    assert len(again.json()["created"]) == 3
    numbers = {r[4] for r in rows[1:]}

    def imported():
        listing = system.get(
            f"/api/v1/teachers?unit_code={school.unit1}&limit=500", school.manager1
        ).json()["items"]
        return [i for i in listing if i["id_number"] in numbers]

    assert (
        len(wait_until(lambda: len(imported()) >= 3 and imported(), message="the imported records"))
        == 3
    )
    storage = storage_of(system, "accounts")
    from services.accounts.tables import accounts

    with storage.engine.connect() as conn:
        names = (
            conn.execute(
                sa.select(accounts.c.name).where(
                    accounts.c.name.like("导入%"), accounts.c.org_code == school.unit1
                )
            )
            .scalars()
            .all()
        )
    assert sorted(names) == ["导入0", "导入1", "导入2"]


def test_no_kept_answer_holds_an_initial_password(system, school):
    api = system
    account = api.post(
        "/api/v1/accounts",
        school.school_admin,
        json={
            "username": f"k{uuid.uuid4().hex[:8]}",
            "name": "某人",
            "role": "info_query",
            "org_code": school.unit1,
        },
    ).json()
    reset = api.post(
        f"/api/v1/accounts/{account['account']['id']}/password-reset", school.school_admin
    ).json()
    teacher = api.post(
        "/api/v1/teachers",
        school.manager1,
        json={
            "name": "秘密",
            "gender": "1",
            "birth_month": "1985-03",
            "id_type": "1",
            "id_number": new_id_number(),
            "unit_code": school.unit1,
        },
    ).json()
    secrets = [account["initial_password"], reset["initial_password"], teacher["initial_password"]]
    assert all(secrets)
    storage = storage_of(system, "accounts")
    with storage.engine.connect() as conn:
        kept = [
            r.result
            for r in conn.execute(sa.select(storage.tables["command_results"].c.result)).all()
            if r.result
        ]
    assert kept, "the answers are kept for repeats"
    assert not [s for s in secrets if any(s in text for text in kept)]


def test_answers_kept_with_a_secret_by_an_older_release_are_scrubbed(system):
    storage = storage_of(system, "accounts")
    table = storage.tables["command_results"]
    key = uuid.uuid4().hex
    answer = {"created": [{"row": 2, "username": "t1", "initial_password": "Plain-Text-1"}]}
    with storage.engine.begin() as conn:
        conn.execute(
            table.insert().values(
                key=key,
                command="import_teachers",
                result=json.dumps(answer),
                at=idempotency.utcnow_iso(),
            )
        )
    assert idempotency.scrub(storage.engine, table) >= 1
    with storage.engine.connect() as conn:
        text = conn.execute(sa.select(table.c.result).where(table.c.key == key)).scalar_one()
    assert "Plain-Text-1" not in text
    assert json.loads(text)["created"][0] == {"row": 2, "username": "t1", "initial_password": None}
