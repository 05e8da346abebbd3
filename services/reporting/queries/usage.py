"""业务管理应用情况 (附件4) read back: a unit uses a module by a cutoff when its
first use of it (projections/usage.py) is at or before the cutoff.
"""

import sqlalchemy as sa

from services.reporting.projections.usage import MODULES
from services.reporting.tables import module_usage

FLAGS = {module: f"uses_{module}" for module in MODULES}


def usage(conn, unit_codes: list, cutoff: str) -> dict:
    """`{unit_code: {uses_teacher_changes, uses_rotation, uses_training}}` as of `cutoff`."""
    used = (
        {
            (r.unit_code, r.module)
            for r in conn.execute(
                sa.select(module_usage.c.unit_code, module_usage.c.module).where(
                    module_usage.c.unit_code.in_(unit_codes), module_usage.c.first_used_at <= cutoff
                )
            )
        }
        if unit_codes
        else set()
    )
    return {
        code: {flag: (code, module) in used for module, flag in FLAGS.items()}
        for code in unit_codes
    }


def flag_rows(conn, rows: list, cutoff: str) -> list:
    """Add the three 是否启用 flags to each row of a monthly report."""
    flags = usage(conn, [r["unit_code"] for r in rows], cutoff)
    for row in rows:
        row.update(flags[row["unit_code"]])
    return rows


def flag_totals(rows: list) -> dict:
    """The totals' flags: whether any unit uses the module, and how many do."""
    totals: dict[str, bool | int] = {}
    for flag in FLAGS.values():
        totals[flag] = any(r[flag] for r in rows)
        totals[flag.replace("uses_", "units_using_")] = sum(1 for r in rows if r[flag])
    return totals
