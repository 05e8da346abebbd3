"""教师变动 (teacher changes): every join, transfer, leave, retirement and death in
`staff_changes`, by records position (the stream's order). A transfer moves the
teacher row (scope and trail follow the record); each change is a trail item
and a use of the teacher-changes module by the units it concerns.
"""

import sqlalchemy as sa

from services.reporting.projections.trail import add_item
from services.reporting.projections.usage import used
from services.reporting.tables import staff_changes, teachers
from shared import org_tree
from shared.org_tree import path_text

KIND_OF_EVENT = {
    "TeacherJoined": "join",
    "TeacherTransferred": "transfer",
    "TeacherLeft": "leave",
    "TeacherRetired": "retire",
    "TeacherDied": "death",
}
TRAIL_EVENT = {
    "join": "joined",
    "transfer": "transferred",
    "leave": "left",
    "retire": "retired",
    "death": "died",
}
STATUS_AFTER = {"join": "active", "leave": "left", "retire": "retired", "death": "deceased"}


def staff_change(uow, envelope):
    conn, data = uow.conn, envelope["data"]
    kind = KIND_OF_EVENT[envelope["type"]]
    at = org_tree.utc_at(envelope["occurred_at"])
    if (
        conn.execute(
            sa.select(staff_changes.c.position).where(
                staff_changes.c.position == envelope["position"]
            )
        ).first()
        is None
    ):
        conn.execute(
            staff_changes.insert().values(
                position=envelope["position"],
                teacher_id=data["teacher_id"],
                kind=kind,
                date=data["date"],
                change_code=data["change_code"],
                status_after=STATUS_AFTER.get(kind),
                unit_code=data.get("unit_code") or data.get("from_unit_code"),
                to_unit_code=data.get("to_unit_code"),
                staff_source=data.get("staff_source"),
                note=data.get("note"),
                at=at,
            )
        )
    units = [data.get("unit_code") or data.get("from_unit_code")]
    if kind == "transfer":  # the teacher row (scope, trail) follows the record
        conn.execute(
            teachers.update()
            .where(teachers.c.teacher_id == data["teacher_id"])
            .values(unit_code=data["to_unit_code"], unit_path=path_text(data["to_unit_path"]))
        )
        units.append(data["to_unit_code"])
    add_item(conn, {**envelope, "source": envelope.get("source") or "records"}, TRAIL_EVENT[kind])
    used(conn, units, "teacher_changes", at)
