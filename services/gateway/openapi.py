"""The OpenAPI 3.0 document of the gateway, built from `routes.ROUTES` alone.

apispec's MarshmallowPlugin turns the marshmallow schemas (the services' own
input schemas and the gateway's answer schemas) into JSON Schema.
"""
import functools
import re
from http import HTTPStatus

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from services.gateway import schemas
from services.gateway.routes import ROUTES, Route

TITLE = "Teacher information system API"
VERSION = "1.0.0"
# errors every route can answer, besides the ones its row names
AUTH_ERRORS = (401, 403)
ALWAYS = (500, 503)
BINARY = {"type": "string", "format": "binary"}


def error_statuses(route: Route) -> list[int]:
    found = set(route.errors) | set(ALWAYS)
    if route.auth:
        found |= set(AUTH_ERRORS)
    if (route.body is not None or route.query is not None or route.upload
            or route.method != "GET"):
        found.add(400)
    if route.path_params:
        found.add(404)
    return sorted(found)


IDEMPOTENCY_KEY = {
    "in": "header", "name": "Idempotency-Key", "required": False,
    "schema": {"type": "string", "maxLength": 80},
    "description": "Repeat a command under the same key (per account) to get its first "
                   "answer instead of acting twice; kept for a day."}


IF_MATCH = {
    "in": "header", "name": "If-Match", "required": False,
    "schema": {"type": "string", "pattern": r'^(\*|(W/)?"?[0-9]{1,18}"?)$'},
    "description": "The entry's `version` as read: a change made by someone else since is "
                   "refused with 409 STALE_VERSION instead of being overwritten."}


def operation_id(route: Route) -> str:
    return re.sub(r"\W+", "_", f"{route.method} {route.path}".lower()).strip("_")


def operation(route: Route) -> dict:
    parameters = [{"in": "path", "name": name, "required": True, "schema": {"type": "string"}}
                  for name in route.path_params]
    if route.query is not None:
        parameters.append({"in": "query", "schema": route.query})
    if route.method in ("POST", "PUT", "PATCH") and route.auth:
        parameters.append(IDEMPOTENCY_KEY)
    if route.method == "PUT" and "/sets/" in route.path:  # an entry's fields
        parameters.append(IF_MATCH)
    op = {"operationId": operation_id(route), "summary": route.summary, "tags": [route.tag]}
    if parameters:
        op["parameters"] = parameters
    if route.body is not None:
        op["requestBody"] = {"required": True,
                             "content": {"application/json": {"schema": route.body}}}
    if route.upload:  # a file as the raw body
        op["requestBody"] = {"required": True, "content": {
            media_type: {"schema": BINARY} for media_type in route.upload}}
    success = {"description": HTTPStatus(route.status).phrase}
    if route.answer is not None:
        success["content"] = {"application/json": {"schema": route.answer}}
    if route.produces:  # a download
        success["content"] = {media_type: {"schema": BINARY} for media_type in route.produces}
    op["responses"] = {str(route.status): success}
    op["responses"].update({str(status): f"Error{status}" for status in error_statuses(route)})
    if not route.auth:
        op["security"] = []
    return op


@functools.cache
def document() -> dict:
    spec = APISpec(title=TITLE, version=VERSION, openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()],
                   security=[{"bearer": []}],
                   info={"description": "JSON in and out; see API.md for the conventions."})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=schemas.Error)
    for status in sorted({s for route in ROUTES for s in error_statuses(route)}):
        spec.components.response(f"Error{status}", {
            "description": HTTPStatus(status).phrase,
            "content": {"application/json": {"schema": "Error"}}})
    for route in ROUTES:
        spec.path(path=route.path, operations={route.method.lower(): operation(route)})
    return spec.to_dict()
