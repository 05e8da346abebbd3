"""Test set-up: eventlet first, quick password hashing, one RabbitMQ vhost and
one set of databases per test session."""

import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
import eventlet  # noqa: E402

eventlet.monkey_patch()

import os  # noqa: E402
import tempfile  # noqa: E402
import uuid  # noqa: E402

os.environ.setdefault("PASSWORD_HASH_TIME_COST", "1")
os.environ.setdefault("PASSWORD_HASH_MEMORY_KIB", "1024")
os.environ.setdefault("RELAY_POLL_INTERVAL", "0.1")
os.environ.setdefault("CATCH_UP_INTERVAL", "1")
os.environ.setdefault("CONSUMER_BACKOFF", "0.05")
# every test logs in from 127.0.0.1: the per-client login limit is tested on its own
# (tests/integration/test_login_security.py), with its own settings
os.environ.setdefault("LOGIN_RATE_LIMIT", "100000")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="teacherinfo-test-"))

import pytest  # noqa: E402


def pytest_collection_modifyitems(items):
    for item in items:
        path = str(item.fspath)
        for level in ("unit", "service", "integration", "e2e"):
            if f"/tests/{level}/" in path and not item.get_closest_marker(level):
                item.add_marker(getattr(pytest.mark, level))


@pytest.fixture(scope="session")
def test_tag():
    return uuid.uuid4().hex[:8]
