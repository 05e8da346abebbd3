"""Who reads reporting's answers: system admins, info managers and info query
accounts, within their org subtree. An org outside the caller's scope answers
NotFound, exactly like one that does not exist.
"""

import sqlalchemy as sa

from services.reporting.tables import orgs
from shared.caller import Caller
from shared.errors import Forbidden, NotFound
from shared.org_tree import path_list

READER_ROLES = ("system_admin", "info_manager", "info_query")


def require_reader(caller: Caller):
    if caller.role not in READER_ROLES:
        raise Forbidden("reports are for managers and query accounts")


def org_in_scope(conn, caller: Caller, code: str):
    row = conn.execute(sa.select(orgs).where(orgs.c.code == code)).first()
    if row is None or not caller.covers(path_list(row.path)):
        raise NotFound(f"no org {code}", {"org_code": ["没有这个机构 (no such org)"]})
    return row
