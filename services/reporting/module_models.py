"""Reporting's tables of the business modules (projections only, rebuilt at will).

Defined on a template, like `shared/org_tree.py`: `define_tables` copies them into
the service's MetaData (models.py), and the statements built on the template
run against that database. Dates of changes are `YYYY-MM-DD`; instants are
UTC ISO 8601 with microseconds (string order is time order).
"""
import sqlalchemy as sa

_template = sa.MetaData()

# 教师变动: every change of every teacher, by records position (the stream's order)
staff_changes = sa.Table(
    "staff_changes", _template,
    sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("teacher_id", sa.String(36), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),        # join|transfer|leave|retire|death
    sa.Column("date", sa.String(10), nullable=False),
    sa.Column("change_code", sa.String(4), nullable=False),
    sa.Column("status_after", sa.String(20), nullable=True),  # None for a transfer
    sa.Column("unit_code", sa.String(40), nullable=True),     # the unit (transfer: the old one)
    sa.Column("to_unit_code", sa.String(40), nullable=True),  # transfer only
    sa.Column("staff_source", sa.String(4), nullable=True),   # join only
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Index("ix_staff_changes_teacher_date", "teacher_id", "date", "position"),
)

# the entries of the training (国内培训) and rotation (交流轮岗) sets with their state;
# only `approved` (effective) entries count
training_entries = sa.Table(
    "training_entries", _template,
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
    "rotation_entries", _template,
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
    "module_usage", _template,
    sa.Column("unit_code", sa.String(40), primary_key=True),
    sa.Column("module", sa.String(20), primary_key=True),  # teacher_changes|rotation|training
    sa.Column("first_used_at", sa.String(40), nullable=False),
)

# a school's own yearly training requirement (TrainingRequirementSet; the latest wins)
training_requirements = sa.Table(
    "training_requirements", _template,
    sa.Column("school_code", sa.String(40), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("hours", sa.Integer, nullable=False),
    sa.Column("credits", sa.Float, nullable=True),
    sa.Column("set_at", sa.String(40), nullable=False),
)

TABLES = (staff_changes, training_entries, rotation_entries, module_usage,
          training_requirements)


def define_tables(metadata: sa.MetaData) -> tuple:
    return tuple(table.to_metadata(metadata) for table in TABLES)
