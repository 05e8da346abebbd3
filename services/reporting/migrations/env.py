"""Alembic's entry point for the reporting database: its tables (services/reporting/tables.py,
with the shared ones it uses) are the target of autogenerate (shared.migration_env)."""

from services.reporting.tables import metadata
from shared.migration_env import run_env

run_env(metadata)
