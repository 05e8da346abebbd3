"""The gateway's HTTP plumbing: error mapping, JSON bodies, bearer tokens, and
the route table agreeing with the entrypoints and the OpenAPI document."""

import copy
import json
import re

import pytest
from nameko.exceptions import MethodNotFound, RemoteError, RpcTimeout, UnknownService
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from werkzeug.routing import Map, Rule
from werkzeug.test import Client, EnvironBuilder
from werkzeug.wrappers import Request

from services.gateway import http, openapi
from services.gateway.routes import ROUTES
from services.gateway.service import GatewayService
from services.gateway.web import JsonHttpRequestHandler, JsonWsgiApp
from shared import errors

pytestmark = pytest.mark.unit

EXPECTED_STATUS = {
    errors.ValidationError: 400,
    errors.Unauthorized: 401,
    errors.Forbidden: 403,
    errors.PasswordChangeRequired: 403,
    errors.AccountDisabled: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.ConcurrencyConflict: 409,
    errors.Locked: 423,
    errors.TooManyAttempts: 429,
}


def request(body=b"", headers=None, query=None) -> Request:
    return Request(
        EnvironBuilder(
            method="POST", path="/x", data=body, headers=headers, query_string=query
        ).get_environ()
    )


def answer(response):
    return response.status_code, json.loads(response.get_data(as_text=True))


# error mapping -----------------------------------------------------------
@pytest.mark.parametrize(
    "error_type", [t for t in errors.all_error_types() if t is not errors.DomainError]
)
def test_each_domain_error_maps_to_its_status_and_the_error_shape(error_type):
    response = http.error_response(error_type("名字不对 bad", {"name": ["必填 (required)"]}))

    status, body = answer(response)
    assert status == EXPECTED_STATUS[error_type] == errors.http_status(error_type("x"))
    assert body == {
        "error": {
            "code": error_type.code,
            "message": "名字不对 bad",
            "fields": {"name": ["必填 (required)"]},
        }
    }
    assert response.content_type == "application/json; charset=utf-8"


def test_a_domain_error_without_fields_answers_an_empty_fields_object():
    _, body = answer(http.error_response(errors.NotFound("no such teacher")))
    assert body["error"]["fields"] == {}


def test_unauthorized_asks_for_a_bearer_token():
    assert http.error_response(errors.Unauthorized("no")).headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "exc",
    [
        RemoteError("OperationalError", "db gone"),
        UnknownService("records"),
        RpcTimeout("slow"),
        MethodNotFound("ping"),
    ],
)
def test_an_unreachable_or_broken_service_answers_503(exc):
    status, body = answer(http.error_response(exc))
    assert status == 503
    assert body["error"]["code"] == "SERVICE_UNAVAILABLE"


def test_an_unexpected_error_answers_500_without_leaking_internals(caplog):
    status, body = answer(http.error_response(RuntimeError("/var/secret.db is locked")))

    assert status == 500
    assert body["error"]["code"] == "INTERNAL"
    assert "secret" not in json.dumps(body)
    assert "secret" in caplog.text


# JSON in and out ---------------------------------------------------------
def test_json_answers_keep_chinese_as_utf8():
    response = http.json_response({"name": "张三"}, 201)
    assert response.status_code == 201
    assert "张三" in response.get_data(as_text=True)


def test_a_204_answer_has_no_body():
    assert http.json_response(None, 204).get_data() == b""


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b"[1, 2]", b'"text"', b"3"])
def test_a_body_that_is_not_a_json_object_is_a_validation_error(raw):
    with pytest.raises(errors.ValidationError) as caught:
        http.read_json(request(raw))
    assert "_body" in caught.value.fields
    assert http.error_response(caught.value).status_code == 400


def test_an_empty_body_reads_as_an_empty_object():
    assert http.read_json(request(b"")) == {}


def test_a_json_object_body_is_read_as_is():
    assert http.read_json(request('{"name": "李四"}'.encode())) == {"name": "李四"}


def test_a_body_over_the_limit_is_refused():
    with pytest.raises(errors.ValidationError):
        http.read_json(request(b"{" + b" " * http.MAX_BODY_BYTES + b"}"))


def test_query_arguments_are_typed_and_absent_ones_left_out():
    from services.gateway.schemas import TeacherListQuery

    assert http.read_query(request(query="limit=20&junk=1"), TeacherListQuery) == {"limit": 20}
    with pytest.raises(errors.ValidationError) as caught:
        http.read_query(request(query="limit=many"), TeacherListQuery)
    assert "limit" in caught.value.fields


# bearer tokens -----------------------------------------------------------
@pytest.mark.parametrize("header", ["Bearer tok.en-1", "bearer tok.en-1", "  Bearer   tok.en-1 "])
def test_the_bearer_token_is_read_from_the_authorization_header(header):
    assert http.bearer_token(request(headers={"Authorization": header})) == "tok.en-1"


