"""nameko's `@http` entrypoint, answering in the API's error shape also when no
endpoint matches (404, 405) or nameko refuses a request before the worker runs."""

import re

from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, WsgiApp
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import BaseConverter, Map, RequestRedirect
from werkzeug.wrappers import Request

from services.gateway.http import error_body, error_response, json_response, request_id
from shared import logs

HTTP_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def http_exception_response(exc: HTTPException):
    headers = None
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        headers = {"Allow": ", ".join(exc.valid_methods)}
    status = exc.code or 500  # werkzeug's own exceptions all have their code
    code = HTTP_CODES.get(status, "HTTP_ERROR")
    return json_response(error_body(code, exc.description or exc.name), status, headers)


def server_decodes_chunks(environ) -> bool:
    """Whether the body is chunked and the server (eventlet.wsgi) decodes it: then its
    input ends where the body ends, which werkzeug must be told (`wsgi.input_terminated`)
    before it reads a body without a Content-Length."""
    stream = environ.get("wsgi.input")
    return stream is environ.get("eventlet.input") and bool(getattr(stream, "chunked_input", False))


class JsonWsgiApp(WsgiApp):
    def __call__(self, environ, start_response):
        if server_decodes_chunks(environ):
            environ["wsgi.input_terminated"] = True
        request = Request(environ, shallow=True)
        # the request's id from here on, also for the access line the server writes after
        # the answer (in this green thread; the next request on the connection sets its own)
        correlation_id = request_id(request)
        logs.set_correlation(correlation_id)
        adapter = self.url_map.bind_to_environ(environ)
        try:
            provider, values = adapter.match()
            # where nameko's @http entrypoint takes a handler's path arguments from
            request.path_values = values  # type: ignore[attr-defined]
            response = provider.handle_request(request)
        except RequestRedirect as exc:  # e.g. a missing trailing slash
            response = exc
        except HTTPException as exc:
            response = http_exception_response(exc)
        if not isinstance(response, HTTPException):
            response.headers.setdefault("X-Request-Id", correlation_id)
        return response(environ, start_response)


class PathValue(BaseConverter):
    """A path value: one segment, but none of `reserved` (the literal segments of other
    routes at the same place, `routes.Route.rule`), so routing and the `Allow` of a 405
    name exactly the methods of the path the client meant."""

    def __init__(self, url_map, *reserved: str):
        super().__init__(url_map)
        if reserved:
            words = "|".join(re.escape(word) for word in reserved)
            self.regex = f"(?!(?:{words})\\Z)[^/]+"


class JsonWebServer(WebServer):
    def make_url_map(self):
        url_map = Map(converters={"value": PathValue})
        for provider in self._providers:
            rule = provider.get_url_rule()
            rule.endpoint = provider
            url_map.add(rule)
        return url_map

    def get_wsgi_app(self):
        return JsonWsgiApp(self)


class JsonHttpRequestHandler(HttpRequestHandler):
    server = JsonWebServer()

    def response_from_exception(self, exc):
        return error_response(exc)


http = JsonHttpRequestHandler.decorator
