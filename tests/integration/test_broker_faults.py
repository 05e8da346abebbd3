"""The whole system as `make run` runs it (deploy.run: one process per service), on a
RabbitMQ node of the test's own: a broker restart under writes, a service killed, a
service frozen, stopping while the broker is away, and a runner killed outright.

The system runs on SQLite files in a folder of its own (also when the suite runs on
PostgreSQL, whose databases belong to the suite's in-process system)."""

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from helpers import new_institution_code, wait_until
from private_broker import PrivateBroker, free_port

from tests.support import REPO

ADMIN_PASSWORD = "Admin-pass-2026"
SERVICES = ("accounts", "records", "audit", "reporting", "gateway")


class RunningSystem:
    """`python -m deploy.run` against `broker`, its output in a file."""

    def __init__(self, broker: PrivateBroker, amqp_uri: str | None = None):
        self.data = tempfile.mkdtemp(prefix="ti-run-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.endswith("_DATABASE_URL")}
        env.update(
            AMQP_URI=amqp_uri or broker.uri,
            DATA_DIR=self.data,
            GATEWAY_PORT=str(self.port),
            ADMIN_PASSWORD=ADMIN_PASSWORD,
            PYTHONPATH=str(REPO),
            CATCH_UP_INTERVAL="1",
            RELAY_POLL_INTERVAL="0.1",
        )
        self.output_path = Path(self.data) / "run.log"
        self.output = open(self.output_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "deploy.run"],
            cwd=str(REPO),
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )

    def log(self) -> str:
        return self.output_path.read_text(encoding="utf-8", errors="replace")

    def runner_lines(self) -> list[str]:
        return [line for line in self.log().splitlines() if line.startswith("[run] ")]

    def children(self) -> dict[str, int]:
        """The service processes now running below the runner: `{pid: service}`."""
        out = subprocess.run(
            ["ps", "-eo", "pid=,ppid=,args="], capture_output=True, text=True
        ).stdout
        found = {}
        for line in out.splitlines():
            pid, ppid, args = line.split(None, 2)
            if int(ppid) == self.proc.pid and "deploy.service_main" in args:
                found[int(pid)] = args.rsplit(" ", 1)[-1]
        return found

    def healthy(self) -> bool:
        try:
            return requests.get(self.base + "/api/health", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def login(self) -> str:
        response = requests.post(
            self.base + "/api/v1/auth/login",
            timeout=10,
            json={"username": "admin", "password": ADMIN_PASSWORD},
        )
        assert response.status_code == 200, response.text
        return response.json()["token"]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        for pid in self.children():
            os.kill(pid, signal.SIGKILL)
        self.output.close()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie has ended, only its parent has not collected it yet
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ", 1)[1][0] != "Z"


@pytest.fixture(scope="module")
def broker():
    node = PrivateBroker().start()
    yield node
    node.stop()


@pytest.fixture
def running(broker):
    yield from run_system(broker)


def run_system(broker, amqp_uri=None):
    system = RunningSystem(broker, amqp_uri)
    try:
        assert wait_until(
            system.healthy, timeout=90, interval=0.5, message="the system's health"
        ), system.log()
        yield system
    finally:
        system.stop()


class Writer(threading.Thread):
    """Creates schools one after another until stopped; remembers every answer."""

    def __init__(self, system: RunningSystem, token: str):
        super().__init__(daemon=True)
        self.system, self.token = system, token
        self.answers: list[tuple[str, int | str, float, dict | None]] = []
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            code = f"S{uuid.uuid4().hex[:7]}"
            started = time.monotonic()
            try:
                response = requests.post(
                    self.system.base + "/api/v1/orgs",
                    timeout=30,
                    headers={"Authorization": f"Bearer {self.token}"},
                    json={
                        "code": code,
                        "name": "测试学校",
                        "level": "school",
                        "parent_code": "province",
                        "institution_code": new_institution_code(),
                    },
                )
                body = response.json() if response.content else None
                self.answers.append((code, response.status_code, time.monotonic() - started, body))
            except requests.RequestException as exc:
                self.answers.append((code, type(exc).__name__, time.monotonic() - started, None))
                time.sleep(0.2)

    def statuses(self) -> set:
        return {status for _, status, _, _ in self.answers}


def test_the_system_rides_out_a_broker_restart_under_writes(running, broker):
    system = running
    pids = system.children()
    assert sorted(pids.values()) == sorted(SERVICES)
    token = system.login()
    writer = Writer(system, token)
    writer.start()
    wait_until(lambda: len(writer.answers) >= 20, timeout=30, message="writes before")

    broker.stop_app()
    during_from = len(writer.answers)
    time.sleep(8)
    during = writer.answers[during_from:]
    broker.start_app()
    back = time.monotonic()

    assert wait_until(
        system.healthy, timeout=90, interval=0.5, message="health after the broker came back"
    ), system.log()
    recovered = time.monotonic() - back
    after_from = len(writer.answers)
    wait_until(
        lambda: len([a for a in writer.answers[after_from:] if a[1] == 201]) >= 10,
        timeout=60,
        message="writes after the broker came back",
    )
    writer.halt.set()
    writer.join(timeout=40)
    print(
        f"\nbroker restart: {len(writer.answers)} writes, {len(during)} answered while "
        f"the broker was away ({sum(1 for a in during if a[1] == 503)} x 503, slowest "
        f"{max(a[2] for a in during):.1f} s), healthy {recovered:.1f} s after it came back"
    )

    # nobody died and nobody was restarted: every service reconnected by itself
    assert system.proc.poll() is None, system.log()
    assert system.children() == pids, "\n".join(system.runner_lines())
    assert not [line for line in system.runner_lines() if "exited" in line]
    # while the broker was away the gateway answered, 503 in the API's error shape
    assert during, "the gateway answered nothing while the broker was away"
    for _, status, seconds, body in during:
        assert status in (201, 503), (status, body)
        assert seconds < 25, "a request hung while the broker was away"
        if status == 503:
            assert body["error"]["code"] == "SERVICE_UNAVAILABLE"
    # every acknowledged school is there, and reached reporting and records through the relay
    admin = {"Authorization": f"Bearer {token}"}
    created = [code for code, status, _, _ in writer.answers if status == 201]
    for code in created:
        assert (
            requests.get(f"{system.base}/api/v1/orgs/{code}", headers=admin, timeout=10).status_code
            == 200
        ), code
    month = time.strftime("%Y-%m")

    def reported():
        response = requests.get(
            f"{system.base}/api/v1/reports/monthly?org_code={created[-1]}&month={month}",
            headers=admin,
            timeout=10,
        )
        return response.status_code == 200

    assert wait_until(reported, timeout=60, message="the last school in reporting")


def test_a_killed_service_is_started_again_and_a_frozen_one_answers_503_quickly(running):
    system = running
    pids = {service: pid for pid, service in system.children().items()}
    os.kill(pids["audit"], signal.SIGKILL)
    assert wait_until(
        lambda: "audit" in system.children().values() and pids["audit"] not in system.children(),
        timeout=30,
        message="audit started again",
    ), system.log()
    assert wait_until(system.healthy, timeout=60, message="health after the restart")
    assert any(
        "audit exited unexpectedly" in line and "again" in line for line in system.runner_lines()
    ), system.runner_lines()
    assert system.proc.poll() is None

    token = system.login()
    os.kill(pids["reporting"], signal.SIGSTOP)
    try:
        started = time.monotonic()
        response = requests.get(
            f"{system.base}/api/v1/reports/monthly?org_code=province"
            f"&month={time.strftime('%Y-%m')}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=20,
        )
        waited = time.monotonic() - started
    finally:
        os.kill(pids["reporting"], signal.SIGCONT)
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert waited < 15


def stop_and_check(system, children):
    """SIGTERM to the runner: every service ends by itself within seconds, none needs
    the runner's SIGKILL."""
    started = time.monotonic()
    system.proc.send_signal(signal.SIGTERM)
    system.proc.wait(timeout=30)
    took = time.monotonic() - started
    assert system.proc.returncode == 0, system.log()
    assert not [line for line in system.runner_lines() if "did not stop" in line], (
        system.runner_lines()
    )
    assert not [p for p in children if pid_alive(p)]
    assert took < 8, f"stopping took {took:.1f} s"


def test_stopping_takes_seconds_also_while_the_broker_is_away(running, broker):
    system = running
    children = list(system.children())
    broker.stop_app()
    try:
        time.sleep(2)
        stop_and_check(system, children)
    finally:
        broker.start_app()


def test_stopping_takes_seconds_also_when_the_vhost_went_away(broker):
    vhost = f"gone-{uuid.uuid4().hex[:6]}"
    for system in run_system(broker, broker.add_vhost(vhost)):
        children = list(system.children())
        broker.delete_vhost(vhost)
        time.sleep(3)
        stop_and_check(system, children)


def test_a_killed_runner_leaves_no_service_behind(running):
    system = running
    children = list(system.children())
    assert len(children) == len(SERVICES)
    system.proc.kill()
    system.proc.wait(timeout=10)
    assert wait_until(
        lambda: not [p for p in children if pid_alive(p)],
        timeout=20,
        message="every service gone after the runner was killed",
    )
