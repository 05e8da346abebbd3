"""The migrations on a real database: the contract database (`CONTRACT_DATABASE_URL`,
PostgreSQL in CI; else SQLite in DATA_DIR), emptied for each test and upgraded with one
service's history at a time, so the running services are not disturbed."""

import importlib

import pytest
import sqlalchemy as sa
from alembic import command
from conftest import engine as service_engine

from shared import config, db, migrations
from tests.support.databases import empty_database

SERVICES = ("accounts", "records", "audit", "reporting")


def metadata_of(service: str) -> sa.MetaData:
    return importlib.import_module(f"services.{service}.tables").metadata


@pytest.fixture
def contract():
    engine = db.make_engine(config.database_url("contract"))
    empty_database(engine)
    yield engine
    empty_database(engine)
    engine.dispose()


def schema(engine) -> dict:
    """Every table with its columns (name, type, nullable) and its indexes."""
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        return {
            name: (
                [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(name)],
                sorted((i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(name)),
            )
            for name in inspector.get_table_names()
        }


def made_before_the_migrations(engine, metadata):
    """A database as the services made it before the migrations: the first revision's
    tables (which are what create_all made then), without `alembic_version`."""
    migrations.upgrade(engine, metadata, migrations.first(metadata))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE alembic_version")


@pytest.mark.parametrize("service", SERVICES)
def test_an_empty_database_upgraded_to_head_is_what_the_tables_describe(contract, service):
    metadata = metadata_of(service)
    done = migrations.upgrade(contract, metadata)
    assert (done.before, done.after, done.adopted) == (None, migrations.head(metadata), False)
    with contract.connect() as conn:
        assert migrations.differences(conn, metadata) == []


@pytest.mark.parametrize("service", SERVICES)
def test_a_second_upgrade_changes_nothing(contract, service):
    metadata = metadata_of(service)
    migrations.upgrade(contract, metadata)
    before = schema(contract)
    done = migrations.upgrade(contract, metadata)
    assert done.before == done.after == migrations.head(metadata)
    assert schema(contract) == before


@pytest.mark.parametrize("service", SERVICES)
def test_downgrading_to_base_and_upgrading_again_gives_the_same_schema(contract, service):
    metadata = metadata_of(service)
    migrations.upgrade(contract, metadata)
    at_head = schema(contract)
    migrations.downgrade(contract, metadata, "base")
    assert set(schema(contract)) == {"alembic_version"}
    migrations.upgrade(contract, metadata)
    assert schema(contract) == at_head
    with contract.connect() as conn:
        assert migrations.differences(conn, metadata) == []


def test_the_seed_rows_are_there_once(contract):
    from services.records.tables import metadata, shared_tables

    migrations.upgrade(contract, metadata)
    migrations.upgrade(contract, metadata)
    with contract.connect() as conn:
        for table in (shared_tables["head"], shared_tables["outbox"]):
            assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == 1


def test_a_database_made_before_the_migrations_is_stamped_and_keeps_its_rows(contract):
    from services.audit.tables import metadata, orgs

    made_before_the_migrations(contract, metadata)
    with contract.begin() as conn:
        conn.execute(
            orgs.insert().values(
                code="S1",
                name="学校",
                level="school",
                path="/province/S1/",
                created_at="2026-01-01T00:00:00+00:00",
                closed=False,
            )
        )
    done = migrations.upgrade(contract, metadata)
    assert (done.before, done.after, done.adopted) == (None, migrations.head(metadata), True)
    with contract.connect() as conn:
        assert migrations.current(conn) == migrations.head(metadata)
        assert migrations.differences(conn, metadata) == []
        assert conn.execute(sa.select(orgs.c.name)).scalars().all() == ["学校"]


def test_a_database_without_history_whose_tables_differ_is_refused_and_left_as_it_is(contract):
    from services.records.tables import metadata

    made_before_the_migrations(contract, metadata)
    with contract.begin() as conn:
        conn.exec_driver_sql("DROP TABLE staff_status")
    before = schema(contract)
    with pytest.raises(migrations.SchemaMismatch, match="table staff_status missing"):
        migrations.upgrade(contract, metadata)
    assert schema(contract) == before  # no alembic_version, nothing created


def test_the_command_line_stamps_and_upgrades_like_a_start(contract):
    """`alembic upgrade head` from the command line goes through the same env.py."""
    metadata = metadata_of("reporting")
    cfg = migrations.config(metadata)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPORTING_DATABASE_URL", contract.url.render_as_string(hide_password=False))
        command.upgrade(cfg, "head")
    with contract.connect() as conn:
        assert migrations.current(conn) == migrations.head(metadata)
        assert migrations.differences(conn, metadata) == []


@pytest.mark.parametrize("service", SERVICES)
def test_the_services_upgraded_their_databases_to_head_on_start(system, service):
    metadata = metadata_of(service)
    with service_engine(service).connect() as conn:
        assert migrations.current(conn) == migrations.head(metadata)
        assert migrations.differences(conn, metadata) == []
