"""Alembic's entry point for the accounts database: its tables (services/accounts/tables.py,
with the shared ones it uses) are the target of autogenerate (shared.migration_env)."""

import warnings

# the tables import nameko, and with it eventlet, which announces its deprecation
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

from services.accounts.tables import metadata  # noqa: E402
from shared.migration_env import run_env  # noqa: E402

run_env(metadata)
