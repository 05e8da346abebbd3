"""The org tree: province → schools (机构代码) → units, any depth of units.

Orgs are renamed, moved (units, within their school) and closed (units; never
deleted: their accounts and teachers keep their history). An org outside the
caller's scope answers NotFound, like one that does not exist; the caller's own
ancestors are known to it, so acting on them is Forbidden instead.
"""

import sqlalchemy as sa

from services.accounts.domain import rules, tree
from services.accounts.domain.events import OrgClosed, OrgCreated, OrgMoved, OrgRenamed
from services.accounts.read_model.orgs import find_in_reach, get_org
from services.accounts.repository import Orgs
from services.accounts.tables import orgs
from shared.caller import Caller
from shared.errors import Conflict
from shared.org_tree import path_list


def _check_institution_code_free(conn, institution_code: str | None, code: str | None = None):
    if institution_code is None:
        return
    holder = conn.execute(
        sa.select(orgs.c.code).where(orgs.c.institution_code == institution_code)
    ).scalar()
    if holder is not None and holder != code:
        raise Conflict(
            f"institution code {institution_code} belongs to {holder}",
            {"institution_code": ["机构代码已被使用 (already in use)"]},
        )


def create_org(storage, caller: Caller, data: dict) -> dict:
    with storage.transaction() as uow:
        uow.serialize()
        parent = find_in_reach(uow.conn, caller, data["parent_code"], "parent_code")
        parent_path = path_list(parent.path)
        rules.check_new_org(caller, parent.level, parent_path, data["level"], parent.closed)
        if uow.conn.execute(sa.select(orgs.c.code).where(orgs.c.code == data["code"])).first():
            raise Conflict(f"org {data['code']} exists", {"code": ["已存在 (already exists)"]})
        _check_institution_code_free(uow.conn, data.get("institution_code"))
        Orgs.writing(uow).add(
            data["code"],
            [
                OrgCreated(
                    code=data["code"],
                    name=data["name"],
                    level=data["level"],
                    parent_code=parent.code,
                    path=[*parent_path, data["code"]],
                    institution_code=data.get("institution_code"),
                )
            ],
        )
    return get_org(storage, caller, data["code"])


def rename_org(storage, caller: Caller, code: str, data: dict) -> dict:
    with storage.transaction() as uow:
        uow.serialize()
        org = find_in_reach(uow.conn, caller, code)
        tree.check_rename(caller, org.level, path_list(org.path), data.get("institution_code"))
        _check_institution_code_free(uow.conn, data.get("institution_code"), code)
        Orgs.writing(uow).append_at_head(
            code,
            [
                OrgRenamed(
                    code=code,
                    name=data.get("name", org.name),
                    institution_code=data.get("institution_code", org.institution_code),
                )
            ],
        )
    return get_org(storage, caller, code)


def move_org(storage, caller: Caller, code: str, data: dict) -> dict:
    with storage.transaction() as uow:
        uow.serialize()
        org = find_in_reach(uow.conn, caller, code)
        parent = find_in_reach(uow.conn, caller, data["parent_code"], "parent_code")
        old_path = path_list(org.path)
        new_path = tree.check_move(
            caller,
            org.level,
            old_path,
            org.closed,
            parent.level,
            path_list(parent.path),
            parent.closed,
        )
        Orgs.writing(uow).append_at_head(
            code,
            [
                OrgMoved(
                    code=code,
                    old_parent_code=org.parent_code,
                    parent_code=parent.code,
                    old_path=old_path,
                    path=new_path,
                )
            ],
        )
    return get_org(storage, caller, code)


def close_org(storage, caller: Caller, code: str, data: dict) -> dict:
    with storage.transaction() as uow:
        uow.serialize()
        org = find_in_reach(uow.conn, caller, code)
        open_children = (
            uow.conn.execute(
                sa.select(orgs.c.code).where(orgs.c.parent_code == code, orgs.c.closed.is_(False))
            )
            .scalars()
            .all()
        )
        tree.check_close(caller, org.level, path_list(org.path), org.closed, open_children)
        Orgs.writing(uow).append_at_head(
            code,
            [OrgClosed(code=code, reason=data["reason"].strip())],
        )
    return get_org(storage, caller, code)
