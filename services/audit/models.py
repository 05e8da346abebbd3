"""The audit database: the event store plus the task list kept in step with it."""
import sqlalchemy as sa

from shared import org_tree
from shared.storage import service_metadata

metadata, shared_tables = service_metadata()

# the org tree as accounts announces it: scope follows a unit when it moves
orgs = org_tree.define_table(metadata)

review_tasks = sa.Table(
    "review_tasks", metadata,
    sa.Column("task_id", sa.String(36), primary_key=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("teacher_id", sa.String(36), nullable=False, index=True),
    sa.Column("teacher_name", sa.String(100), nullable=False),
    sa.Column("submission_id", sa.String(36), nullable=False, unique=True),
    sa.Column("unit_code", sa.String(40), nullable=False),
    sa.Column("unit_path", sa.String(1000), nullable=False, index=True),
    sa.Column("submitted_by", sa.JSON, nullable=False),
    sa.Column("submitted_at", sa.String(40), nullable=False),
    sa.Column("changes", sa.JSON, nullable=False),
    sa.Column("state", sa.String(20), nullable=False, index=True),
    sa.Column("decided_by", sa.JSON, nullable=True),
    sa.Column("decided_at", sa.String(40), nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
)
