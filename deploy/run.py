"""Local runner behind `make run`: the whole system on this machine.

    python -m deploy.run

Checks RabbitMQ, starts one process per service (REPORTING_REPLICAS reporting
processes, default 1) with their output prefixed by the service name, waits
for the gateway's /api/health, then prints where to go. Ctrl-C or SIGTERM
stops every process at once (SIGTERM to all, SIGKILL to any still running
after STOP_GRACE s) and exits 0. The children die with the runner, also when
it is killed (PR_SET_PDEATHSIG). A service that dies on its own is started
again after a backoff (1 s, doubling up to 30 s); one that dies RESTART_LIMIT
times (default 5) within RESTART_WINDOW s (default 600) stops everything and
the runner exits 1.

Standard library only (plus the project's own deploy.broker_check and shared.config).
"""

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from deploy.broker_check import check_broker
from shared.config import SettingsError, environment, settings

REPO_ROOT = Path(__file__).resolve().parent.parent
HEALTH_TIMEOUT = 60.0
STOP_GRACE = 8.0  # a service ends itself within STOP_TIMEOUT + 2 s (deploy.service_main)
RESTART_BACKOFF = (1.0, 30.0)  # first wait, longest wait
PR_SET_PDEATHSIG = 1

_print_lock = threading.Lock()


def say(line: str, prefix: str = "run") -> None:
    with _print_lock:
        sys.stdout.write(f"[{prefix}] {line}\n")
        sys.stdout.flush()


def die_with_parent():  # pragma: no cover - runs in the child between fork and exec
    """Linux: the kernel sends this child SIGTERM when the runner dies, however it dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Child:
    def __init__(self, label: str, service: str, env: dict):
        self.label = label
        self.service = service
        self.restarts: list[float] = []  # when it was started again
        self.restart_at: float | None = None  # waiting to be started again
        self.env = env
        self.proc: subprocess.Popen[str]  # set by start, here and on every restart
        self.start()

    def start(self):
        self.restart_at = None
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "deploy.service_main", self.service],
            cwd=str(REPO_ROOT),
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            # Own session: a Ctrl-C in the terminal reaches only this runner,
            # which then stops the children (one SIGTERM each, all at once).
            start_new_session=True,
            preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
        )
        self.password_lines: list[str] = getattr(self, "password_lines", [])
        self.reader = threading.Thread(
            target=self._pump, args=(self.proc,), name=f"out-{self.label}", daemon=True
        )
        self.reader.start()

    def _pump(self, proc) -> None:
        for line in proc.stdout:
            line = line.rstrip("\r\n")
            if (
                self.service == "accounts"
                and "password" in line.lower()
                and "admin" in line.lower()
            ):
                self.password_lines.append(line)
            say(line, self.label)
        proc.stdout.close()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def plan_restart(self, now: float, limit: int, window: float) -> float | None:
        """When to start it again (backoff doubling from RESTART_BACKOFF[0]); None when
        it has died `limit` times within `window` seconds."""
        self.restarts = [t for t in self.restarts if now - t < window]
        if len(self.restarts) >= limit:
            return None
        first, longest = RESTART_BACKOFF
        self.restart_at = now + min(longest, first * 2 ** len(self.restarts))
        self.restarts.append(now)
        return self.restart_at

    def signal(self, signum: int) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signum)


def child_env() -> dict:
    """This process's environment, passed on to every service."""
    env = environment()
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("PYTHONIOENCODING", "utf-8")
    # The children run from the repo root; keep DATA_DIR where the caller meant it.
    env["DATA_DIR"] = str(settings().data_dir)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH")) if p)
    return env


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


