"""Commands arrive at least once; their effects happen once."""

import uuid

import pytest
import sqlalchemy as sa
from conftest import storage_of
from helpers import School, new_id_number, wait_until
from nameko.standalone.rpc import ClusterRpcProxy

from shared.errors import Conflict
from shared.idempotency import WITHHELD_NOTE


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


def teacher_body(school, id_number):
    return {
        "name": "孙八",
        "gender": "1",
        "birth_month": "1985-03",
        "id_type": "1",
        "id_number": id_number,
        "unit_code": school.unit1,
    }


def test_a_repeated_request_with_the_same_idempotency_key_gets_the_first_answer(system, school):
    api, body = system, teacher_body(school, new_id_number())
    headers = {"Idempotency-Key": uuid.uuid4().hex}
    first = api.post("/api/v1/teachers", school.manager1, json=body, headers=headers)
    again = api.post("/api/v1/teachers", school.manager1, json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["initial_password"]
    # the first answer, but the initial password was shown once and is not kept
    assert again.json() == first.json() | {
        "initial_password": None,
        "withheld": {"initial_password": WITHHELD_NOTE},
    }
    # a new request (no key, or another key) is a new command: the number is taken
    assert api.post("/api/v1/teachers", school.manager1, json=body).status_code == 409


def test_another_accounts_request_with_the_same_key_is_its_own(system, school):
    api, body = system, teacher_body(school, new_id_number())
    headers = {"Idempotency-Key": "shared-key-" + uuid.uuid4().hex[:6]}
    first = api.post("/api/v1/teachers", school.manager1, json=body, headers=headers)
    assert first.status_code == 201
    other = api.post("/api/v1/teachers", school.manager1b, json=body, headers=headers)
    assert other.status_code == 409  # not the first caller's answer and password
    assert "initial_password" not in other.text


def rpc_proxy(amqp_uri, caller_json, key):
    return ClusterRpcProxy(
        {"AMQP_URI": amqp_uri, "serializer": "json"},
        timeout=30,
        context_data={"caller": caller_json, "idempotency_key": key},
    )


def manager_caller(system, token):
    me = system.get("/api/v1/me", token).json()
    path = system.get(f"/api/v1/orgs/{me['org_code']}", token).json()["path"]
    return (
        f'{{"account_id":"{me["id"]}","username":"{me["username"]}","role":"{me["role"]}",'
        f'"org_code":"{me["org_code"]}","org_path":{str(path).replace(chr(39), chr(34))}}}'
    )


def test_a_redelivered_rpc_acts_once(system, school, amqp_uri):
    """nameko redelivers an RPC whose worker died: the same message, the same key."""
    caller = manager_caller(system, school.manager1)
    body = teacher_body(school, new_id_number())
    key = uuid.uuid4().hex
    with rpc_proxy(amqp_uri, caller, key) as rpc:
        first = rpc.accounts.generate_teacher(body)
        again = rpc.accounts.generate_teacher(body)
    assert again["teacher_id"] == first["teacher_id"]
    assert again["initial_password"] is None

    def holders():
        listing = system.get(
            f"/api/v1/teachers?unit_code={school.unit1}&limit=500", school.manager1
        ).json()
        return [i["teacher_id"] for i in listing["items"] if i["id_number"] == body["id_number"]]

    assert wait_until(holders, message="the teacher's record") == [first["teacher_id"]]


def test_a_command_whose_answer_was_lost_is_refused_rather_than_repeated(system, school, amqp_uri):
    storage = storage_of(system, "accounts")
    table = storage.tables["command_results"]
    key = uuid.uuid4().hex
    with storage.engine.begin() as conn:  # took effect, then the process died
        conn.execute(
            table.insert().values(
                key=key, command="generate_teacher", result=None, at="2999-01-01T00:00:00+00:00"
            )
        )
    caller = manager_caller(system, school.manager1)
    with rpc_proxy(amqp_uri, caller, key) as rpc, pytest.raises(Conflict):
        rpc.accounts.generate_teacher(teacher_body(school, new_id_number()))
    with storage.engine.connect() as conn:
        assert (
            conn.execute(
                sa.select(sa.func.count()).select_from(table).where(table.c.key == key)
            ).scalar_one()
            == 1
        )
