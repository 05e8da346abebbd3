"""Teacher accounts in bulk from a sheet (批量导入): the template, a dry run that
reports every bad row and field, and an import of all rows or none.

The rows are checked by `domain.teacher_rows` (the rules of a single teacher plus
the sheet's own: duplicates and numbers already registered); each account is
appended by `people.append_teacher`, all in one serialized transaction.
"""
import os

import eventlet
import sqlalchemy as sa

from services.accounts import credentials as creds
from services.accounts import people, sheets, template
from services.accounts.domain import rules
from services.accounts.domain.teacher_rows import (ALIASES, COLUMNS, CONFLICT, Unit,
                                                   check_sheet)
from services.accounts.models import orgs, path_list
from services.accounts.orgs import find_in_reach
from shared.caller import Caller
from shared.errors import Conflict, Forbidden, ValidationError

HASH_WORKERS = max(2, min(8, os.cpu_count() or 2))


def import_template(storage, caller: Caller, fmt: str) -> dict:
    _check_role(caller)
    if fmt == "csv":
        return sheets.file_answer("teacher-import-template.csv", sheets.CSV,
                                  sheets.csv_bytes([list(COLUMNS.values())]))
    with storage.connect() as conn:
        units = conn.execute(sa.select(orgs.c.code, orgs.c.name).where(
            orgs.c.path.contains(f"/{caller.org_code}/", autoescape=True),
            orgs.c.level.in_(("school", "unit")), orgs.c.closed.is_(False))
            .order_by(orgs.c.path)).all()
    return sheets.file_answer("teacher-import-template.xlsx", sheets.XLSX,
                              sheets.workbook_bytes(template.teacher_template(units)))


def import_teachers(storage, caller: Caller, data: dict) -> dict:
    _check_role(caller)
    rows = sheets.records(sheets.read_table(sheets.decode(data["content"])), COLUMNS, ALIASES)
    default_unit = data.get("unit_code")
    with storage.connect() as conn:
        if default_unit:
            find_in_reach(conn, caller, default_unit, "unit_code")
        check = _check(conn, caller, rows, default_unit)
    if data["dry_run"]:
        return check.report()
    if not rows:
        raise sheets.bad_file("表中没有数据行 (the sheet has no rows)")
    _refuse_if_bad(check)
    passwords = [rules.initial_password() for _ in check.good]
    hashes = list(eventlet.GreenPool(HASH_WORKERS).imap(creds.hash_initial_password, passwords))
    created = []
    with storage.transaction() as uow:
        uow.serialize()
        check = _check(uow.conn, caller, rows, default_unit)  # again, now that no one writes
        _refuse_if_bad(check)
        sequence = people.next_teacher_sequence(uow.conn)
        for i, ((number, row), password, password_hash) in enumerate(
                zip(check.good, passwords, hashes)):
            unit_path = list(check.units[row["unit_code"]].path)
            issued = people.append_teacher(uow, row, unit_path, password_hash, sequence + i)
            created.append({"row": number, **issued, "initial_password": password})
    return {"created": created}


def _check_role(caller: Caller):
    if caller.role not in rules.TEACHER_CREATORS:
        raise Forbidden("only a system admin or info manager may import teacher accounts")


def _check(conn, caller, rows, default_unit):
    return check_sheet(rows, caller, default_unit=default_unit,
                       find_units=lambda codes: _units(conn, codes),
                       find_registered=lambda pairs: people.registered(conn, pairs))


def _units(conn, codes: set) -> dict:
    found = {}
    codes = sorted(codes)
    for start in range(0, len(codes), 500):
        for row in conn.execute(sa.select(orgs.c.code, orgs.c.level, orgs.c.path, orgs.c.closed)
                                .where(orgs.c.code.in_(codes[start:start + 500]))):
            found[row.code] = Unit(row.code, row.level, tuple(path_list(row.path)),
                                   bool(row.closed))
    return found


def _refuse_if_bad(check):
    if not check.errors:
        return
    report = check.report()
    bad = len({e.row for e in check.errors})
    message = f"{bad} 行有错误,未导入任何数据 ({bad} rows are wrong; nothing was imported)"
    error = Conflict if all(e.code == CONFLICT for e in check.errors) else ValidationError
    raise error(message, {"rows": report["errors"]})
