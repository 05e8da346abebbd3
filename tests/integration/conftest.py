"""Integration fixtures: a RabbitMQ vhost of this session's own, fresh databases
(SQLite in a temporary DATA_DIR, or the PostgreSQL databases named by
`<SERVICE>_DATABASE_URL`), and the five services running in this process."""

import os
import socket
import uuid

import pytest
import requests
import sqlalchemy as sa
from helpers import Api, wait_until

from shared import config, db

MANAGEMENT = os.environ.get("RABBITMQ_MANAGEMENT_URL", "http://guest:guest@127.0.0.1:15672")
ADMIN_PASSWORD = "Admin-pass-2026"


def pytest_collection_modifyitems(items):
    """Tests marked `runs_last` run after the others (they leave data behind that the
    others do not expect, e.g. orgs created under the province)."""
    items.sort(key=lambda item: item.get_closest_marker("runs_last") is not None)


def _create_vhost(name: str) -> bool:
    try:
        requests.put(f"{MANAGEMENT}/api/vhosts/{name}", timeout=5).raise_for_status()
        requests.put(
            f"{MANAGEMENT}/api/permissions/{name}/guest",
            json={"configure": ".*", "write": ".*", "read": ".*"},
            timeout=5,
        ).raise_for_status()
        return True
    except requests.RequestException:
        return False


@pytest.fixture(scope="session")
def amqp_uri():
    """A vhost per session when the management plugin answers, else the default one."""
    base = config.amqp_uri().rstrip("/")
    vhost = f"teacherinfo-test-{uuid.uuid4().hex[:8]}"
    if _create_vhost(vhost):
        uri = f"{base}/{vhost}"
        os.environ["AMQP_URI"] = uri
        yield uri
        requests.delete(f"{MANAGEMENT}/api/vhosts/{vhost}", timeout=5)
    else:
        yield config.amqp_uri()


def reset_databases():
    """Drop every table of every service so the session starts empty."""
    from services.accounts.tables import metadata as accounts_md
    from services.audit.tables import metadata as audit_md
    from services.records.tables import metadata as records_md
    from services.reporting.tables import metadata as reporting_md

    db.dispose_engines()
    for service, metadata in (
        ("accounts", accounts_md),
        ("records", records_md),
        ("audit", audit_md),
        ("reporting", reporting_md),
    ):
        engine = db.make_engine(config.database_url(service))
        metadata.drop_all(engine)
        engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def service_classes():
    from services.accounts.service import AccountsService
    from services.audit.service import AuditService
    from services.gateway.service import GatewayService
    from services.records.service import RecordsService
    from services.reporting.service import ReportingService

    return [AccountsService, RecordsService, AuditService, ReportingService, GatewayService]


@pytest.fixture(scope="session")
def system(amqp_uri):
    """All five services in this process; yields the gateway's Api."""
    from nameko.runners import ServiceRunner

    os.environ["ADMIN_PASSWORD"] = ADMIN_PASSWORD
    reset_databases()
    port = free_port()
    runner = ServiceRunner(
        config.nameko_config(AMQP_URI=amqp_uri, WEB_SERVER_ADDRESS=f"127.0.0.1:{port}")
    )
    for cls in service_classes():
        runner.add_service(cls)
    runner.start()
    api = Api(f"http://127.0.0.1:{port}")
    api.runner = runner
    wait_until(
        lambda: api.get("/api/health").status_code == 200, timeout=30, message="gateway health"
    )
    yield api
    runner.stop()
    db.dispose_engines()


@pytest.fixture(scope="session")
def admin_token(system):
    return system.login("admin", ADMIN_PASSWORD)


def engine(service: str) -> sa.Engine:
    from importlib import import_module

    metadata = import_module(f"services.{service}.tables").metadata
    return db.engine_for(service, metadata)


def container_of(api, service_name):
    return next(c for c in api.runner.containers if c.service_name == service_name)


def storage_of(api, service_name):
    container = container_of(api, service_name)
    return next(d for d in container.dependencies if d.attr_name == "storage")


@pytest.fixture(scope="session")
def rpc(system, amqp_uri):
    """A standalone RPC client, as ops tools use."""
    from nameko.standalone.rpc import ClusterRpcProxy

    with ClusterRpcProxy({"AMQP_URI": amqp_uri, "serializer": "json"}, timeout=60) as proxy:
        yield proxy
