"""The records copy of the org tree (the `orgs` table, kept by `shared.org_tree` from
accounts' events) as the commands ask it: one org by its code."""

import sqlalchemy as sa

from services.records.tables import orgs
from shared import org_tree


def org_row(conn, code: str | None) -> dict | None:
    """An org as the records copy of the tree knows it, or None."""
    if not code:
        return None
    row = conn.execute(sa.select(orgs).where(orgs.c.code == code)).first()
    if row is None:
        return None
    return {
        "code": row.code,
        "level": row.level,
        "path": org_tree.path_list(row.path),
        "closed": bool(row.closed),
        "name": row.name,
    }


def unit_path_of(conn, record) -> list:
    """Where a record's unit is in the org tree now (units move)."""
    return org_tree.current_path(conn, record.unit_code, record.unit_path)