@pytest.mark.parametrize(
    "headers",
    [
        None,
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer   "},
        {"Authorization": "Basic dXNlcjpwdw=="},
    ],
)
def test_a_missing_or_other_authorization_is_unauthorized(headers):
    with pytest.raises(errors.Unauthorized):
        http.bearer_token(request(headers=headers))


# unknown paths and methods -----------------------------------------------
def test_unknown_paths_and_methods_answer_in_the_error_shape():
    app = JsonWsgiApp.__new__(JsonWsgiApp)
    app.url_map = Map([Rule("/api/v1/me", methods=["GET"], endpoint=None)])
    client = Client(app)

    missing = client.get("/api/v1/nothing")
    assert (missing.status_code, missing.json["error"]["code"]) == (404, "NOT_FOUND")
    wrong = client.delete("/api/v1/me")
    assert (wrong.status_code, wrong.json["error"]["code"]) == (405, "METHOD_NOT_ALLOWED")
    assert "GET" in wrong.headers["Allow"]


def test_the_server_gives_each_request_its_id_before_any_endpoint_runs():
    from shared import logs

    app = JsonWsgiApp.__new__(JsonWsgiApp)
    app.url_map = Map([Rule("/api/v1/me", methods=["GET"], endpoint=None)])
    client = Client(app)
    try:
        kept = client.get("/api/v1/nothing", headers={"X-Request-Id": "req-404"})
        # the access line the server writes after answering carries it too
        assert logs.current()[1] == "req-404"
        replaced = client.get("/api/v1/nothing", headers={"X-Request-Id": "no good"})
        assert logs.current()[1] == replaced.headers["X-Request-Id"]
    finally:
        logs.set_correlation(None)
    assert kept.headers["X-Request-Id"] == "req-404"
    assert re.fullmatch(r"[0-9a-f-]{36}", replaced.headers["X-Request-Id"])


