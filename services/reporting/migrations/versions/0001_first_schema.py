"""The first schema of the reporting database

Its tables as create_all made them before the migrations: a database made then is stamped
at this revision (shared.migrations).

Revision ID: 0001
Revises:
Create Date: 2026-12-02 01:08:41.392748
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
        "consumer_checkpoints",
        sa.Column("consumer", sa.String(length=80), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "source"),
    )
    op.create_table(
        "module_usage",
        sa.Column("unit_code", sa.String(length=40), nullable=False),
        sa.Column("module", sa.String(length=20), nullable=False),
        sa.Column("first_used_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("unit_code", "module"),
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
        "rotation_entries",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("teacher_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("rotation_kind", sa.String(length=4), nullable=True),
        sa.Column("transfers_relation", sa.String(length=2), nullable=True),
        sa.Column("start_month", sa.String(length=7), nullable=True),
        sa.Column("end_month", sa.String(length=7), nullable=True),
        sa.Column("origin_unit", sa.String(length=200), nullable=True),
        sa.Column("target_unit", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("entry_id"),
    )
    with op.batch_alter_table("rotation_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rotation_entries_teacher_id"), ["teacher_id"], unique=False
        )

    op.create_table(
        "staff_changes",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("teacher_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("change_code", sa.String(length=4), nullable=False),
        sa.Column("status_after", sa.String(length=20), nullable=True),
        sa.Column("unit_code", sa.String(length=40), nullable=True),
        sa.Column("to_unit_code", sa.String(length=40), nullable=True),
        sa.Column("staff_source", sa.String(length=4), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("position"),
    )
    with op.batch_alter_table("staff_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_staff_changes_teacher_date", ["teacher_id", "date", "position"], unique=False
        )

    op.create_table(
        "teacher_states",
        sa.Column("teacher_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("teacher_id", "position"),
    )
    with op.batch_alter_table("teacher_states", schema=None) as batch_op:
        batch_op.create_index(
            "ix_teacher_states_teacher_at", ["teacher_id", "at", "position"], unique=False
        )

    op.create_table(
        "teachers",
        sa.Column("teacher_id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=True),
        sa.Column("teacher_no", sa.String(length=20), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=True),
        sa.Column("unit_code", sa.String(length=40), nullable=False),
        sa.Column("unit_path", sa.String(length=1000), nullable=False),
        sa.Column("opened_at", sa.String(length=40), nullable=False),
        sa.Column("first_filled_at", sa.String(length=40), nullable=True),
        sa.Column("first_submitted_at", sa.String(length=40), nullable=True),
        sa.Column("first_approved_at", sa.String(length=40), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("teacher_id"),
    )
    with op.batch_alter_table("teachers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_teachers_unit_code"), ["unit_code"], unique=False)

    op.create_table(
        "trail",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("teacher_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("event", sa.String(length=30), nullable=False),
        sa.Column("set_name", sa.String(length=40), nullable=True),
        sa.Column("entry_id", sa.String(length=36), nullable=True),
        sa.Column("actor_account_id", sa.String(length=36), nullable=True),
        sa.Column("actor_username", sa.String(length=80), nullable=True),
        sa.Column("actor_role", sa.String(length=20), nullable=True),
        sa.Column("actor_org_code", sa.String(length=40), nullable=True),
        sa.Column("decision", sa.String(length=10), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "position", name="uq_trail_source_position"),
    )
    with op.batch_alter_table("trail", schema=None) as batch_op:
        batch_op.create_index(
            "ix_trail_teacher_position", ["teacher_id", "source", "position"], unique=False
        )

    op.create_table(
        "trail_changes",
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("teacher_id", sa.String(length=36), nullable=False),
        sa.Column("change_id", sa.String(length=36), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("source", "position"),
    )
    with op.batch_alter_table("trail_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trail_changes_teacher_id"), ["teacher_id"], unique=False
        )

    op.create_table(
        "training_entries",
        sa.Column("entry_id", sa.String(length=36), nullable=False),
        sa.Column("teacher_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.Column("credits", sa.Float(), nullable=True),
        sa.Column("training_kind", sa.String(length=4), nullable=True),
        sa.Column("project_name", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("entry_id"),
    )
    with op.batch_alter_table("training_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_training_entries_teacher_year", ["teacher_id", "year", "state"], unique=False
        )

    op.create_table(
        "training_requirements",
        sa.Column("school_code", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("credits", sa.Float(), nullable=True),
        sa.Column("set_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("school_code", "year"),
    )


def downgrade() -> None:
    op.drop_table("training_requirements")
    with op.batch_alter_table("training_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_training_entries_teacher_year")

    op.drop_table("training_entries")
    with op.batch_alter_table("trail_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trail_changes_teacher_id"))

    op.drop_table("trail_changes")
    with op.batch_alter_table("trail", schema=None) as batch_op:
        batch_op.drop_index("ix_trail_teacher_position")

    op.drop_table("trail")
    with op.batch_alter_table("teachers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teachers_unit_code"))

    op.drop_table("teachers")
    with op.batch_alter_table("teacher_states", schema=None) as batch_op:
        batch_op.drop_index("ix_teacher_states_teacher_at")

    op.drop_table("teacher_states")
    with op.batch_alter_table("staff_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_staff_changes_teacher_date")

    op.drop_table("staff_changes")
    with op.batch_alter_table("rotation_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rotation_entries_teacher_id"))

    op.drop_table("rotation_entries")
    op.drop_table("parked_events")
    with op.batch_alter_table("orgs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orgs_path"))
        batch_op.drop_index(batch_op.f("ix_orgs_parent_code"))

    op.drop_table("orgs")
    op.drop_table("module_usage")
    op.drop_table("consumer_checkpoints")
