"""The org tree (机构) on the accounts read side: the org events' side of the read
tables (the org tree itself, the same table and handlers as every other service's copy,
shared.org_tree, and, when a unit moves, the paths of the accounts in its subtree), and
the org lookups and answers read from it."""

import sqlalchemy as sa

from services.accounts.tables import accounts, orgs
from shared import org_tree
from shared.caller import Caller
from shared.errors import NotFound
from shared.org_tree import path_list


def _org_moved(conn, data, at):
    old = org_tree.path_of(conn, data["code"])
    org_tree.org_moved(conn, data, at)
    if old is None:
        return
    old_text, new_text = org_tree.path_text(old), org_tree.path_text(data["path"])
    conn.execute(
        accounts.update()
        .where(accounts.c.org_path.startswith(old_text, autoescape=True))
        .values(
            org_path=sa.literal(new_text) + sa.func.substr(accounts.c.org_path, len(old_text) + 1)
        )
    )


HANDLERS = {**org_tree.APPLY, "OrgMoved": _org_moved}


# reading ----------------------------------------------------------------------
def find_org(conn, code: str, field: str = "code"):
    row = conn.execute(sa.select(orgs).where(orgs.c.code == code)).first()
    if row is None:
        raise NotFound(f"no org {code}", {field: [f"没有这个机构 (no org {code})"]})
    return row


def find_in_reach(conn, caller: Caller, code: str, field: str = "code"):
    """The org when it lies in the caller's subtree or above it (then the rules say
    Forbidden); NotFound for anything beside it."""
    row = find_org(conn, code, field)
    if not caller.covers(path_list(row.path)) and row.code not in caller.org_path:
        raise NotFound(f"no org {code}", {field: ["没有这个机构 (no such org)"]})
    return row


def get_org(storage, caller: Caller, code: str) -> dict:
    with storage.connect() as conn:
        row = find_org(conn, code)
        if not caller.covers(path_list(row.path)):
            raise NotFound(f"no org {code}", {"code": ["没有这个机构 (no such org)"]})
        children = conn.execute(
            sa.select(orgs).where(orgs.c.parent_code == code).order_by(orgs.c.code)
        ).all()
    return org_view(row) | {"children": [org_view(c) for c in children]}


def org_view(row) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "level": row.level,
        "parent_code": row.parent_code,
        "path": path_list(row.path),
        "institution_code": row.institution_code,
        "closed": bool(row.closed),
        "closed_at": row.closed_at,
    }


def list_orgs(storage, caller: Caller) -> list[dict]:
    """Every org in the caller's subtree (used by reporting and the frontend)."""
    with storage.connect() as conn:
        rows = conn.execute(
            sa.select(orgs)
            .where(orgs.c.path.contains(f"/{caller.org_code}/", autoescape=True))
            .order_by(orgs.c.path)
        ).all()
    return [org_view(r) for r in rows]