# one route table ---------------------------------------------------------
def declared_entrypoints():
    found = []
    for attribute in vars(GatewayService).values():
        for entrypoint in getattr(attribute, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            assert isinstance(entrypoint, JsonHttpRequestHandler)
            found.append((entrypoint.method, entrypoint.url))
    return found


def documented_operations():
    return [
        (method.upper(), path)
        for path, item in openapi.document()["paths"].items()
        for method in item
        if method in ("get", "put", "post", "patch", "delete")
    ]


def test_every_route_has_exactly_one_entrypoint_and_every_entrypoint_a_route():
    declared = declared_entrypoints()
    assert len(declared) == len(set(declared))
    assert sorted(declared) == sorted((route.method, route.rule) for route in ROUTES)


def test_every_route_is_documented_and_every_documented_operation_is_a_route():
    documented = documented_operations()
    assert sorted(documented) == sorted((route.method, route.path) for route in ROUTES)


def test_the_document_is_openapi_3_with_bearer_security_and_the_error_shape():
    document = openapi.document()
    assert document["openapi"].startswith("3.0")
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    error = document["components"]["schemas"]["ErrorDetail"]["properties"]
    assert {"code", "message", "fields"} <= set(error)
    login = document["paths"]["/api/v1/auth/login"]["post"]
    assert login["security"] == []
    assert login["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/Login")
    assert "$ref" in login["responses"]["401"]


def test_path_parameters_are_documented():
    paths = openapi.document()["paths"]
    operation = paths["/api/v1/teachers/{teacher_id}/sets/{set}/entries/{entry_id}"]["put"]
    names = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
    assert names == {"teacher_id", "set", "entry_id"}


# files in and out --------------------------------------------------------
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_file_sent_as_the_body_travels_base64_with_its_media_type():
    upload = http.read_upload(request(b"PK\x03\x04data", {"Content-Type": XLSX}), (XLSX,))
    assert upload == {"content": "UEsDBGRhdGE=", "media_type": XLSX}


@pytest.mark.parametrize(
    "body,content_type",
    [
        (b"a,b", "application/json"),
        (b"", "text/csv"),
        (b"x" * (http.MAX_UPLOAD_BYTES + 1), "text/csv"),
    ],
)
def test_a_file_of_another_type_empty_or_too_large_is_refused_naming_file(body, content_type):
    with pytest.raises(errors.ValidationError) as caught:
        http.read_upload(request(body, {"Content-Type": content_type}), (XLSX, "text/csv"))
    assert set(caught.value.fields) == {"file"}


def test_a_file_answer_is_a_download_with_its_type_and_filename():
    response = http.file_response(
        {"filename": "名单 roster.xlsx", "media_type": XLSX, "content": "UEsDBA=="}
    )
    assert (response.status_code, response.get_data()) == (200, b"PK\x03\x04")
    assert response.mimetype == XLSX
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="__ roster.xlsx"')
    assert "filename*=UTF-8''%E5%90%8D%E5%8D%95%20roster.xlsx" in disposition


def test_uploads_and_downloads_are_documented_as_binary():
    paths = openapi.document()["paths"]
    upload = paths["/api/v1/teachers/import"]["post"]["requestBody"]["content"]
    assert upload[XLSX]["schema"] == {"type": "string", "format": "binary", "minLength": 1}
    assert "text/csv" in upload
    template = paths["/api/v1/teachers/import-template"]["get"]["responses"]["200"]["content"]
    assert set(template) == {XLSX, "text/csv"}
    export = paths["/api/v1/rosters/export"]["get"]["responses"]["200"]["content"]
    assert set(export) == {XLSX}


def test_an_error_crosses_rpc_as_itself_with_the_types_of_its_fields():
    from nameko.exceptions import deserialize, serialize

    import shared.rpc  # noqa: F401 - registers the error types with nameko

    rows = [{"row": 5, "field": "birth_month", "ok": False}]
    crossed = deserialize(
        json.loads(json.dumps(serialize(errors.Conflict("冲突", {"rows": rows}))))
    )
    assert type(crossed) is errors.Conflict
    assert (crossed.message, crossed.fields) == ("冲突", {"rows": rows})


def test_commands_document_the_idempotency_key_header_and_reads_do_not():
    paths = openapi.document()["paths"]
    headers = lambda op: [p["name"] for p in op.get("parameters", ()) if p["in"] == "header"]  # noqa: E731
    assert "Idempotency-Key" in headers(paths["/api/v1/teachers"]["post"])
    assert "Idempotency-Key" not in headers(paths["/api/v1/teachers"]["get"])
    assert "Idempotency-Key" not in headers(paths["/api/v1/auth/login"]["post"])


# the document says what the server accepts -----------------------------------
def test_the_document_is_valid_openapi_3_by_a_real_validator():
    from openapi_spec_validator import validate

    validate(copy.deepcopy(openapi.document()))


@pytest.mark.parametrize(
    "python,ecma",
    [
        (r"^[A-Za-z0-9_-]{1,40}\Z", "^[A-Za-z0-9_-]{1,40}$"),
        (r"\A\d+\Z", r"^\d+$"),
        (r"^\s*\S", f"^[{openapi.PY_SPACE}]*[^{openapi.PY_SPACE}]"),
        (r"[\s()]+", f"[{openapi.PY_SPACE}()]+"),
        (r"[\]\Z]", r"[\]\Z]"),
    ],
)
def test_python_patterns_become_the_same_ecma_patterns(python, ecma):
    assert openapi.ecma_pattern(python) == ecma


def test_a_python_whitespace_pattern_matches_what_python_strips():
    pattern = re.compile(openapi.ecma_pattern(r"^\s+$"))
    assert all(bool(pattern.match(chr(c))) == chr(c).isspace() for c in range(0x3100))


def test_query_arguments_are_documented_with_the_owning_services_rules():
    operation = openapi.document()["paths"]["/api/v1/accounts"]["get"]
    query = {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}
    assert query["org_code"]["schema"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 40,
        **openapi.ONE_LINE,
    }
    assert query["limit"]["schema"]["default"] == 50
    with pytest.raises(errors.ValidationError):  # the gateway refuses what the document does
        http.read_query(request(query="org_code="), openapi_query("/api/v1/accounts"))


def openapi_query(path):
    return next(route.query for route in ROUTES if route.path == path and route.method == "GET")


def test_input_text_is_documented_with_the_text_rule_and_answers_are_not():
    components = openapi.document()["components"]["schemas"]
    close_reason = components["CloseOrg"]["properties"]["reason"]
    assert close_reason["not"] == {"pattern": openapi.MULTILINE_REFUSED}
    assert components["CreateOrg"]["properties"]["name"]["not"] == openapi.ONE_LINE["not"]
    assert "not" not in components["Org"]["properties"]["name"]


def test_a_range_of_a_decimal_is_a_number_and_rules_over_fields_are_documented():
    components = openapi.document()["components"]["schemas"]
    assert components["TrainingRequirement"]["properties"]["credits"]["minimum"] == 0
    assert components["RenameOrg"]["minProperties"] == 1
    assert "anyOf" in components["CreateOrg"]


def test_every_route_documents_its_errors_and_writes_the_conflict():
    paths = openapi.document()["paths"]
    assert {"400", "404", "409"} <= set(paths["/api/v1/orgs/{code}/close"]["post"]["responses"])
    assert {"404"} <= set(paths["/api/v1/rosters"]["get"]["responses"])
    assert {"423", "429"} <= set(paths["/api/v1/auth/login"]["post"]["responses"])


def test_a_path_value_never_takes_a_literal_segment_of_another_route():
    from werkzeug.exceptions import MethodNotAllowed
    from werkzeug.routing import Map, Rule

    from services.gateway.web import PathValue

    url_map = Map(
        [Rule(route.rule, methods=[route.method], endpoint=route.path) for route in ROUTES],
        converters={"value": PathValue},
    )
    adapter = url_map.bind("gateway")
    assert adapter.match("/api/v1/teachers/t-1", "GET") == (
        "/api/v1/teachers/{teacher_id}",
        {"teacher_id": "t-1"},
    )
    with pytest.raises(MethodNotAllowed) as caught:
        adapter.match("/api/v1/teachers/import", "GET")
    assert caught.value.valid_methods == ["POST"]
