"""Integration fixtures: a RabbitMQ vhost of this session's own, fresh databases
(SQLite in a temporary DATA_DIR, or the PostgreSQL databases named by
`<SERVICE>_DATABASE_URL`), and the five services running in this process."""

import os

import pytest
import sqlalchemy as sa
from helpers import Api, wait_until

from shared import config, db
from tests.support import services
from tests.support.broker import PrivateVhost, free_port
from tests.support.databases import empty_database

ADMIN_PASSWORD = "Admin-pass-2026"


def pytest_collection_modifyitems(items):
    """Tests marked `runs_last` run after the others (they leave data behind that the
    others do not expect, e.g. orgs created under the province)."""
    items.sort(key=lambda item: item.get_closest_marker("runs_last") is not None)


@pytest.fixture(scope="session")
def amqp_uri():
    """A vhost per session when the management plugin answers, else the default one."""
    with PrivateVhost(config.amqp_uri(), prefix="teacherinfo-test-") as uri:
        os.environ["AMQP_URI"] = uri
        yield uri


def reset_databases():
    """Empty every service's database (its tables and its migration history), so the
    session starts as a first deployment: each service upgrades its own on start."""
    db.dispose_engines()
    for service in ("accounts", "records", "audit", "reporting"):
        engine = db.make_engine(config.database_url(service))
        empty_database(engine)
        engine.dispose()


@pytest.fixture(scope="session")
def system(amqp_uri):
    """All five services in this process; yields the gateway's Api."""
    os.environ["ADMIN_PASSWORD"] = ADMIN_PASSWORD
    reset_databases()
    port = free_port()
    runner = services.start_services(amqp_uri, WEB_SERVER_ADDRESS=f"127.0.0.1:{port}")
    api = Api(f"http://127.0.0.1:{port}")
    api.runner = runner
    wait_until(
        lambda: api.get("/api/health").status_code == 200, timeout=30, message="gateway health"
    )
    yield api
    services.stop_services(runner)
    db.dispose_engines()


@pytest.fixture(scope="session")
def admin_token(system):
    return system.login("admin", ADMIN_PASSWORD)


def engine(service: str) -> sa.Engine:
    from importlib import import_module

    metadata = import_module(f"services.{service}.tables").metadata
    return db.engine_for(service, metadata)


def container_of(api, service_name):
    return services.container_of(api.runner, service_name)


def storage_of(api, service_name):
    return services.storage_of(api.runner, service_name)


@pytest.fixture(scope="session")
def rpc(system, amqp_uri):
    """A standalone RPC client, as ops tools use."""
    from nameko.standalone.rpc import ClusterRpcProxy

    with ClusterRpcProxy({"AMQP_URI": amqp_uri, "serializer": "json"}, timeout=60) as proxy:
        yield proxy
