"""The first schema of the audit database

Its tables as create_all made them before the migrations: a database made then is stamped
at this revision (shared.migrations).

Revision ID: 0001
Revises:
Create Date: 2026-12-02 01:08:39.384842
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_requests",
        sa.Column("change_id", sa.String(length=36), nullable=False),
        sa.Column("teacher_id", sa.String(length=36), nullable=False),
        sa.Column("teacher_name", sa.String(length=100), nullable=False),
        sa.Column("set_name", sa.String(length=40), nullable=False),
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=40), nullable=False),
        sa.Column("unit_path", sa.String(length=1000), nullable=False),
        sa.Column("new_fields", sa.JSON(), nullable=False),
        sa.Column("previous", sa.JSON(), nullable=False),
        sa.Column("changed", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("filed_by", sa.JSON(), nullable=False),
        sa.Column("filed_at", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decisions", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("outcome_reason", sa.Text(), nullable=True),
        sa.Column("outcome_at", sa.String(length=40), nullable=True),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("change_id"),
    )
    with op.batch_alter_table("change_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_change_requests_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_change_requests_teacher_id"), ["teacher_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_change_requests_unit_path"), ["unit_path"], unique=False
        )

    op.create_table(
        "command_results",
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("command", sa.String(length=80), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("key", "command"),
    )
    with op.batch_alter_table("command_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_command_results_at"), ["at"], unique=False)

    op.create_table(
        "consumer_checkpoints",
        sa.Column("consumer", sa.String(length=80), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "source"),
    )
    op.create_table(
        "event_log_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "events",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("stream_id", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=80), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("meta", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.String(length=40), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("position"),
        sa.UniqueConstraint("event_id"),
        sa.UniqueConstraint("stream_id", "version", name="uq_events_stream_version"),
    )
    op.create_table(
        "orgs",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("parent_code", sa.String(length=40), nullable=True),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("institution_code", sa.String(length=10), nullable=True),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("closed_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("orgs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orgs_parent_code"), ["parent_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_orgs_path"), ["path"], unique=False)

    op.create_table(
        "outbox_checkpoint",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "parked_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("consumer", sa.String(length=80), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("event_type", sa.String(length=80), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("envelope", sa.Text(), nullable=False),
        sa.Column("parked_at", sa.String(length=40), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="1", nullable=False),
        sa.Column("state", sa.String(length=20), server_default="parked", nullable=False),
        sa.Column("last_failed_at", sa.String(length=40), nullable=True),
        sa.Column("replayed_at", sa.String(length=40), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "review_tasks",
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("teacher_id", sa.String(length=36), nullable=False),
        sa.Column("teacher_name", sa.String(length=100), nullable=False),
        sa.Column("submission_id", sa.String(length=36), nullable=False),
        sa.Column("unit_code", sa.String(length=40), nullable=False),
        sa.Column("unit_path", sa.String(length=1000), nullable=False),
        sa.Column("submitted_by", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.String(length=40), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.JSON(), nullable=True),
        sa.Column("decided_at", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("review_level", sa.String(length=10), server_default="unit", nullable=False),
        sa.PrimaryKeyConstraint("task_id"),
    )
    with op.batch_alter_table("review_tasks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_tasks_review_level"), ["review_level"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_review_tasks_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_review_tasks_submission_id"), ["submission_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_review_tasks_teacher_id"), ["teacher_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_review_tasks_unit_path"), ["unit_path"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("review_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_tasks_unit_path"))
        batch_op.drop_index(batch_op.f("ix_review_tasks_teacher_id"))
        batch_op.drop_index(batch_op.f("ix_review_tasks_submission_id"))
        batch_op.drop_index(batch_op.f("ix_review_tasks_state"))
        batch_op.drop_index(batch_op.f("ix_review_tasks_review_level"))

    op.drop_table("review_tasks")
    op.drop_table("parked_events")
    op.drop_table("outbox_checkpoint")
    with op.batch_alter_table("orgs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orgs_path"))
        batch_op.drop_index(batch_op.f("ix_orgs_parent_code"))

    op.drop_table("orgs")
    op.drop_table("events")
    op.drop_table("event_log_head")
    op.drop_table("consumer_checkpoints")
    with op.batch_alter_table("command_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_command_results_at"))

    op.drop_table("command_results")
    with op.batch_alter_table("change_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_requests_unit_path"))
        batch_op.drop_index(batch_op.f("ix_change_requests_teacher_id"))
        batch_op.drop_index(batch_op.f("ix_change_requests_state"))

    op.drop_table("change_requests")
