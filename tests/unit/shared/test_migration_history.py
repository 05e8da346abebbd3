"""Each service's tables (tables.py) and its migration history agree: an empty database
upgraded to head is what the tables describe, and autogenerate would find nothing to do.
On an in-memory SQLite here; tests/integration/test_migrations.py does the same on the
contract database (PostgreSQL in CI)."""

import configparser
import importlib

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from shared import migrations
from tests.support import REPO

pytestmark = pytest.mark.unit

SERVICES = ("accounts", "records", "audit", "reporting")


def metadata_of(service: str) -> sa.MetaData:
    return importlib.import_module(f"services.{service}.tables").metadata


def memory_engine() -> sa.Engine:
    return sa.create_engine("sqlite://", poolclass=StaticPool)


@pytest.mark.parametrize("service", SERVICES)
def test_an_empty_database_upgraded_to_head_is_what_the_tables_describe(service):
    metadata = metadata_of(service)
    engine = memory_engine()
    done = migrations.upgrade(engine, metadata)
    assert (done.before, done.after) == (None, migrations.head(metadata))
    with engine.connect() as conn:
        assert migrations.differences(conn, metadata) == []
        assert set(sa.inspect(conn).get_table_names()) == set(metadata.tables) | {"alembic_version"}


def test_a_column_added_to_the_tables_without_a_migration_is_found():
    metadata = metadata_of("records")
    engine = memory_engine()
    migrations.upgrade(engine, metadata)
    changed = sa.MetaData(info=metadata.info)
    for table in metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["teachers"].append_column(sa.Column("email", sa.String(200), nullable=True))
    with engine.connect() as conn:
        [(op, _schema, table, column)] = migrations.differences(conn, changed)
    assert (op, table, column.name) == ("add_column", "teachers", "email")


def test_each_service_has_one_history_with_one_head_and_the_command_line_finds_it():
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(REPO / "alembic.ini")
    for service in SERVICES:
        metadata = metadata_of(service)
        location = metadata.info["migrations"]
        assert location == REPO / "services" / service / "migrations"
        assert ini[service]["script_location"] == f"%(here)s/services/{service}/migrations"
        assert migrations.head(metadata) is not None
        assert migrations.first(metadata) == "0001"
