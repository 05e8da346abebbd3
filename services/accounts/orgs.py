"""The org tree: province → schools → units."""
import sqlalchemy as sa

from services.accounts.domain import rules
from services.accounts.domain.events import OrgCreated
from services.accounts.models import orgs, path_list
from shared.caller import Caller
from shared.errors import Conflict, NotFound


def find_org(conn, code: str, field: str = "code"):
    row = conn.execute(sa.select(orgs).where(orgs.c.code == code)).first()
    if row is None:
        raise NotFound(f"no org {code}", {field: [f"没有这个机构 (no org {code})"]})
    return row


def create_org(storage, caller: Caller, data: dict) -> dict:
    with storage.transaction() as uow:
        uow.serialize()
        parent = find_org(uow.conn, data["parent_code"], "parent_code")
        parent_path = path_list(parent.path)
        if not caller.covers(parent_path):
            raise NotFound(f"no org {parent.code}", {"parent_code": ["没有这个机构 (no such org)"]})
        rules.check_new_org(caller, parent.level, parent_path, data["level"])
        if uow.conn.execute(sa.select(orgs.c.code).where(orgs.c.code == data["code"])).first():
            raise Conflict(f"org {data['code']} exists", {"code": ["已存在 (already exists)"]})
        uow.append(f"org-{data['code']}", 0, [OrgCreated(
            code=data["code"], name=data["name"], level=data["level"],
            parent_code=parent.code, path=parent_path + [data["code"]])])
    return get_org(storage, caller, data["code"])


def get_org(storage, caller: Caller, code: str) -> dict:
    with storage.connect() as conn:
        row = find_org(conn, code)
        if not caller.covers(path_list(row.path)):
            raise NotFound(f"no org {code}", {"code": ["没有这个机构 (no such org)"]})
        children = conn.execute(sa.select(orgs).where(orgs.c.parent_code == code)
                                .order_by(orgs.c.code)).all()
    return org_view(row) | {"children": [org_view(c) for c in children]}


def org_view(row) -> dict:
    return {"code": row.code, "name": row.name, "level": row.level,
            "parent_code": row.parent_code, "path": path_list(row.path)}


def list_orgs(storage, caller: Caller) -> list[dict]:
    """Every org in the caller's subtree (used by reporting and the frontend)."""
    with storage.connect() as conn:
        rows = conn.execute(sa.select(orgs).where(orgs.c.path.like(f"%/{caller.org_code}/%"))
                            .order_by(orgs.c.path)).all()
    return [org_view(r) for r in rows]


