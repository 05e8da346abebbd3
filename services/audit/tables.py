"""The audit database: the event store plus the review tasks and change requests kept
in step with it (`read_model/`)."""

from pathlib import Path

import sqlalchemy as sa

from shared import org_tree
from shared.storage import service_metadata

metadata, shared_tables = service_metadata(Path(__file__).with_name("migrations"))

# the org tree as accounts announces it: scope follows a unit when it moves
orgs = org_tree.define_table(metadata)

review_tasks = sa.Table(
    "review_tasks",
    metadata,
    sa.Column("task_id", sa.String(36), primary_key=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("teacher_id", sa.String(36), nullable=False, index=True),
    sa.Column("teacher_name", sa.String(100), nullable=False),
    # a submission opens one task per review level (unit, school); the task id, derived
    # from the submission id and the level, keeps that once (review_levels.py)
    sa.Column("submission_id", sa.String(36), nullable=False, index=True),
    sa.Column("unit_code", sa.String(40), nullable=False),
    sa.Column("unit_path", sa.String(1000), nullable=False, index=True),
    sa.Column("submitted_by", sa.JSON, nullable=False),
    sa.Column("submitted_at", sa.String(40), nullable=False),
    sa.Column("changes", sa.JSON, nullable=False),
    sa.Column("state", sa.String(20), nullable=False, index=True),
    sa.Column("decided_by", sa.JSON, nullable=True),
    sa.Column("decided_at", sa.String(40), nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("review_level", sa.String(10), nullable=False, server_default="unit", index=True),
)

# change requests (变更申请) and their approval chain, kept in step with the
# `change-<change_id>` streams (read_model/change_requests.py)
change_requests = sa.Table(
    "change_requests",
    metadata,
    sa.Column("change_id", sa.String(36), primary_key=True),
    sa.Column("teacher_id", sa.String(36), nullable=False, index=True),
    sa.Column("teacher_name", sa.String(100), nullable=False),
    sa.Column("set_name", sa.String(40), nullable=False),
    sa.Column("entry_id", sa.String(36), nullable=False),
    sa.Column("unit_code", sa.String(40), nullable=False),
    sa.Column("unit_path", sa.String(1000), nullable=False, index=True),
    sa.Column("new_fields", sa.JSON, nullable=False),
    sa.Column("previous", sa.JSON, nullable=False),
    sa.Column("changed", sa.JSON, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("evidence", sa.JSON, nullable=False),
    sa.Column("filed_by", sa.JSON, nullable=False),
    sa.Column("filed_at", sa.String(40), nullable=False),
    sa.Column("state", sa.String(20), nullable=False, index=True),
    sa.Column("decisions", sa.JSON, nullable=False),  # [{level, decision, reason, ..actor, at}]
    sa.Column("outcome", sa.String(20), nullable=True),  # applied | not_applied
    sa.Column("outcome_reason", sa.Text, nullable=True),
    sa.Column("outcome_at", sa.String(40), nullable=True),
    sa.Column("updated_at", sa.String(40), nullable=False),
)
