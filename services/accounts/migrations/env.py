"""Alembic's entry point for the accounts database: its tables (services/accounts/tables.py,
with the shared ones it uses) are the target of autogenerate (shared.migration_env)."""

from services.accounts.tables import metadata
from shared.migration_env import run_env

run_env(metadata)
