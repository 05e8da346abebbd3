"""The reporting database: projections only, rebuilt at will from the event logs
of accounts, records and audit. Nothing here is authoritative.

Timestamps are ISO 8601 strings normalized to UTC with microseconds
("2026-01-31T09:00:00.000000+00:00"), so comparing strings compares instants;
dates of teacher changes are `YYYY-MM-DD`.

What fills each table: projections/ (one module per projection); what reads
them: queries/.
"""

from pathlib import Path

import sqlalchemy as sa

from shared import org_tree
from shared.storage import service_metadata

# no event store of its own: only the subscription checkpoints and parked events
metadata, shared_tables = service_metadata(
    Path(__file__).with_name("migrations"), event_sourced=False
)

# the org tree as accounts announces it (OrgCreated/Renamed/Moved/Closed): the
# report's lines and the scope follow a unit when it moves
orgs = org_tree.define_table(metadata)

# one row per teacher; filled from accounts (TeacherAccountGenerated) and records
# (RecordOpened, whichever comes first) and moved along by the records events
teachers = sa.Table(
    "teachers",
    metadata,
    sa.Column("teacher_id", sa.String(36), primary_key=True),
    sa.Column("account_id", sa.String(36), nullable=True),
    sa.Column("teacher_no", sa.String(20), nullable=True),
    sa.Column("name", sa.String(100), nullable=True),
    sa.Column("unit_code", sa.String(40), nullable=False, index=True),
    sa.Column("unit_path", sa.String(1000), nullable=False),
    sa.Column("opened_at", sa.String(40), nullable=False),
    sa.Column("first_filled_at", sa.String(40), nullable=True),
    sa.Column("first_submitted_at", sa.String(40), nullable=True),
    sa.Column("first_approved_at", sa.String(40), nullable=True),
    sa.Column("state", sa.String(20), nullable=False),  # opened|draft|submitted|approved|rejected
)

# every state change of a record, so the state at any cutoff can be read back;
# `position` is the records event's position (the order within a teacher's stream)
teacher_states = sa.Table(
    "teacher_states",
    metadata,
    sa.Column("teacher_id", sa.String(36), primary_key=True),
    sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Index("ix_teacher_states_teacher_at", "teacher_id", "at", "position"),
)

# the audit trail: who filled, submitted and reviewed what, and when
trail = sa.Table(
    "trail",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("teacher_id", sa.String(36), nullable=False),
    sa.Column("source", sa.String(20), nullable=False),
    sa.Column("position", sa.BigInteger, nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("event", sa.String(30), nullable=False),
    sa.Column("set_name", sa.String(40), nullable=True),
    sa.Column("entry_id", sa.String(36), nullable=True),
    sa.Column("actor_account_id", sa.String(36), nullable=True),
    sa.Column("actor_username", sa.String(80), nullable=True),
    sa.Column("actor_role", sa.String(20), nullable=True),
    sa.Column("actor_org_code", sa.String(40), nullable=True),
    sa.Column("decision", sa.String(10), nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.UniqueConstraint("source", "position", name="uq_trail_source_position"),
    sa.Index("ix_trail_teacher_position", "teacher_id", "source", "position"),
)

# what a change-request item of the trail adds (projections/trail.py): the request and the level
trail_changes = sa.Table(
    "trail_changes",
    metadata,
    sa.Column("source", sa.String(20), primary_key=True),
    sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("teacher_id", sa.String(36), nullable=False, index=True),
    sa.Column("change_id", sa.String(36), nullable=False),
    sa.Column("level", sa.String(20), nullable=True),  # school | province (decisions)
)

# the business modules' tables: 教师变动, training, rotation, module usage ---------------

# 教师变动: every change of every teacher, by records position (the stream's order)
staff_changes = sa.Table(
    "staff_changes",
    metadata,
    sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("teacher_id", sa.String(36), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),  # join|transfer|leave|retire|death
    sa.Column("date", sa.String(10), nullable=False),
    sa.Column("change_code", sa.String(4), nullable=False),
    sa.Column("status_after", sa.String(20), nullable=True),  # None for a transfer
    sa.Column("unit_code", sa.String(40), nullable=True),  # the unit (transfer: the old one)
    sa.Column("to_unit_code", sa.String(40), nullable=True),  # transfer only
    sa.Column("staff_source", sa.String(4), nullable=True),  # join only
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Index("ix_staff_changes_teacher_date", "teacher_id", "date", "position"),
)

# the entries of the training (国内培训) and rotation (交流轮岗) sets with their state;
# only `approved` (effective) entries count
training_entries = sa.Table(
    "training_entries",
    metadata,
    sa.Column("entry_id", sa.String(36), primary_key=True),
    sa.Column("teacher_id", sa.String(36), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("year", sa.Integer, nullable=True),
    sa.Column("hours", sa.Integer, nullable=True),
    sa.Column("credits", sa.Float, nullable=True),
    sa.Column("training_kind", sa.String(4), nullable=True),
    sa.Column("project_name", sa.String(200), nullable=True),
    sa.Index("ix_training_entries_teacher_year", "teacher_id", "year", "state"),
)

rotation_entries = sa.Table(
    "rotation_entries",
    metadata,
    sa.Column("entry_id", sa.String(36), primary_key=True),
    sa.Column("teacher_id", sa.String(36), nullable=False, index=True),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("rotation_kind", sa.String(4), nullable=True),
    sa.Column("transfers_relation", sa.String(2), nullable=True),
    sa.Column("start_month", sa.String(7), nullable=True),
    sa.Column("end_month", sa.String(7), nullable=True),
    sa.Column("origin_unit", sa.String(200), nullable=True),
    sa.Column("target_unit", sa.String(200), nullable=True),
)

# 业务管理应用情况 (附件4): when a unit first used each module (any of its events)
module_usage = sa.Table(
    "module_usage",
    metadata,
    sa.Column("unit_code", sa.String(40), primary_key=True),
    sa.Column("module", sa.String(20), primary_key=True),  # teacher_changes|rotation|training
    sa.Column("first_used_at", sa.String(40), nullable=False),
)

# a school's own yearly training requirement (TrainingRequirementSet; the latest wins)
training_requirements = sa.Table(
    "training_requirements",
    metadata,
    sa.Column("school_code", sa.String(40), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("hours", sa.Integer, nullable=False),
    sa.Column("credits", sa.Float, nullable=True),
    sa.Column("set_at", sa.String(40), nullable=False),
)

# every projection table, in the order a rebuild empties them and counts their rows
PROJECTIONS = (
    trail_changes,
    trail,
    teacher_states,
    teachers,
    orgs,
    staff_changes,
    training_entries,
    rotation_entries,
    module_usage,
    training_requirements,
)


def float_or_none(value):
    """A Float column's value from an entry's or event's field: None when empty."""
    return None if value in (None, "") else float(value)
