"""Bad or unusual input through the real gateway: chunked bodies (read, with the same
limits as any body), text the system refuses (lone surrogates, control and bidi
characters), JSON nested too deep, an `as_of` position out of range. Each refusal is a
400 in the API's error shape naming the field (a path value that names nothing, 404),
never a 5xx."""

import http.client
import json
import uuid
from urllib.parse import urlsplit

import pytest
from helpers import School, new_id_number

MAX_BODY_BYTES = 1024 * 1024
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
HEADER = ["姓名", "性别", "出生年月", "身份证件类型", "身份证件号码", "单位代码"]


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


@pytest.fixture(scope="module")
def teacher(school):
    return school.teacher(school.manager1, school.unit1)


def send_chunked(api, method, path, chunks, token=None, content_type="application/json"):
    """Send the body in chunks (Transfer-Encoding: chunked, no Content-Length)."""
    address = urlsplit(api.base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    headers = {"Content-Type": content_type, "Transfer-Encoding": "chunked"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        connection.request(method, path, body=iter(chunks), headers=headers, encode_chunked=True)
        response = connection.getresponse()
        return response.status, json.loads(response.read().decode("utf-8"))
    finally:
        connection.close()


def refused(status, body, field):
    """A 400 in the API's error shape whose fields name `field`."""
    assert status == 400, body
    assert set(body) == {"error"}
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert isinstance(body["error"]["message"], str)
    assert field in body["error"]["fields"], body
    assert all(isinstance(m, str) for m in body["error"]["fields"][field])
    return True


def raw_post(api, path, raw: bytes, token=None):
    response = api.post(path, token, data=raw, headers={"Content-Type": "application/json"})
    return response.status_code, response.json()


def basic_info(api, token, teacher_id) -> dict:
    response = api.get(f"/api/v1/teachers/{teacher_id}", token)
    assert response.status_code == 200, response.text
    return response.json()["sets"]["basic_info"]["entries"][0]["fields"]


# chunked bodies ----------------------------------------------------------------
def test_a_chunked_json_body_is_read_and_stored(system, teacher):
    teacher_id, token = teacher
    status, body = send_chunked(
        system,
        "PUT",
        f"/api/v1/teachers/{teacher_id}/sets/basic_info",
        [b'{"former_', b'name": "', "李小".encode(), b'X"}'],
        token,
    )

    assert status == 200, body
    assert body["fields"]["former_name"] == "李小X"
    assert basic_info(system, token, teacher_id)["former_name"] == "李小X"


def test_a_chunked_upload_is_read_like_one_with_a_length(system, school):
    rows = [
        ["赵一", "1", "1985-03", "1", new_id_number(), school.unit1],
        ["钱二", "1", "1985-03", "1", new_id_number(), school.unit1],
    ]
    text = "\r\n".join(",".join(r) for r in [HEADER, *rows]) + "\r\n"
    data = text.encode("utf-8-sig")

    status, body = send_chunked(
        system,
        "POST",
        "/api/v1/teachers/import?dry_run=true",
        [data[:10], data[10:]],
        school.manager1,
        "text/csv",
    )

    assert status == 200, body
    assert (body["rows"], body["valid"]) == (2, 2)


def test_a_chunked_json_body_over_the_limit_is_refused_naming_the_body(system, school):
    chunk = b" " * (64 * 1024)
    chunks = [b'{"name": "x"'] + [chunk] * (MAX_BODY_BYTES // len(chunk) + 1) + [b"}"]

    status, body = send_chunked(system, "POST", "/api/v1/orgs", chunks, school.school_admin)

    assert refused(status, body, "_body")
    assert body["error"]["message"] == "the body is too large"


def test_a_chunked_upload_over_the_limit_is_refused_naming_file(system, school):
    chunk = b"0" * (256 * 1024)
    chunks = [b"PK\x03\x04"] + [chunk] * (MAX_UPLOAD_BYTES // len(chunk) + 1)

    status, body = send_chunked(
        system,
        "POST",
        "/api/v1/teachers/import?dry_run=true",
        chunks,
        school.manager1,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

    assert refused(status, body, "file")
    assert body["error"]["message"] == "the file is too large"


def test_a_body_in_a_transfer_coding_the_gateway_cannot_read_is_refused(system, school):
    address = urlsplit(system.base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.putrequest("POST", "/api/v1/orgs")
        connection.putheader("Authorization", f"Bearer {school.school_admin}")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Transfer-Encoding", "gzip, chunked")
        connection.endheaders()
        response = connection.getresponse()
        status, body = response.status, json.loads(response.read().decode("utf-8"))
    finally:
        connection.close()

    assert refused(status, body, "_body")
    assert set(body["error"]["fields"]) == {"_body"}  # not read as an empty body


# JSON nested too deep ------------------------------------------------------------
@pytest.mark.parametrize("depth", [40, 1000, 100_000])
def test_json_nested_too_deep_is_refused_before_login(system, depth):
    raw = b'{"username": ' + b"[" * depth + b"]" * depth + b', "password": "x"}'

    status, body = raw_post(system, "/api/v1/auth/login", raw)

    assert refused(status, body, "_body")


def test_json_nested_within_the_limit_still_reaches_the_service(system):
    raw = b'{"username": ' + b"[" * 20 + b"]" * 20 + b', "password": "x"}'

    status, body = raw_post(system, "/api/v1/auth/login", raw)

    assert refused(status, body, "username")  # the schema's answer: not a string


# text the system refuses -----------------------------------------------------------
def org_body(school, name) -> bytes:
    """An org body as JSON text with `name` spliced in as is (it may hold escapes)."""
    code = f"U{uuid.uuid4().hex[:6]}"
    return (
        f'{{"code": "{code}", "name": "{name}", "level": "unit", "parent_code": "{school.code}"}}'
    ).encode()


@pytest.mark.parametrize(
    "name", [r"\ud800", r"学院\udfff", r"a\u0000b", r"a\u202eb", r"a\u2066b", r"a\u0085b", r"a\nb"]
)
def test_an_org_name_with_a_refused_character_is_a_400_naming_name(system, school, name):
    status, body = raw_post(system, "/api/v1/orgs", org_body(school, name), school.school_admin)

    assert refused(status, body, "name")


def test_an_org_name_of_ordinary_text_is_still_created(system, school):
    status, body = raw_post(
        system, "/api/v1/orgs", org_body(school, "计算机　学院 (二)"), school.school_admin
    )

    assert status == 201, body
    assert body["name"] == "计算机　学院 (二)"


def test_a_surrogate_in_a_username_is_a_400_naming_username(system, school):
    raw = (
        b'{"username": "ab\\ud800c", "name": "x", "role": "info_manager", '
        b'"org_code": "' + school.unit1.encode() + b'"}'
    )
    assert refused(*raw_post(system, "/api/v1/accounts", raw, school.school_admin), "username")

    login = b'{"username": "admin\\ud800", "password": "whatever"}'
    assert refused(*raw_post(system, "/api/v1/auth/login", login), "username")


def test_a_refused_character_deep_in_a_body_is_named_by_its_path(system, school):
    person = {"name": "王五", "post": "组长", "phone": "13812345678", "qq": "", "note": ""}
    raw = json.dumps({"leader": person, "staff": person | {"name": "赵\u202e六"}}).encode()

    response = system.put(
        f"/api/v1/orgs/{school.unit1}/roster",
        school.school_admin,
        data=raw,
        headers={"Content-Type": "application/json"},
    )

    assert refused(response.status_code, response.json(), "staff.name")


def test_a_refused_character_in_the_query_is_a_400_naming_the_argument(system, school):
    response = system.get("/api/v1/teachers?unit_code=a%00b", school.manager1)

    assert refused(response.status_code, response.json(), "unit_code")


def test_a_path_value_the_rule_refuses_names_nothing(system, school):
    response = system.get("/api/v1/orgs/a%00b", school.school_admin)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
    assert "code" in response.json()["error"]["fields"]


def test_basic_info_refuses_the_same_characters(system, teacher):
    teacher_id, token = teacher
    raw = b'{"former_name": "a\\u202eb"}'
    response = system.put(
        f"/api/v1/teachers/{teacher_id}/sets/basic_info",
        token,
        data=raw,
        headers={"Content-Type": "application/json"},
    )

    assert refused(response.status_code, response.json(), "former_name")


# as_of ---------------------------------------------------------------------------
@pytest.mark.parametrize("as_of", ["99999999999999999999999", str(2**63)])
def test_an_as_of_position_out_of_range_is_a_400_naming_as_of(system, school, teacher, as_of):
    teacher_id, _ = teacher

    response = system.get(f"/api/v1/teachers/{teacher_id}?as_of={as_of}", school.manager1)

    assert refused(response.status_code, response.json(), "as_of")


def test_the_largest_as_of_position_reads_the_record_as_it_stands(system, school, teacher):
    teacher_id, _ = teacher

    response = system.get(f"/api/v1/teachers/{teacher_id}?as_of={2**63 - 1}", school.manager1)

    assert response.status_code == 200, response.text
    assert response.json()["as_of"] == str(2**63 - 1)


@pytest.mark.parametrize("as_of", ["9999-12-31T23:59:59-23:00", "0001-01-01T00:00:00+01:00"])
def test_an_as_of_time_out_of_range_is_a_400_naming_as_of(system, school, teacher, as_of):
    teacher_id, _ = teacher

    response = system.get(
        f"/api/v1/teachers/{teacher_id}", school.manager1, params={"as_of": as_of}
    )

    assert refused(response.status_code, response.json(), "as_of")
