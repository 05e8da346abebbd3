"""Alembic's entry point for the audit database: its tables (services/audit/tables.py,
with the shared ones it uses) are the target of autogenerate (shared.migration_env)."""

from services.audit.tables import metadata
from shared.migration_env import run_env

run_env(metadata)
