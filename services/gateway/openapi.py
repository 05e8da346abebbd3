"""The OpenAPI 3.0 document of the gateway, built from `routes.ROUTES` alone.

apispec's MarshmallowPlugin turns the marshmallow schemas (the services' own input
schemas and the gateway's answer schemas) into JSON Schema. The schemas are the one
source; what apispec alone would get wrong is corrected in how they are converted
(`attribute_functions` below), so the document accepts exactly what the server accepts:

- patterns are Python regular expressions, the document's are ECMA 262: `\\A` and `\\Z`
  become `^` and `$`, and `\\s` / `\\S` spell out Python's whitespace (which holds
  U+001C–U+001F and U+0085, unlike ECMA's);
- a Decimal field's range is a number, not the field's text form;
- text that comes in keeps to the one text rule (`shared.text`): no control or bidi
  characters, and in one-line text (`Text` fields, query arguments and path values) no
  tab or line breaks either (`not` a pattern of them); lone surrogates cannot be spelled
  in a pattern, and the document says so in words;
- a rule over several fields (a `@validates_schema`) has no field to be read from: the
  schema states it next to the validator as `Meta.openapi`, JSON Schema merged into the
  schema's component (`Plugin`).

Every status a route can answer is documented (`statuses`), each with the error shape,
and every answer carries `X-Request-Id`.
"""

import functools
import re
from http import HTTPStatus
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from marshmallow import INCLUDE, fields

from contracts import accounts
from services.gateway import schemas
from services.gateway.routes import ROUTES, Route

TITLE = "Teacher information system API"
VERSION = "1.0.0"
BINARY = {"type": "string", "format": "binary"}
REQUEST_ID = {
    "description": (
        "the request's correlation id: the client's X-Request-Id when it is up to 64 letters,"
        " digits and ._:- (starting with a letter or digit), else a new one"
    ),
    "schema": {"type": "string"},
}
DISPOSITION = {
    "description": "attachment; filename=...; filename*=UTF-8''...",
    "required": True,
    "schema": {"type": "string"},
}


def statuses(route: Route) -> list[int]:
    """Every status the route can answer besides its success."""
    found = set(route.errors) | {500, 503}  # a defect; a service down or too slow
    if route.auth:  # no or a bad token; a role that may not, an initial password
        found |= {401, 403}
    if (
        route.body is not None
        or route.query is not None
        or route.upload
        or route.path_params
        or route.method != "GET"
    ):
        found.add(400)
    if route.path_params:  # a value that names nothing (or nothing in the caller's scope)
        found.add(404)
    if route.method != "GET":  # a concurrent write, or a repeat whose first answer was lost
        found.add(409)
    return sorted(found)


# Python whitespace (what `\s` matches in a str pattern, and str.strip() strips)
PY_SPACE = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"


