"""The accounts read side. `apply` (the store's `on_append`) keeps the read tables in step
with each appended event (same transaction): accounts, ID documents and rosters here, the
org tree in `orgs`, login state and the security log in `security_log`.
Events are read in their current version (`shared.envelope.current`), as consumers read
them: an event appended in an older shape is projected through its upcasters."""
import sqlalchemy as sa

from services.accounts import tables
from services.accounts.read_model import orgs, security_log
from services.accounts.tables import accounts, id_documents, path_text, rosters
from shared.envelope import current


def apply(conn, envelope: dict):
    envelope = current(envelope)
    handler = HANDLERS.get(envelope["type"])
    if handler:
        handler(conn, envelope["data"], envelope["occurred_at"])
    security_log.apply(conn, envelope)  # login state, lifecycle, the security log


def _account_created(conn, data, at):
    conn.execute(accounts.insert().values(
        account_id=data["account_id"], username=data["username"], name=data["name"],
        role=data["role"], org_code=data["org_code"], org_path=path_text(data["org_path"]),
        must_change_password=data.get("must_change_password", True), password_version=1, disabled=False, created_at=at))


def _teacher_generated(conn, data, at):
    conn.execute(accounts.insert().values(
        account_id=data["account_id"], username=data["username"], name=data["name"],
        role="teacher", org_code=data["unit_code"], org_path=path_text(data["unit_path"]),
        teacher_id=data["teacher_id"], teacher_no=data["teacher_no"],
        must_change_password=True, password_version=1, disabled=False, created_at=at))
    conn.execute(id_documents.insert().values(
        id_type=data["id_type"], id_number=data["id_number"], account_id=data["account_id"]))


def _password_changed(conn, data, at):
    conn.execute(accounts.update().where(accounts.c.account_id == data["account_id"]).values(
        must_change_password=(data["reason"] != "changed"),
        password_version=accounts.c.password_version + 1))


def _teacher_account_moved(conn, data, at):
    """A transferred teacher's account follows the record (handlers/staff_status.py)."""
    conn.execute(accounts.update().where(accounts.c.account_id == data["account_id"]).values(
        org_code=data["unit_code"], org_path=path_text(data["unit_path"])))


def _roster_filed(conn, data, at):
    values = {"leader": data["leader"], "staff": data["staff"], "filed_by": data["filed_by"],
              "filed_at": at}
    done = conn.execute(rosters.update().where(rosters.c.unit_code == data["unit_code"])
                        .values(**values, version=rosters.c.version + 1))
    if not done.rowcount:
        conn.execute(rosters.insert().values(unit_code=data["unit_code"], version=1, **values))


HANDLERS = {
    **orgs.HANDLERS,  # OrgCreated, OrgRenamed, OrgMoved, OrgClosed
    "AccountCreated": _account_created,
    "TeacherAccountGenerated": _teacher_generated,
    "PasswordChanged": _password_changed,
    "RosterFiled": _roster_filed,
    "TeacherAccountMoved": _teacher_account_moved,
}


def tables_to_reset():
    return [accounts, id_documents, tables.orgs, rosters, *security_log.tables_to_reset()]


def count(conn, table) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
