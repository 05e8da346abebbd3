"""The accounts read side. `apply` (the store's `on_append`) keeps the read tables in step
with each appended event (same transaction): accounts and ID documents (`accounts`), the
org tree (`orgs`), rosters (`rosters`), login state and the security log (`security_log`);
each of those modules also holds its feature's queries and answers.
Events are read in their current version (`shared.events.current`), as consumers read
them: an event appended in an older shape is projected through its upcasters."""

import sqlalchemy as sa

from services.accounts import tables
from services.accounts.read_model import accounts, orgs, rosters, security_log
from shared.events import current


def apply(conn, envelope: dict):
    envelope = current(envelope)
    handler = HANDLERS.get(envelope["type"])
    if handler:
        handler(conn, envelope["data"], envelope["occurred_at"])
    security_log.apply(conn, envelope)  # login state, lifecycle, the security log


HANDLERS = {
    **orgs.HANDLERS,  # OrgCreated, OrgRenamed, OrgMoved, OrgClosed
    "AccountCreated": accounts.account_created,
    "TeacherAccountGenerated": accounts.teacher_generated,
    "PasswordChanged": accounts.password_changed,
    "RosterFiled": rosters.roster_filed,
    "TeacherAccountMoved": accounts.teacher_account_moved,
}


def tables_to_reset():
    return [
        tables.accounts,
        tables.id_documents,
        tables.orgs,
        tables.rosters,
        *security_log.tables_to_reset(),
    ]


def count(conn, table) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
