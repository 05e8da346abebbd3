"""The gateway reads every body whole (with a Content-Length or chunked) within its limit,
refuses JSON nested too deeply, and holds every string of a body and query to the text
rule, each refusal a 400 naming the field (a path value the rule refuses is a 404). No
broker: werkzeug requests."""

import io
import json
from types import SimpleNamespace
from unittest.mock import MagicMock

import pytest
from eventlet.wsgi import Input
from nameko.testing.services import worker_factory
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from services.gateway import http, web
from services.gateway.schemas import TeacherListQuery
from services.gateway.service import GatewayService
from shared import errors
from shared.rpc import CallContext

pytestmark = pytest.mark.unit

CSV = "text/csv"


class Trickle(io.RawIOBase):
    """A stream that hands out a few bytes per read, as a socket may."""

    def __init__(self, data: bytes, step=3, fail_after=None):
        self.data, self.step, self.fail_after, self.read_so_far = data, step, fail_after, 0

    def readable(self):
        return True

    def read(self, size=-1):
        if self.fail_after is not None and self.read_so_far >= self.fail_after:
            raise ValueError("invalid literal for int() with base 16")  # a bad chunk size
        size = self.step if size is None or size < 0 else min(size, self.step)
        part = self.data[self.read_so_far : self.read_so_far + size]
        self.read_so_far += len(part)
        return part


def chunked_request(
    data: bytes = b"", content_type="application/json", terminated=True, stream=None
) -> Request:
    """A request as the gateway sees a chunked one: no Content-Length, and the input
    ending where the body ends when the server decoded the chunks."""
    environ = EnvironBuilder(
        method="POST",
        path="/x",
        headers={"Content-Type": content_type, "Transfer-Encoding": "chunked"},
    ).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input"] = stream or Trickle(data, step=4096)
    if terminated:
        environ["wsgi.input_terminated"] = True
    return Request(environ)


def request(body=b"", query=None) -> Request:
    return Request(
        EnvironBuilder(method="POST", path="/x", data=body, query_string=query).get_environ()
    )


def refusal(call, *args) -> dict:
    with pytest.raises(errors.ValidationError) as caught:
        call(*args)
    assert http.error_response(caught.value).status_code == 400
    return caught.value.fields


# reading the body -------------------------------------------------------------------
def test_a_chunked_json_body_is_read():
    assert http.read_json(chunked_request('{"former_name": "李 X"}'.encode())) == {
        "former_name": "李 X"
    }


def test_a_chunked_upload_is_read():
    upload = http.read_upload(chunked_request(b"a,b\r\n1,2\r\n", CSV), (CSV,))
    assert upload["content"] == "YSxiDQoxLDINCg=="


def test_a_body_that_arrives_a_few_bytes_at_a_time_is_read_whole():
    body = json.dumps({"name": "数学学院" * 500}).encode()
    assert http.read_json(chunked_request(stream=Trickle(body)))["name"] == "数学学院" * 500


def test_a_body_the_server_did_not_decode_is_refused_not_read_as_empty():
    assert "_body" in refusal(http.read_json, chunked_request(b'{"a": 1}', terminated=False))
    assert "file" in refusal(
        http.read_upload, chunked_request(b"a,b", CSV, terminated=False), (CSV,)
    )


def test_a_chunked_body_over_the_limit_is_refused_while_read():
    stream = Trickle(b"{" + b" " * (2 * http.MAX_BODY_BYTES) + b"}", step=64 * 1024)
    assert "_body" in refusal(http.read_json, chunked_request(stream=stream))
    assert stream.read_so_far <= http.MAX_BODY_BYTES + 64 * 1024  # not read to the end

    upload = chunked_request(b"x" * (http.MAX_UPLOAD_BYTES + 1), CSV)
    assert "file" in refusal(http.read_upload, upload, (CSV,))


