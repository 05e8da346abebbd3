"""`@endpoint(method, path)`: what every gateway endpoint does around its RPC.

It finds the route in `routes.ROUTES`, registers nameko's @http entrypoint,
sets the correlation id and the client's address, authenticates the bearer
token and puts the caller into the call context before any other service is
called, refuses callers who must change their initial password first, reads
and checks the body and query, and turns the result (or the error) into a JSON
answer. The endpoint itself gets the path values and, where the route has
them, `body`, `query` and `file` (a file sent as the raw body); it may return a
werkzeug Response (a download).
"""

import functools
from dataclasses import fields

import eventlet
from nameko.exceptions import RpcTimeout
from werkzeug.wrappers import Response

from services.gateway import routes
from services.gateway.http import (
    bearer_token,
    check_path,
    error_response,
    json_response,
    read_json,
    read_query,
    read_upload,
    request_id,
)
from services.gateway.web import http
from shared.caller import Caller
from shared.config import settings
from shared.errors import PasswordChangeRequired, ValidationError
from shared.schemas import load

CALLER_FIELDS = {f.name for f in fields(Caller)}


def endpoint(method: str, path: str):
    route = routes.find(method, path)

    def decorate(fn):
        @functools.wraps(fn)
        def handle(self, request, **path_values):
            try:
                # a service that is down answers 503 within GATEWAY_RPC_TIMEOUT, not after a
                # long hang; slow routes (sheet imports) set their own `timeout`
                timeout = route.timeout or settings().gateway_rpc_timeout
                with eventlet.Timeout(timeout, RpcTimeout(f"{route.method} {route.path}")):
                    result = fn(self, **prepare(self, route, request, path_values))
                if not isinstance(result, Response):
                    result = json_response(result, route.status)
            except Exception as exc:  # every error becomes the API's error shape
                result = error_response(exc)
            result.headers["X-Request-Id"] = self.context.correlation_id
            return result

        return http(route.method, route.rule)(handle)

    return decorate


def prepare(service, route, request, path_values) -> dict:
    """Set the call context and read the input: the endpoint's keyword arguments."""
    service.context.set_correlation_id(request_id(request))
    service.context.set_client(client_address(request))
    if route.auth:
        authenticate(service, request, route)
    service.context.set_idempotency_key(idempotency_key(service, request))
    service.context.set_if_match(if_match(request))
    check_path(path_values)
    arguments = dict(path_values)
    if route.body is not None:
        arguments["body"] = read_json(request)
        if isinstance(route.body, type):  # a schema: bad input is refused before any RPC
            load(route.body(), arguments["body"])
    if route.query is not None:
        arguments["query"] = read_query(request, route.query)
    if route.upload:
        arguments["file"] = read_upload(request, route.upload)
    return arguments


def if_match(request) -> int | None:
    """The entry version of `If-Match: "3"` (also `W/"3"` or `3`); `*` or no header: None."""
    raw = (request.headers.get("If-Match") or "").strip()
    if raw in ("", "*"):
        return None
    value = raw[2:] if raw.startswith("W/") else raw
    value = value.strip('"')
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise ValidationError(
            'If-Match: the version of the entry as read, e.g. "3"',
            {"If-Match": ["应为读取时的版本号 (the entry's version as read)"]},
        )
    return int(value)


def idempotency_key(service, request) -> str | None:
    """The client's `Idempotency-Key`, kept apart per account (so one caller's key never
    answers another's request); without one, None: the service draws a key per request,
    which a redelivered RPC carries again."""
    key = (request.headers.get("Idempotency-Key") or "").strip()[:80]
    caller = service.context.caller
    if not key or caller is None:
        return None
    return f"{caller.account_id}:{key}"


def client_address(request) -> str | None:
    """The client's address: the peer's; with TRUST_FORWARDED_FOR on (only behind a proxy
    that appends to X-Forwarded-For), the last address there, the one that proxy saw."""
    if settings().trust_forwarded_for:
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.remote_addr


def caller_from(data: dict) -> Caller:
    known = {name: value for name, value in data.items() if name in CALLER_FIELDS}
    return Caller(**known | {"org_path": tuple(known.get("org_path") or ())})


def authenticate(service, request, route):
    answer = service.accounts.authenticate(bearer_token(request))
    service.context.set_caller(caller_from(answer["caller"]))
    if answer["must_change_password"] and not route.before_password_change:
        raise PasswordChangeRequired(
            "change the initial password first (POST /api/v1/auth/password)"
        )
