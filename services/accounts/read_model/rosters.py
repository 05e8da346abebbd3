"""Workgroup rosters (工作组名单, 附表三) on the accounts read side: the `rosters` table kept
in step with `RosterFiled` (same transaction), and the rosters and the export read from it."""

import sqlalchemy as sa

from services.accounts.adapters import roster_sheet, sheets
from services.accounts.domain import roster as rules
from services.accounts.read_model.orgs import find_org
from services.accounts.tables import orgs, rosters
from shared.caller import Caller
from shared.errors import NotFound
from shared.org_tree import path_list


def roster_filed(conn, data, at):
    values = {
        "leader": data["leader"],
        "staff": data["staff"],
        "filed_by": data["filed_by"],
        "filed_at": at,
    }
    done = conn.execute(
        rosters.update()
        .where(rosters.c.unit_code == data["unit_code"])
        .values(**values, version=rosters.c.version + 1)
    )
    if not done.rowcount:
        conn.execute(rosters.insert().values(unit_code=data["unit_code"], version=1, **values))


# reading ----------------------------------------------------------------------
def unit_in_scope(conn, caller: Caller, code: str, field: str = "code"):
    org = find_org(conn, code, field)
    if not caller.covers(path_list(org.path)):
        raise NotFound(f"no org {code}", {field: ["没有这个机构 (no such org)"]})
    return org


def get_roster(storage, caller: Caller, code: str) -> dict:
    rules.check_reader(caller)
    with storage.connect() as conn:
        unit = unit_in_scope(conn, caller, code)
        row = conn.execute(sa.select(rosters).where(rosters.c.unit_code == code)).first()
    return _item(caller, unit, row)


def _item(caller: Caller, unit, row) -> dict:
    filed = row is not None and row.filed_at is not None
    return {
        "unit_code": unit.code,
        "unit_name": unit.name,
        "parent_code": unit.parent_code,
        "filed": filed,
        "leader": rules.view_for(caller, row.leader) if filed else None,
        "staff": rules.view_for(caller, row.staff) if filed else None,
        "filed_at": row.filed_at if filed else None,
        "filed_by": row.filed_by if filed else None,
        "version": row.version if filed else 0,
    }


def list_rosters(storage, caller: Caller, query: dict) -> dict:
    """Every open unit below the org (default: the caller's), filed or not."""
    rules.check_reader(caller)
    code = query.get("org_code") or caller.org_code
    with storage.connect() as conn:
        org = unit_in_scope(conn, caller, code, "org_code")
        units = conn.execute(
            sa.select(
                orgs,
                rosters.c.leader,
                rosters.c.staff,
                rosters.c.filed_by,
                rosters.c.filed_at,
                rosters.c.version,
            )
            .select_from(orgs.outerjoin(rosters, rosters.c.unit_code == orgs.c.code))
            .where(
                orgs.c.path.contains(f"/{code}/", autoescape=True),
                orgs.c.level == rules.ROSTER_LEVEL,
                orgs.c.closed.is_(False),
            )
            .order_by(orgs.c.path)
        ).all()
        schools = dict(
            conn.execute(sa.select(orgs.c.code, orgs.c.name).where(orgs.c.level == "school")).all()
        )
    items = []
    for unit in units:
        school = next((c for c in path_list(unit.path) if c in schools), None)
        items.append(
            _item(caller, unit, unit) | {"school_code": school, "school_name": schools.get(school)}
        )
    missing = [item["unit_code"] for item in items if not item["filed"]]
    return {
        "org_code": org.code,
        "org_name": org.name,
        "total": len(items),
        "filed": len(items) - len(missing),
        "not_filed": missing,
        "items": items,
    }


def export_rosters(storage, caller: Caller, query: dict) -> dict:
    overview = list_rosters(storage, caller, query)
    content = sheets.workbook_bytes(roster_sheet.workbook(overview))
    return sheets.file_answer(f"roster-{overview['org_code']}.xlsx", sheets.XLSX, content)