def ecma_pattern(pattern: str) -> str:
    """A Python pattern as the same ECMA 262 pattern (for the escapes the schemas use)."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escape = pattern[i + 1]
            if escape == "s":
                out.append(PY_SPACE if in_class else f"[{PY_SPACE}]")
            elif escape == "S" and not in_class:
                out.append(f"[^{PY_SPACE}]")
            elif escape == "Z" and not in_class:
                out.append("$")
            elif escape == "A" and not in_class:
                out.append("^")
            else:
                out.append(char + escape)
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":  # a literal ] first in the class
                out.append("]")
                i += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        i += 1
    return "".join(out)


# what the text rule refuses (shared.text), as ECMA 262 classes
MULTILINE_REFUSED = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]"
ONE_LINE_REFUSED = "[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]"
ONE_LINE = {"not": {"pattern": ONE_LINE_REFUSED}}


def text_rule(self, field, ret, **kwargs) -> dict:
    """Input text keeps to the text rule; answers are not held to it here."""
    answer = getattr(getattr(field.parent, "opts", None), "unknown", None) == INCLUDE
    if answer or not isinstance(field, fields.String) or "enum" in ret:
        return {}
    return {
        "not": {
            "pattern": ONE_LINE_REFUSED
            if getattr(field, "multiline", True) is False
            else MULTILINE_REFUSED
        }
    }


def patterns_as_ecma(self, field, ret, **kwargs) -> dict:
    return {"pattern": ecma_pattern(ret["pattern"])} if "pattern" in ret else {}


def decimal_range_as_numbers(self, field, ret, **kwargs) -> dict:
    if not isinstance(field, fields.Decimal):
        return {}
    numbers = {}
    for validator in field.validators:
        for bound, name in (("min", "minimum"), ("max", "maximum")):
            value = getattr(validator, bound, None)
            if value is not None and name in ret:
                numbers[name] = int(value) if float(value).is_integer() else float(value)
    return numbers


class Plugin(MarshmallowPlugin):
    """apispec's marshmallow plugin, adding a schema's `Meta.openapi` to its component."""

    # the marshmallow plugin's own signature, which already renames BasePlugin's
    # `definition` to `_` (apispec calls it positionally)
    def schema_helper(  # type: ignore[override]
        self, name: str, _: dict[str, Any], schema: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        json_schema: dict[str, Any] = super().schema_helper(name, _, schema=schema, **kwargs)
        if schema is not None:
            json_schema.update(
                getattr(getattr(resolve_schema_cls(schema), "Meta", None), "openapi", {})
            )
        return json_schema


IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string"},
    "description": "Repeat a command under the same key (per account) to get its first "
    "answer instead of acting twice; kept for a day. The first 80 "
    "characters count.",
}


IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string", "pattern": r'^(\*|(W/)?"?[0-9]{1,18}"?)$'},
    "description": "The entry's `version` as read: a change made by someone else since is "
    "refused with 409 STALE_VERSION instead of being overwritten.",
}


def operation_id(route: Route) -> str:
    return re.sub(r"\W+", "_", f"{route.method} {route.path}".lower()).strip("_")


def operation(route: Route) -> dict:
    parameters = [
        {
            "in": "path",
            "name": name,
            "required": True,
            "schema": {"type": "string", "minLength": 1, **ONE_LINE},
        }
        for name in route.path_params
    ]
    if route.query is not None:
        parameters.append({"in": "query", "schema": route.query})
    if route.method in ("POST", "PUT", "PATCH") and route.auth:
        parameters.append(IDEMPOTENCY_KEY)
    if route.method == "PUT" and "/sets/" in route.path:  # an entry's fields
        parameters.append(IF_MATCH)
    op: dict[str, Any] = {
        "operationId": operation_id(route),
        "summary": route.summary,
        "tags": [route.tag],
    }
    if parameters:
        op["parameters"] = parameters
    if route.body is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": route.body}},
        }
    if route.upload:  # a file as the raw body
        op["requestBody"] = {
            "required": True,
            "content": {
                media_type: {"schema": {**BINARY, "minLength": 1}} for media_type in route.upload
            },
        }
    success: dict[str, Any] = {
        "description": HTTPStatus(route.status).phrase,
        "headers": {"X-Request-Id": REQUEST_ID},
    }
    if route.answer is not None:
        success["content"] = {"application/json": {"schema": route.answer}}
    if route.produces:  # a download
        success["content"] = {media_type: {"schema": BINARY} for media_type in route.produces}
        success["headers"]["Content-Disposition"] = DISPOSITION
    op["responses"] = {str(route.status): success}
    op["responses"].update({str(status): f"Error{status}" for status in statuses(route)})
    if not route.auth:
        op["security"] = []
    return op


@functools.cache
def document() -> dict:
    marshmallow = Plugin()
    spec = APISpec(
        title=TITLE,
        version=VERSION,
        openapi_version="3.0.3",
        plugins=[marshmallow],
        security=[{"bearer": []}],
        info={
            "description": 'JSON in and out; errors as {"error": {code, message, fields}}. '
            "Text never holds a lone surrogate (U+D800-U+DFFF)."
        },
    )
    converter = marshmallow.converter
    if converter is None:  # APISpec gave the plugin its spec, which makes the converter
        raise RuntimeError("the marshmallow plugin has no converter")
    for rule in (patterns_as_ecma, decimal_range_as_numbers, text_rule):
        converter.add_attribute_function(rule)
    # an ISO 8601 date or time (a date also reads as its start, UTC)
    converter.map_to_openapi_type(accounts.UtcTime, "string", "date-time")
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=schemas.Error)
    for status in sorted({s for route in ROUTES for s in statuses(route)}):
        spec.components.response(
            f"Error{status}",
            {
                "description": HTTPStatus(status).phrase,
                "headers": {"X-Request-Id": REQUEST_ID},
                "content": {"application/json": {"schema": "Error"}},
            },
        )
    for route in ROUTES:
        spec.path(path=route.path, operations={route.method.lower(): operation(route)})
    return spec.to_dict()
