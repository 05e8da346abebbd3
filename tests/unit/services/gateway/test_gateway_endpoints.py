"""What `@endpoint` does around each RPC: authenticate, set the call context,
refuse bad input before any RPC, and shape the answer. The services are mocks."""

import json
import re
from types import SimpleNamespace
from unittest.mock import MagicMock

import pytest
from nameko.exceptions import UnknownService
from nameko.testing.services import worker_factory
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from services.gateway.service import GatewayService
from shared.caller import Caller
from shared.errors import Forbidden, Unauthorized
from shared.rpc import CallContext

pytestmark = pytest.mark.unit

CALLER = {
    "account_id": "a1",
    "username": "u1",
    "role": "info_manager",
    "org_code": "cs",
    "org_path": ["province", "hainu", "cs"],
    "teacher_id": None,
}
VALID_ORG = {"code": "math", "name": "数学学院", "level": "unit", "parent_code": "hainu"}


def gateway(must_change_password=False):
    accounts = MagicMock()
    accounts.authenticate.return_value = {
        "caller": CALLER,
        "must_change_password": must_change_password,
    }
    context = CallContext(SimpleNamespace(data={}, call_id="gateway.call.1"))
    return worker_factory(GatewayService, accounts=accounts, context=context)


def call(method, body=None, token="tok", headers=None, query=None, **path_values):
    headers = dict(headers or {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    request = Request(
        EnvironBuilder(method="POST", data=data, headers=headers, query_string=query).get_environ()
    )
    response = method(request, **path_values)
    text = response.get_data(as_text=True)
    return response.status_code, json.loads(text) if text else None


def test_login_needs_no_token_and_passes_the_body_to_accounts():
    service = gateway()
    service.accounts.login.return_value = {
        "token": "t",
        "account": {},
        "must_change_password": False,
    }

    status, body = call(service.login, {"username": "admin", "password": "pw"}, token=None)

    assert (status, body["token"]) == (200, "t")
    service.accounts.login.assert_called_once_with({"username": "admin", "password": "pw"})
    service.accounts.authenticate.assert_not_called()


def test_the_caller_is_in_the_call_context_before_the_service_is_called():
    service = gateway()
    seen = {}
    service.accounts.create_org.side_effect = lambda body: (
        seen.update(caller=service.context.caller, correlation=service.context.correlation_id)
        or body
    )

    status, _ = call(service.create_org, VALID_ORG, headers={"X-Request-Id": "req-7"})

    assert status == 201
    service.accounts.authenticate.assert_called_once_with("tok")
    assert seen["caller"] == Caller(**CALLER | {"org_path": ("province", "hainu", "cs")})
    assert seen["correlation"] == "req-7"


def test_a_missing_token_is_401_and_no_service_is_called():
    service = gateway()
    status, body = call(service.me, token=None)
    assert (status, body["error"]["code"]) == (401, "UNAUTHORIZED")
    service.accounts.authenticate.assert_not_called()
    service.accounts.me.assert_not_called()


def test_a_rejected_token_is_401():
    service = gateway()
    service.accounts.authenticate.side_effect = Unauthorized("the token has expired")
    assert call(service.me)[0] == 401


@pytest.mark.parametrize("body", [b"{oops", {"code": "math"}])
def test_a_bad_body_is_400_before_any_rpc(body):
    service = gateway()
    status, answer = call(service.create_org, body)
    assert (status, answer["error"]["code"]) == (400, "VALIDATION_ERROR")
    assert answer["error"]["fields"]
    service.accounts.create_org.assert_not_called()


def test_an_initial_password_blocks_everything_but_changing_it_and_me():
    service = gateway(must_change_password=True)
    service.accounts.me.return_value = {"id": "a1"}

    status, body = call(service.create_org, VALID_ORG)
    assert (status, body["error"]["code"]) == (403, "PASSWORD_CHANGE_REQUIRED")
    service.accounts.create_org.assert_not_called()
    assert call(service.me)[0] == 200
    assert call(service.change_password, {"old_password": "a", "new_password": "b"}) == (204, None)


def test_a_domain_error_from_a_service_keeps_its_code_and_fields():
    service = gateway()
    service.records.submit.side_effect = Forbidden("not in scope", {"teacher_id": ["no"]})
    status, body = call(service.submit, teacher_id="t1")
    assert (status, body["error"]["fields"]) == (403, {"teacher_id": ["no"]})


def test_query_arguments_reach_the_service_typed_and_absent_ones_left_out():
    service = gateway()
    service.records.list_teachers.return_value = {"items": [], "total": 0}
    assert call(service.list_teachers, query="state=draft&limit=10")[0] == 200
    service.records.list_teachers.assert_called_once_with({"state": "draft", "limit": 10})
    assert call(service.list_teachers, query="offset=-1")[0] == 400


def test_record_set_endpoints_pass_path_values_and_fields():
    service = gateway()
    service.records.update_entry.return_value = {"entry_id": "e1"}
    status, _ = call(
        service.update_entry,
        {"school": "海南大学"},
        teacher_id="t1",
        set="education",
        entry_id="e1",
    )
    assert status == 200
    service.records.update_entry.assert_called_once_with(
        "t1", "education", "e1", {"school": "海南大学"}
    )


def test_list_answers_are_wrapped_as_items():
    service = gateway()
    service.records.schema_sets.return_value = [{"name": "basic_info"}]
    assert call(service.schema_sets) == (200, {"items": [{"name": "basic_info"}]})


def answering(proxy, status):
    proxy.status.call_async.return_value.result.return_value = status


def test_health_is_200_when_every_service_answers_and_503_naming_the_one_that_does_not():
    service = gateway()
    for name in ("accounts", "records", "audit", "reporting"):
        answering(getattr(service, name), {"service": name, "subscriptions": {}, "parked": 0})
    status, body = call(service.health, token=None)
    assert (status, body["status"], body["problems"]) == (200, "ok", [])
    assert {n: s["status"] for n, s in body["services"].items()} == {
        "accounts": "ok",
        "records": "ok",
        "audit": "ok",
        "reporting": "ok",
    }

    service.audit.status.call_async.side_effect = UnknownService("audit")
    status, body = call(service.health, token=None)
    assert status == 503
    assert body["status"] == "unavailable" and body["problems"] == ["audit: does not answer"]
    assert body["services"]["audit"]["status"] == "unavailable"
    assert body["services"]["records"]["status"] == "ok"


def test_health_is_degraded_but_200_when_a_service_has_parked_events():
    service = gateway()
    for name in ("accounts", "records", "audit"):
        answering(
            getattr(service, name), {"service": name, "head": 5, "subscriptions": {}, "parked": 0}
        )
    answering(
        service.reporting,
        {
            "service": "reporting",
            "parked": 1,
            "subscriptions": {
                "records": {
                    "checkpoint": 5,
                    "head": 5,
                    "lag": 0,
                    "behind_for": 0,
                    "silent_for": 1,
                    "parked": 1,
                }
            },
        },
    )
    status, body = call(service.health, token=None)
    assert (status, body["status"]) == (200, "degraded")
    assert body["problems"] == ["reporting: 1 parked event from records"]
    assert body["services"]["reporting"]["status"] == "degraded"
    assert body["services"]["accounts"]["status"] == "ok"


def test_the_openapi_document_is_served_without_a_token():
    status, body = call(gateway().openapi_document, token=None)
    assert status == 200 and "/api/v1/teachers" in body["paths"]


def answer_to(headers: dict):
    service = gateway()
    service.accounts.me.return_value = {"username": "admin"}
    request = Request(
        EnvironBuilder(
            method="GET", headers={"Authorization": "Bearer tok", **headers}
        ).get_environ()
    )
    return service, service.me(request)


def test_the_clients_request_id_is_the_correlation_id_and_comes_back():
    service, response = answer_to({"X-Request-Id": "req-2026.12:a_b"})
    assert response.headers["X-Request-Id"] == "req-2026.12:a_b"
    assert service.context.correlation_id == "req-2026.12:a_b"


@pytest.mark.parametrize(
    "sent", ["a" * 65, "two words", "idé", "-leading", "req;drop", "x\x00y", "中文"]
)
def test_an_unsafe_or_long_request_id_is_replaced_by_a_new_one(sent):
    service, response = answer_to({"X-Request-Id": sent})
    given = response.headers["X-Request-Id"]
    assert given != sent and given == service.context.correlation_id
    assert re.fullmatch(r"[0-9a-f-]{36}", given)  # a new uuid


def test_a_request_without_an_id_gets_a_new_one():
    first = answer_to({})[1].headers["X-Request-Id"]
    second = answer_to({})[1].headers["X-Request-Id"]
    assert first != second and re.fullmatch(r"[0-9a-f-]{36}", first)