def test_a_chunked_body_at_the_limit_is_read():
    raw = b'{"a": "' + b"x" * (http.MAX_BODY_BYTES - 10) + b'"}'
    assert len(http.read_json(chunked_request(raw))["a"]) == http.MAX_BODY_BYTES - 10


def test_a_body_badly_chunked_is_a_400_not_a_500():
    stream = Trickle(b'{"a": "b"}', fail_after=3)
    assert "_body" in refusal(http.read_json, chunked_request(stream=stream))


def test_the_gateway_tells_werkzeug_when_the_server_decoded_the_chunks():
    chunked = Input(io.BytesIO(b"0\r\n\r\n"), None, None, chunked_input=True)
    plain = Input(io.BytesIO(b""), 0, None)
    assert web.server_decodes_chunks({"wsgi.input": chunked, "eventlet.input": chunked})
    assert not web.server_decodes_chunks({"wsgi.input": plain, "eventlet.input": plain})
    assert not web.server_decodes_chunks({"wsgi.input": io.BytesIO(b"")})


# JSON nesting -----------------------------------------------------------------------
def nested(depth: int) -> bytes:
    return b'{"a": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"


@pytest.mark.parametrize("depth", [http.MAX_JSON_DEPTH + 1, 1000, 100_000])
def test_json_nested_deeper_than_the_limit_is_refused_naming_the_body(depth):
    assert set(refusal(http.read_json, request(nested(depth)))) == {"_body"}


def test_json_nested_to_the_limit_is_read():
    assert http.read_json(request(nested(http.MAX_JSON_DEPTH)))["a"]


# text -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw,field",
    [
        (rb'{"name": "\ud800"}', "name"),
        (rb'{"name": "a\u0000b"}', "name"),
        (rb'{"name": "a\u202eb"}', "name"),
        (
            rb'{"rows": [{"name": "ok"}, {"name": "ok"}, {"name": "ok"}, {"name": "\u2067"}]}',
            "rows.3.name",
        ),
        (rb'{"leader": {"phone": "\u0085"}}', "leader.phone"),
    ],
)
def test_a_refused_string_anywhere_in_the_body_is_named_by_its_path(raw, field):
    fields = refusal(http.read_json, request(raw))
    assert list(fields) == [field]
    json.dumps(fields, ensure_ascii=False).encode("utf-8")  # the answer can be sent


def test_the_body_may_hold_tabs_and_line_breaks_the_schemas_decide_where():
    assert http.read_json(request('{"reason": "一\\n二\\t三"}'.encode())) == {
        "reason": "一\n二\t三"
    }


def test_query_arguments_the_schema_knows_are_one_line_text():
    fields = refusal(http.read_query, request(query="unit_code=a%00b"), TeacherListQuery)
    assert list(fields) == ["unit_code"]
    assert "unit_code" in refusal(
        http.read_query, request(query="unit_code=a%E2%80%AEb"), TeacherListQuery
    )
    assert http.read_query(request(query="limit=5&junk=%00"), TeacherListQuery) == {"limit": 5}


def test_a_path_value_the_rule_refuses_names_nothing_and_no_service_is_asked():
    accounts = MagicMock()
    accounts.authenticate.return_value = {
        "caller": {
            "account_id": "a1",
            "username": "u1",
            "role": "system_admin",
            "org_code": "p",
            "org_path": ["p"],
            "teacher_id": None,
        },
        "must_change_password": False,
    }
    context = CallContext(SimpleNamespace(data={}, call_id="gateway.call.1"))
    service = worker_factory(GatewayService, accounts=accounts, context=context)
    environ = EnvironBuilder(method="GET", headers={"Authorization": "Bearer t"}).get_environ()

    response = service.get_org(Request(environ), code="a\x00b")

    error = json.loads(response.get_data())["error"]
    assert (response.status_code, error["code"], list(error["fields"])) == (
        404,
        "NOT_FOUND",
        ["code"],
    )
    accounts.get_org.assert_not_called()
