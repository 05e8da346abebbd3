"""HTTP plumbing of the gateway: JSON in and out, the error shape, bearer tokens,
files in (the raw body) and out (a download).

Every answer is JSON (`application/json; charset=utf-8`, UTF-8 as is) but file
downloads; every error is `{"error": {"code", "message", "fields"}}` with the status that
`shared.errors.http_status` gives its type.

Input is checked before any service sees it: a body is read whole, with a Content-Length
or chunked, and counted against its limit while read; a JSON body nests at most
MAX_JSON_DEPTH levels; every string of a body or query holds to the one text rule
(`shared.text`: no lone surrogates, control or bidi characters), each refusal naming
its field (`name`, `leader.phone`, `rows.3.name`); a path value that breaks it names
nothing (404).
"""

import base64
import json
import logging
import re
import uuid
from urllib.parse import quote

import eventlet
from kombu.exceptions import OperationalError
from nameko.exceptions import (
    BadRequest,
    ContainerBeingKilled,
    RemoteError,
    RpcTimeout,
    UnknownService,
)
from werkzeug.wrappers import Response

from shared import text
from shared.errors import DomainError, NotFound, Unauthorized, ValidationError, http_status
from shared.schemas import load

log = logging.getLogger(__name__)

JSON_TYPE = "application/json; charset=utf-8"
MAX_BODY_BYTES = 1024 * 1024
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a file sent as the body (route.upload)
MAX_JSON_DEPTH = 32  # levels of objects and arrays in a JSON body, the body itself one
READ_SIZE = 64 * 1024
# a service that is down, missing, too slow, broken, or speaks another contract
UNAVAILABLE = (
    RemoteError,
    UnknownService,
    RpcTimeout,
    eventlet.Timeout,
    BadRequest,
    ContainerBeingKilled,
    OperationalError,
    ConnectionError,
)


# a client's request id is kept when it is short and safe to log and to send back
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
REQUEST_ID_KEY = "teacherinfo.request_id"  # where the request's id is kept in its environ


def request_id(request) -> str:
    """The request's id, chosen once: the client's `X-Request-Id` when it is up to 64
    letters, digits and `._:-` (starting with a letter or digit), otherwise a new uuid. It
    is the request's correlation id: in the call context of every RPC, in the metadata of
    every event appended for it, on every log line written for it (the server's access
    line too), and in the answer's `X-Request-Id`."""
    chosen = request.environ.get(REQUEST_ID_KEY)
    if chosen is None:
        raw = (request.headers.get("X-Request-Id") or "").strip()
        chosen = raw if REQUEST_ID.fullmatch(raw) else str(uuid.uuid4())
        request.environ[REQUEST_ID_KEY] = chosen
    return chosen


def json_response(payload, status: int = 200, headers: dict | None = None) -> Response:
    if status == 204:
        return Response(status=204, headers=headers)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, headers=headers, content_type=JSON_TYPE)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def error_response(exc: BaseException) -> Response:
    """The one mapping from an exception to an HTTP answer."""
    if isinstance(exc, DomainError):
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
        return json_response(
            error_body(exc.code, exc.message, exc.fields), http_status(exc), headers
        )
    if isinstance(exc, UNAVAILABLE):
        log.warning("a service is unavailable: %r", exc)
        return json_response(
            error_body("SERVICE_UNAVAILABLE", "a service did not answer; try again shortly"), 503
        )
    log.error("unexpected error in the gateway", exc_info=exc)
    return json_response(error_body("INTERNAL", "internal error; it has been logged"), 500)


def read_body(request, limit: int, name: str) -> bytes | None:
    """The whole body, or None when it is longer than `limit` bytes. It is counted while
    read, since a chunked body has no Content-Length. A body the server did not decode
    (a transfer coding other than chunked) is refused, never taken for an empty one;
    errors name `name`."""
    if (request.content_length or 0) > limit:
        return None
    environ = request.environ
    if environ.get("HTTP_TRANSFER_ENCODING") and not environ.get("wsgi.input_terminated"):
        raise ValidationError(
            "the body's transfer coding is not supported",
            {
                name: [
                    "请以 Content-Length 或 chunked 发送 (send the body with a Content-Length "
                    "or chunked)"
                ]
            },
        )
    stream, parts, size = request.stream, [], 0
    try:
        while size <= limit:
            part = stream.read(min(READ_SIZE, limit + 1 - size))
            if not part:
                break
            parts.append(part)
            size += len(part)
    except (OSError, ValueError):  # a broken chunked encoding, a client gone
        raise ValidationError(
            "the body could not be read",
            {name: ["请求体不完整或分块编码有误 (the body is cut short or badly chunked)"]},
        ) from None
    return None if size > limit else b"".join(parts)


