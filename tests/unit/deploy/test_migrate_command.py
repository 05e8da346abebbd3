"""`python -m deploy.migrate` (make migrate) on SQLite files of the test's own."""

import pytest

from deploy import migrate
from services.records.tables import metadata as records_metadata
from shared import config, db, migrations

pytestmark = pytest.mark.unit


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    for service in migrate.SERVICES:
        monkeypatch.delenv(f"{service.upper()}_DATABASE_URL", raising=False)
    return tmp_path


def test_current_changes_nothing_and_upgrade_brings_every_database_to_head(data_dir, capsys):
    assert migrate.main(["current"]) == 0
    assert capsys.readouterr().out.count("current -  head 0001  (empty)") == 4
    assert migrate.main([]) == 0
    out = capsys.readouterr().out
    assert out.count("upgraded empty -> 0001") == 4
    assert out.count("current 0001  head 0001  (at head)") == 4
    assert migrate.main(["upgrade", "records"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"records: sqlite:///{data_dir / 'records.db'}  current 0001  head 0001  (at head)"
    ]


def test_a_database_from_before_the_migrations_is_stamped_and_one_that_differs_refused(
    data_dir, capsys
):
    # as the services made it before the migrations: the first revision's tables, no history
    engine = db.make_engine(config.database_url("records"))
    migrations.upgrade(engine, records_metadata, migrations.first(records_metadata))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE alembic_version")
    assert migrate.main(["upgrade", "records"]) == 0
    assert "records: made before the migrations, stamped at 0001" in capsys.readouterr().out

    engine = db.make_engine(config.database_url("audit"))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE orgs (code VARCHAR(40) PRIMARY KEY)")
    assert migrate.main(["upgrade", "audit"]) == 1
    out = capsys.readouterr().out
    assert "audit: refused:" in out and "orgs.name missing" in out
    assert migrate.main(["current", "audit"]) == 0
    assert "no migration history" in capsys.readouterr().out


def test_an_unknown_service_is_named():
    assert migrate.main(["upgrade", "gateway"]) == 2
