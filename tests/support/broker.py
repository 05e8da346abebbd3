"""A RabbitMQ vhost of one's own on the machine's broker, made through the management
API (`RABBITMQ_MANAGEMENT_URL`, default http://guest:guest@127.0.0.1:15672), so that a
test session or a benchmark never meets another's queues; and free ports."""

import base64
import json
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid

DEFAULT_MANAGEMENT_URL = "http://guest:guest@127.0.0.1:15672"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _management(method: str, url: str, body=None) -> int:
    """One call of the management API; the user and password are those of the URL."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    request = urllib.request.Request(
        urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")),
        method=method,
        data=None if body is None else json.dumps(body).encode(),
    )
    user = urllib.parse.unquote(parts.username or "guest")
    password = urllib.parse.unquote(parts.password or "guest")
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    request.add_header("Authorization", f"Basic {token}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status


class PrivateVhost:
    """`create()` makes a vhost named `<prefix><8 hex digits>` on the broker of
    `base_uri`, lets the URI's user (guest by default) do everything in it and returns its
    URI; `delete()` removes it with its queues. When the management API does not answer,
    `create()` returns `base_uri` itself, `name` stays None and `error` says why.
    As a context manager: create on entry (giving the URI), delete on exit."""

    def __init__(self, base_uri: str, prefix: str = "teacherinfo-", management: str | None = None):
        self.base_uri = base_uri
        self.prefix = prefix
        self.management = (
            management or os.environ.get("RABBITMQ_MANAGEMENT_URL", DEFAULT_MANAGEMENT_URL)
        ).rstrip("/")
        self.name: str | None = None
        self.error: Exception | None = None
        self.uri = base_uri

    def _url(self, *parts: str) -> str:
        return "/".join([self.management, "api", *(urllib.parse.quote(p, safe="") for p in parts)])

    def create(self) -> str:
        amqp = urllib.parse.urlsplit(self.base_uri)
        user = urllib.parse.unquote(amqp.username or "guest")
        name = f"{self.prefix}{uuid.uuid4().hex[:8]}"
        try:
            _management("PUT", self._url("vhosts", name))
            self.name = name
            _management(
                "PUT",
                self._url("permissions", name, user),
                {"configure": ".*", "write": ".*", "read": ".*"},
            )
        except (urllib.error.URLError, OSError, ValueError) as exc:
            self.error = exc
            self.delete()
            return self.uri
        self.uri = urllib.parse.urlunsplit(
            (amqp.scheme, amqp.netloc, "/" + urllib.parse.quote(name, safe=""), amqp.query, "")
        )
        return self.uri

    def delete(self) -> None:
        """Remove the vhost, if there is one; an error is kept in `error`, not raised."""
        if self.name is None:
            return
        try:
            _management("DELETE", self._url("vhosts", self.name))
        except (urllib.error.URLError, OSError) as exc:
            self.error = exc
        self.name = None
        self.uri = self.base_uri

    def __enter__(self) -> str:
        return self.create()

    def __exit__(self, *exc_info) -> None:
        self.delete()
