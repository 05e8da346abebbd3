"""Alembic's entry point for the records database: its tables (services/records/tables.py,
with the shared ones it uses) are the target of autogenerate (shared.migration_env)."""

from services.records.tables import metadata
from shared.migration_env import run_env

run_env(metadata)
