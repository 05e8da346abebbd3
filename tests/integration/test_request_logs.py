"""A request's id on the log lines of every service that handles it, and in the metadata
of the events it appends: the five services in one process of their own
(`python -m deploy.service_main ...`, as a container runs them) with LOG_FORMAT=json, on a
vhost and SQLite files of their own, their output captured."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
import requests
from helpers import Api, new_institution_code, wait_until
from private_broker import PrivateBroker

from shared import config
from tests.support import REPO
from tests.support.broker import PrivateVhost, free_port
from tests.support.services import SERVICES

ADMIN_PASSWORD = "Admin-pass-2026"


def own_vhost():
    """A vhost of this test's own on the machine's broker (management API), else a
    broker of its own; yields its URI."""
    vhost = PrivateVhost(config.amqp_uri(), prefix="ti-logs-")
    uri = vhost.create()
    if vhost.name is not None:
        try:
            yield uri
        finally:
            vhost.delete()
        return
    broker = PrivateBroker().start()
    try:
        yield broker.add_vhost("ti-logs")
    finally:
        broker.stop()


class Process:
    def __init__(self, amqp_uri: str):
        self.amqp_uri = amqp_uri
        self.folder = Path(tempfile.mkdtemp(prefix="ti-logs-"))
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.endswith("_DATABASE_URL")}
        env.update(
            AMQP_URI=amqp_uri,
            DATA_DIR=str(self.folder),
            GATEWAY_PORT=str(self.port),
            ADMIN_PASSWORD=ADMIN_PASSWORD,
            PYTHONPATH=str(REPO),
            LOG_FORMAT="json",
            LOG_LEVEL="INFO",
        )
        self.stderr_path = self.folder / "stderr.log"
        self.stdout_path = self.folder / "stdout.log"
        with open(self.stderr_path, "w") as err, open(self.stdout_path, "w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "deploy.service_main", *SERVICES],
                cwd=str(REPO),
                env=env,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
            )
        self.api = Api(f"http://127.0.0.1:{self.port}")

    def up(self) -> bool:
        try:
            answer = self.api.post(
                "/api/v1/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}
            )
        except requests.RequestException:
            return False
        return answer.status_code == 200

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(timeout=5)

    def lines(self) -> list[str]:
        return self.stderr_path.read_text("utf-8").splitlines()


@pytest.fixture(scope="module")
def process():
    vhost = own_vhost()
    running = Process(next(vhost))
    try:
        try:
            wait_until(running.up, timeout=90, interval=0.5, message="the services' process")
        except AssertionError as exc:
            tail = "\n".join(running.lines()[-20:])
            raise AssertionError(f"{exc}; its last lines:\n{tail}") from None
        yield running
    finally:
        running.stop()
        vhost.close()
        shutil.rmtree(running.folder, ignore_errors=True)


def test_a_request_id_is_on_the_log_lines_of_each_service_that_handles_it(process):
    api = process.api
    bad_token = api.get("/api/v1/me", "not-a-token", headers={"X-Request-Id": "log-cid-bad-token"})
    assert bad_token.status_code == 401
    assert bad_token.headers["X-Request-Id"] == "log-cid-bad-token"
    admin = api.login("admin", ADMIN_PASSWORD)
    missing = api.get(
        f"/api/v1/teachers/{uuid.uuid4()}", admin, headers={"X-Request-Id": "log-cid-no-record"}
    )
    assert missing.status_code == 404
    assert missing.headers["X-Request-Id"] == "log-cid-no-record"
    unsafe = api.get("/api/v1/me", admin, headers={"X-Request-Id": "two words"})
    assert unsafe.status_code == 200 and unsafe.headers["X-Request-Id"] != "two words"

    def found():
        entries = [json.loads(line) for line in process.lines() if line.strip()]
        seen = {(e["service"], e["correlation_id"]) for e in entries}
        seen |= {(e["logger"], e["correlation_id"]) for e in entries}
        return (
            seen
            >= {
                ("accounts", "log-cid-bad-token"),
                ("records", "log-cid-no-record"),
                ("nameko.web.server", "log-cid-bad-token"),
                ("nameko.web.server", "log-cid-no-record"),
            }
            and entries
        )

    entries = wait_until(found, timeout=10, message="the services' log lines")
    # every line is one JSON object with every field
    for entry in entries:
        assert {"time", "level", "logger", "message", "service", "correlation_id"} <= set(entry)

    def lines_of(correlation_id):
        mine = [e for e in entries if e["correlation_id"] == correlation_id]
        access = [e for e in mine if e["logger"] == "nameko.web.server"]
        return [e for e in mine if e not in access], access

    by_accounts, access = lines_of("log-cid-bad-token")
    assert {e["service"] for e in by_accounts} == {"accounts"}
    assert any("authenticate" in e["message"] for e in by_accounts)
    # the gateway's access line for the request carries it too
    assert len(access) == 1 and '"GET /api/v1/me HTTP/1.1" 401' in access[0]["message"]
    by_records, access = lines_of("log-cid-no-record")
    assert {e["service"] for e in by_records} == {"records"}
    assert len(access) == 1 and " 404 " in access[0]["message"]
    # a refusal stays on one line: no traceback for an expected answer
    assert all("exc_info" not in e for e in by_accounts + by_records)
    # what comes from no request names the process's services and no request
    started = [e for e in entries if e["logger"] == "deploy.service_main"]
    assert started and started[0]["correlation_id"] is None
    assert started[0]["service"] == ", ".join(SERVICES)


def test_the_events_a_request_appends_carry_its_id(process):
    from nameko.standalone.rpc import ClusterRpcProxy

    api = process.api
    admin = api.login("admin", ADMIN_PASSWORD)
    code = f"L{uuid.uuid4().hex[:6]}"
    created = api.post(
        "/api/v1/orgs",
        admin,
        headers={"X-Request-Id": "log-cid-new-school"},
        json={
            "code": code,
            "name": "日志大学",
            "level": "school",
            "parent_code": "province",
            "institution_code": new_institution_code(),
        },
    )
    assert created.status_code == 201, created.text
    rpc_config = {"AMQP_URI": process.amqp_uri, "serializer": "json"}
    with ClusterRpcProxy(rpc_config, timeout=30) as rpc:
        events = rpc.accounts.events_since(0, 500)
    mine = [e for e in events if e["data"].get("code") == code]
    assert [e["type"] for e in mine] == ["OrgCreated"]
    assert mine[0]["metadata"]["correlation_id"] == "log-cid-new-school"