def read_json(request) -> dict:
    """The request body as a JSON object; an empty body is `{}`. Refused (400 naming
    `_body`): too large, not UTF-8 JSON, not an object, nested too deeply; and naming the
    field: a string that breaks the text rule."""
    raw = read_body(request, MAX_BODY_BYTES, "_body")
    if raw is None:
        raise ValidationError("the body is too large", {"_body": ["at most 1 MiB"]})
    if not raw.strip():
        return {}
    too_deep = ValidationError(
        "the body is nested too deeply",
        {
            "_body": [
                f"JSON 嵌套不能超过 {MAX_JSON_DEPTH} 层"
                f" (at most {MAX_JSON_DEPTH} levels of nesting)"
            ]
        },
    )
    try:
        body = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise too_deep from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(
            "the body is not valid JSON", {"_body": [f"not valid UTF-8 JSON: {exc}"]}
        ) from None
    if not isinstance(body, dict):
        raise ValidationError("the body must be a JSON object", {"_body": ["expected an object"]})
    if text.depth(body) > MAX_JSON_DEPTH:
        raise too_deep
    check_text(text.problems(body, multiline=True))
    return body


def check_text(refused: dict):
    """A ValidationError naming every field whose text breaks the rule, if any."""
    if refused:
        raise ValidationError(f"invalid text: {', '.join(sorted(refused))}", refused)


def read_query(request, schema_class) -> dict:
    """Query arguments loaded with a schema; arguments not given are left out. The
    arguments the schema knows are one-line text."""
    schema = schema_class()
    arguments = request.args.to_dict()
    known = {field.data_key or name for name, field in schema.load_fields.items()}
    check_text(text.problems({k: v for k, v in arguments.items() if k in known}, multiline=False))
    data = load(schema, arguments)
    return {name: value for name, value in data.items() if value is not None}


def check_path(values: dict):
    """The path's values (`{code}`, `{teacher_id}`) name things, and nothing is ever named
    with text the rule refuses: such a value answers 404, as a name that does not exist,
    without asking any service."""
    refused = text.problems(values, multiline=False)
    if refused:
        raise NotFound(f"nothing is named so: {', '.join(sorted(refused))}", refused)


def read_upload(request, media_types) -> dict:
    """A file sent as the raw body with its media type: `{"content": base64, "media_type"}`
    (files cross RPC base64-encoded). Errors name `file`."""
    media_type = (request.mimetype or "").lower()
    if media_type not in media_types:
        raise ValidationError(
            "send the file as the body with its Content-Type",
            {"file": [f"Content-Type 应为 {' 或 '.join(media_types)} (unsupported media type)"]},
        )
    too_large = f"文件不能超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB (the file is too large)"
    raw = read_body(request, MAX_UPLOAD_BYTES, "file")
    if raw is None:
        raise ValidationError("the file is too large", {"file": [too_large]})
    if not raw:
        raise ValidationError("the file is empty", {"file": ["文件为空 (the body is empty)"]})
    return {"content": base64.b64encode(raw).decode("ascii"), "media_type": media_type}


def file_response(answer: dict, status: int = 200) -> Response:
    """A service's file answer (`{filename, media_type, content}`, content base64) as a
    download: the bytes with their media type and a `Content-Disposition` filename."""
    name = answer["filename"]
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in name
    )
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    return Response(
        base64.b64decode(answer["content"]),
        status=status,
        mimetype=answer["media_type"],
        headers={"Content-Disposition": disposition},
    )


def bearer_token(request) -> str:
    """The token of `Authorization: Bearer <token>`, or Unauthorized."""
    scheme, _, token = (request.headers.get("Authorization") or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("an `Authorization: Bearer <token>` header is required")
    return token.strip()
