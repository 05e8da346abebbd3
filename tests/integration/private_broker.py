"""A RabbitMQ node of a test's own, on free ports, for tests that stop and start a broker
(the machine's broker is never touched). Its files live in a temporary folder; it is
stopped and removed at the end."""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from tests.support.broker import free_port


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class PrivateBroker:
    def __init__(self):
        self.port = free_port()
        self.node = f"ti-test-{uuid.uuid4().hex[:8]}@localhost"
        self.base = tempfile.mkdtemp(prefix="ti-broker-")
        with open(os.path.join(self.base, "rabbitmq.conf"), "w") as conf:
            conf.write(f"listeners.tcp.local = 127.0.0.1:{self.port}\nloopback_users = none\n")
        with open(os.path.join(self.base, "enabled_plugins"), "w") as plugins:
            plugins.write("[].\n")
        if os.geteuid() == 0:  # the server scripts drop to the rabbitmq user
            user = pwd.getpwnam("rabbitmq")
            for root, dirs, files in os.walk(self.base):
                for name in [root, *(os.path.join(root, n) for n in dirs + files)]:
                    os.chown(name, user.pw_uid, user.pw_gid)
        self.env = dict(
            os.environ,
            RABBITMQ_NODENAME=self.node,
            RABBITMQ_NODE_PORT=str(self.port),
            RABBITMQ_DIST_PORT=str(free_port()),
            RABBITMQ_CONFIG_FILE=os.path.join(self.base, "rabbitmq"),
            RABBITMQ_ENABLED_PLUGINS_FILE=os.path.join(self.base, "enabled_plugins"),
            RABBITMQ_MNESIA_BASE=os.path.join(self.base, "mnesia"),
            RABBITMQ_LOG_BASE=os.path.join(self.base, "log"),
            RABBITMQ_PID_FILE=os.path.join(self.base, "pid"),
        )

    @property
    def uri(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def add_vhost(self, name: str) -> str:
        """A vhost for guest; its URI."""
        self._ctl("add_vhost", name)
        self._ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
        return f"amqp://guest:guest@127.0.0.1:{self.port}/{name}"

    def delete_vhost(self, name: str):
        self._ctl("delete_vhost", name)

    def _ctl(self, *args, timeout=60):
        subprocess.run(
            ["rabbitmqctl", "-n", self.node, *args],
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
        )

    def _wait_listening(self, up: bool, timeout: float):
        deadline = time.monotonic() + timeout
        while _listening(self.port) != up:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the test broker on {self.port} did not "
                    f"{'start' if up else 'stop'} within {timeout:.0f} s"
                )
            time.sleep(0.2)

    def start(self):
        launched = subprocess.run(
            ["rabbitmq-server", "-detached"],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        try:
            self._wait_listening(True, 90)
        except RuntimeError as exc:  # say why: what the script printed, the node's log
            logs = sorted(Path(self.base, "log").glob("*.log"))
            tail = logs[0].read_text(errors="replace")[-2000:] if logs else "(no log)"
            raise RuntimeError(f"{exc}\n{launched.stdout}{launched.stderr}\n{tail}") from None
        return self

    def stop_app(self):
        """The broker goes away: every connection is closed, new ones are refused."""
        self._ctl("stop_app")
        self._wait_listening(False, 30)

    def start_app(self):
        self._ctl("start_app")
        self._wait_listening(True, 60)

    def stop(self):
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._ctl("stop", timeout=60)
        shutil.rmtree(self.base, ignore_errors=True)
