"""The accounts database: the shared event-store tables plus read tables kept
in step with the events, and the two tables that never enter the log
(password hashes and the token signing key)."""
import sqlalchemy as sa

from shared.storage import service_metadata

metadata, shared_tables = service_metadata()

orgs = sa.Table(
    "orgs", metadata,
    sa.Column("code", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("level", sa.String(20), nullable=False),
    sa.Column("parent_code", sa.String(40), nullable=True, index=True),
    sa.Column("path", sa.String(1000), nullable=False),  # "/root/school/unit/"
    sa.Column("created_at", sa.String(40), nullable=False),
)

accounts = sa.Table(
    "accounts", metadata,
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
    "id_documents", metadata,
    sa.Column("id_type", sa.String(4), primary_key=True),
    sa.Column("id_number", sa.String(40), primary_key=True),
    sa.Column("account_id", sa.String(36), nullable=False),
)

credentials = sa.Table(
    "credentials", metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
)

secrets = sa.Table(
    "secrets", metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)


def path_text(path: list) -> str:
    return "/" + "/".join(path) + "/"


def path_list(text: str) -> list:
    return [p for p in text.split("/") if p]
