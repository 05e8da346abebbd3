"""业务管理应用情况 (附件4): when each unit first used each business module
(`module_usage`). A module's use is an event: a teacher change (for the
teacher's unit; a transfer for both units, staff_changes.py), or any entry
filled in the training or rotation set (for the teacher's unit then, a draft
too: set_entries.py). The earliest instant seen wins, whatever the order.
"""

import sqlalchemy as sa

from services.reporting.tables import module_usage

MODULES = ("teacher_changes", "rotation", "training")


def used(conn, unit_codes: list, module: str, at: str):
    """Remember the first use of `module` by each unit (the earliest instant wins)."""
    for code in {c for c in unit_codes if c}:
        key = (module_usage.c.unit_code == code, module_usage.c.module == module)
        first = conn.execute(sa.select(module_usage.c.first_used_at).where(*key)).scalar()
        if first is None:
            conn.execute(
                module_usage.insert().values(unit_code=code, module=module, first_used_at=at)
            )
        elif at < first:
            conn.execute(module_usage.update().where(*key).values(first_used_at=at))