def health_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def stop_all(children: list[Child]) -> None:
    """SIGTERM to every child at once, one deadline for all, then SIGKILL."""
    for c in children:
        c.restart_at = None
        c.signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE
    for c in children:
        remaining = deadline - time.monotonic()
        with contextlib.suppress(subprocess.TimeoutExpired):
            c.proc.wait(timeout=max(remaining, 0.01))
    for c in children:
        if c.alive():
            say(f"{c.label} did not stop within {STOP_GRACE:.0f} s: killing it")
            c.signal(signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                c.proc.wait(timeout=5)
    for c in children:
        c.reader.join(timeout=2)


def banner(port: int, data: str, children: list[Child]) -> str:
    accounts = next((c for c in children if c.service == "accounts"), None)
    if settings().admin_password:
        password = "the password in ADMIN_PASSWORD"
    elif accounts and accounts.password_lines:
        password = "the password accounts printed on its first start:\n              " + (
            accounts.password_lines[-1].strip()
        )
    else:
        password = (
            "the password printed by [accounts] on its first start "
            "(set ADMIN_PASSWORD to choose it)"
        )
    replicas = sum(1 for c in children if c.service == "reporting")
    lines = [
        "",
        "=" * 72,
        f"  Teacher information system is up: http://127.0.0.1:{port}/",
        f"  Health:   GET  http://127.0.0.1:{port}/api/health",
        f"  Log in:   POST http://127.0.0.1:{port}/api/v1/auth/login",
        '            {"username": "admin", "password": ...}',
        f"            with {password}",
        f"  Data:     {data}  (SQLite files, unless <SERVICE>_DATABASE_URL is set)",
        f"  Services: {', '.join(c.label for c in children)}"
        + (f"  ({replicas} reporting)" if replicas > 1 else ""),
        "  Stop:     Ctrl-C",
        "=" * 72,
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    try:
        current = settings()
    except SettingsError as exc:
        print(f"[run] {exc}", file=sys.stderr)
        return 2

    problem = check_broker()
    if problem:
        print(problem, file=sys.stderr)
        return 1

    port, host = current.gateway_port, current.gateway_host
    if port_in_use(host, port):
        print(
            f"Port {port} on {host} is already in use: stop what listens there "
            f"or choose another with GATEWAY_PORT=...",
            file=sys.stderr,
        )
        return 1

    replicas = current.reporting_replicas
    env = child_env()
    limit, window = current.restart_limit, current.restart_window

    stop_requested = threading.Event()
    received: list[int] = []

    def on_signal(signum, frame):
        received.append(signum)
        stop_requested.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    plan = [("accounts", "accounts"), ("records", "records"), ("audit", "audit")]
    if replicas == 1:
        plan.append(("reporting", "reporting"))
    else:
        plan += [(f"reporting.{i}", "reporting") for i in range(1, replicas + 1)]
    plan.append(("gateway", "gateway"))

    children: list[Child] = []
    try:
        for label, service in plan:
            children.append(Child(label, service, env))
    except Exception as exc:
        say(f"could not start {label}: {exc}")
        stop_all(children)
        return 1
    say(f"started {', '.join(f'{c.label} (pid {c.proc.pid})' for c in children)}")

    poll_host = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
    health_url = f"http://{poll_host}:{port}/api/health"
    deadline = time.monotonic() + HEALTH_TIMEOUT
    healthy = False
    next_probe = 0.0

    while True:
        if stop_requested.wait(timeout=0.25):
            name = signal.Signals(received[0]).name if received else "signal"
            say(f"{name}: stopping every service")
            stop_all(children)
            say("stopped")
            return 0

        now = time.monotonic()
        for c in children:
            if c.restart_at is not None:
                if now >= c.restart_at:
                    c.start()
                    say(f"{c.label} started again (pid {c.proc.pid})")
                continue
            if c.alive():
                continue
            when = c.plan_restart(now, limit, window)
            if when is None:
                say(
                    f"{c.label} exited unexpectedly (exit code {c.proc.returncode}) for the "
                    f"{limit}th time within {window:.0f} s; stopping everything"
                )
                stop_all(children)
                say(f"stopped because {c.label} keeps dying")
                return 1
            say(
                f"{c.label} exited unexpectedly (exit code {c.proc.returncode}); starting it "
                f"again in {when - now:.0f} s (restart {len(c.restarts)} of {limit} "
                f"within {window:.0f} s)"
            )

        if not healthy and time.monotonic() >= next_probe:
            if health_ok(health_url):
                healthy = True
                time.sleep(0.2)  # let the last startup lines out first
                with _print_lock:
                    sys.stdout.write(banner(port, str(current.data_dir), children) + "\n")
                    sys.stdout.flush()
            elif time.monotonic() > deadline:
                say(
                    f"the gateway did not answer 200 on {health_url} within "
                    f"{HEALTH_TIMEOUT:.0f} s; stopping everything (see the output above)"
                )
                stop_all(children)
                return 1
            else:
                next_probe = time.monotonic() + 1.0


if __name__ == "__main__":
    sys.exit(main())
