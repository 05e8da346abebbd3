"""The records database: the event store plus the teacher list kept in step with it."""

from pathlib import Path

import sqlalchemy as sa

from shared import org_tree
from shared.storage import service_metadata

metadata, shared_tables = service_metadata(Path(__file__).with_name("migrations"))

# the org tree as accounts announces it: scope follows a unit when it moves
orgs = org_tree.define_table(metadata)

teachers = sa.Table(
    "teachers",
    metadata,
    sa.Column("teacher_id", sa.String(36), primary_key=True),
    sa.Column("account_id", sa.String(36), nullable=False),
    sa.Column("teacher_no", sa.String(20), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("gender", sa.String(2)),
    sa.Column("id_type", sa.String(4)),
    sa.Column("id_number", sa.String(40)),
    sa.Column("unit_code", sa.String(40), nullable=False, index=True),
    sa.Column("unit_path", sa.String(1000), nullable=False),
    sa.Column("state", sa.String(20), nullable=False, index=True),
    sa.Column("updated_at", sa.String(40), nullable=False),
)

# 教师变动: the status of each teacher whose status ever changed (no row: active);
# kept in step with TeacherJoined/Left/Retired/Died by read_model/staff_status.py
staff_status = sa.Table(
    "staff_status",
    metadata,
    sa.Column("teacher_id", sa.String(36), primary_key=True),
    sa.Column("status", sa.String(20), nullable=False, index=True),  # active|left|retired|deceased
    sa.Column("status_date", sa.String(10), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)
