"""The accounts database: the shared event-store tables plus read tables kept
in step with the events, and the two tables that never enter the log
(password hashes and the token signing key)."""

from pathlib import Path

import sqlalchemy as sa

from shared import org_tree
from shared.storage import service_metadata

metadata, shared_tables = service_metadata(Path(__file__).with_name("migrations"))

# the org tree: the same table every service keeps (shared.org_tree), here the original
orgs = org_tree.define_table(metadata)

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("username", sa.String(80), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("org_code", sa.String(40), nullable=False, index=True),
    sa.Column("org_path", sa.String(1000), nullable=False),
    sa.Column("teacher_id", sa.String(36), nullable=True, unique=True),
    sa.Column("teacher_no", sa.String(20), nullable=True, unique=True),
    sa.Column("must_change_password", sa.Boolean, nullable=False),
    sa.Column("password_version", sa.Integer, nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)

# one person, one number: a document number is held by one account only
id_documents = sa.Table(
    "id_documents",
    metadata,
    sa.Column("id_type", sa.String(4), primary_key=True),
    sa.Column("id_number", sa.String(40), primary_key=True),
    sa.Column("account_id", sa.String(36), nullable=False),
)

credentials = sa.Table(
    "credentials",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
)

secrets = sa.Table(
    "secrets",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)

# login security (read_model/security_log.py keeps the first and last in step
# with the events; login_attempts is the per-client rate limit's counter, not a read table)
login_state = sa.Table(
    "login_state",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("locked_until", sa.String(40), nullable=True),  # ISO 8601, UTC
    sa.Column("last_login_at", sa.String(40), nullable=True),
)

login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("client", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False, index=True),  # seconds since the epoch
    sa.Index("ix_login_attempts_client_at", "client", "at"),
)

security_log = sa.Table(
    "security_log",
    metadata,
    sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(40), nullable=False, index=True),
    sa.Column("kind", sa.String(40), nullable=False, index=True),
    sa.Column("account_id", sa.String(36), nullable=True, index=True),
    sa.Column("username", sa.String(80), nullable=False),
    sa.Column("actor_username", sa.String(80), nullable=False),
    sa.Column("actor_role", sa.String(20), nullable=False),
    sa.Column("client", sa.String(64), nullable=True),
    sa.Column("detail", sa.Text, nullable=False),  # JSON
)


# the workgroup roster of each unit (附表三): its latest filing, from RosterFiled
rosters = sa.Table(
    "rosters",
    metadata,
    sa.Column("unit_code", sa.String(40), primary_key=True),
    sa.Column("leader", sa.JSON, nullable=False),  # {name, post, phone, qq, note}
    sa.Column("staff", sa.JSON, nullable=False),
    sa.Column("filed_by", sa.JSON, nullable=False),  # the filer's actor
    sa.Column("filed_at", sa.String(40), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),  # of the stream roster-<unit_code>
)
