"""The reporting service's entrypoints are thin: inputs checked by the schemas,
answers from the queries (nameko's worker_factory, no broker)."""

import pytest
import sqlalchemy as sa
from nameko.testing.services import worker_factory
from sqlalchemy.pool import StaticPool

from services.reporting import tables, wiring
from services.reporting.service import ReportingService
from shared import migrations
from shared.caller import Caller
from shared.errors import ValidationError

pytestmark = pytest.mark.unit

ADMIN = Caller("a-admin", "admin", "system_admin", "province", ("province",))


class FakeStorage:
    def __init__(self):
        self.engine = sa.create_engine("sqlite://", poolclass=StaticPool)
        migrations.upgrade(self.engine, tables.metadata)
        with self.engine.begin() as conn:
            [handler] = wiring.SUBSCRIPTIONS["accounts"]["OrgCreated"]
            handler(
                FakeUow(conn),
                {
                    "data": {
                        "code": "province",
                        "name": "省教育厅",
                        "level": "province",
                        "parent_code": None,
                        "path": ["province"],
                    },
                    "occurred_at": "2026-01-01T00:00:00+00:00",
                },
            )

    def connect(self):
        return self.engine.connect()

    def rebuild(self):
        return {"accounts": 1, "records": 0, "audit": 0}


class FakeUow:
    def __init__(self, conn):
        self.conn = conn


class FakeContext:
    def require_caller(self):
        return ADMIN


@pytest.fixture
def service():
    return worker_factory(ReportingService, storage=FakeStorage(), context=FakeContext())


def test_monthly_report_answers_for_an_org_in_scope(service):
    result = service.monthly_report({"org_code": "province", "month": "2026-01"})
    assert result["org_code"] == "province" and result["rows"] == []
    assert result["totals"]["teachers"] == 0


def test_monthly_report_without_month_names_the_field(service):
    with pytest.raises(ValidationError) as error:
        service.monthly_report({"org_code": "province"})
    assert "month" in error.value.fields


def test_rebuild_reports_replayed_events_and_projection_rows(service):
    result = service.rebuild()
    assert result["replayed"] == {"accounts": 1, "records": 0, "audit": 0}
    assert result["rows"]["orgs"] == 1 and result["rows"]["teachers"] == 0


def test_ping_names_the_service(service):
    assert service.ping() == {"service": "reporting"}
