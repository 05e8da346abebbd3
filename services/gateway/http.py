"""HTTP plumbing of the gateway: JSON in and out, the error shape, bearer tokens,
files in (the raw body) and out (a download).

Every answer is JSON (`application/json; charset=utf-8`, UTF-8 as is) but file
downloads; every error is `{"error": {"code", "message", "fields"}}` with the status that
`shared.errors.http_status` gives its type.
"""
import base64
import json
import logging
from urllib.parse import quote

import eventlet
from kombu.exceptions import OperationalError
from nameko.exceptions import (BadRequest, ContainerBeingKilled, RemoteError, RpcTimeout,
                               UnknownService)
from werkzeug.wrappers import Response

from shared.errors import DomainError, Unauthorized, ValidationError, http_status
from shared.rpc import load

log = logging.getLogger(__name__)

JSON_TYPE = "application/json; charset=utf-8"
MAX_BODY_BYTES = 1024 * 1024
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a file sent as the body (route.upload)
# a service that is down, missing, too slow, broken, or speaks another contract
UNAVAILABLE = (RemoteError, UnknownService, RpcTimeout, eventlet.Timeout, BadRequest,
               ContainerBeingKilled, OperationalError, ConnectionError)


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
        return json_response(error_body(exc.code, exc.message, exc.fields),
                             http_status(exc), headers)
    if isinstance(exc, UNAVAILABLE):
        log.warning("a service is unavailable: %r", exc)
        return json_response(error_body(
            "SERVICE_UNAVAILABLE", "a service did not answer; try again shortly"), 503)
    log.error("unexpected error in the gateway", exc_info=exc)
    return json_response(error_body("INTERNAL", "internal error; it has been logged"), 500)


def read_json(request) -> dict:
    """The request body as a JSON object; an empty body is `{}`."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        raise ValidationError("the body is too large", {"_body": ["at most 1 MiB"]})
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationError("the body is not valid JSON",
                              {"_body": [f"not valid UTF-8 JSON: {exc}"]}) from None
    if not isinstance(body, dict):
        raise ValidationError("the body must be a JSON object", {"_body": ["expected an object"]})
    return body


def read_query(request, schema_class) -> dict:
    """Query arguments loaded with a schema; arguments not given are left out."""
    data = load(schema_class(), request.args.to_dict())
    return {name: value for name, value in data.items() if value is not None}


def read_upload(request, media_types) -> dict:
    """A file sent as the raw body with its media type: `{"content": base64, "media_type"}`
    (files cross RPC base64-encoded). Errors name `file`."""
    media_type = (request.mimetype or "").lower()
    if media_type not in media_types:
        raise ValidationError("send the file as the body with its Content-Type", {"file": [
            f"Content-Type 应为 {' 或 '.join(media_types)} (unsupported media type)"]})
    too_large = f"文件不能超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB (the file is too large)"
    if (request.content_length or 0) > MAX_UPLOAD_BYTES:
        raise ValidationError("the file is too large", {"file": [too_large]})
    raw = request.stream.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ValidationError("the file is too large", {"file": [too_large]})
    if not raw:
        raise ValidationError("the file is empty", {"file": ["文件为空 (the body is empty)"]})
    return {"content": base64.b64encode(raw).decode("ascii"), "media_type": media_type}


def file_response(answer: dict, status: int = 200) -> Response:
    """A service's file answer (`{filename, media_type, content}`, content base64) as a
    download: the bytes with their media type and a `Content-Disposition` filename."""
    name = answer["filename"]
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_"
                       for c in name)
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    return Response(base64.b64decode(answer["content"]), status=status,
                    mimetype=answer["media_type"], headers={"Content-Disposition": disposition})


def bearer_token(request) -> str:
    """The token of `Authorization: Bearer <token>`, or Unauthorized."""
    scheme, _, token = (request.headers.get("Authorization") or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("an `Authorization: Bearer <token>` header is required")
    return token.strip()
