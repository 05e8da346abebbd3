"""Teacher information in bulk from a sheet (信息批量导入): the template, a dry run that
reports every bad row and field, and an import of every row or of the good rows.

Reading and deciding are pure (`domain.sheet_rows`, `domain.sheet_entries`) and the
template is drawn in `adapters/info_template.py`; here the teachers are found by ID
number, their records loaded at once, and the events appended like online fills
(EntryFilled, the importing manager as the actor), with the expected version of each
teacher's stream. `all_or_nothing` appends every row in one transaction or nothing;
`good_rows` appends the good rows in transactions of whole teachers (`BATCH_TEACHERS`);
a row is never written in part.
"""

import logging
import uuid

import eventlet
import sqlalchemy as sa

from contracts.records.info_import import ALL_OR_NOTHING
from services.records.adapters import info_template as template
from services.records.domain import record as domain
from services.records.domain.sheet_entries import (
    TeacherPlan,
    TeacherRef,
    data_of,
    identify,
    plan_teacher,
)
from services.records.domain.sheet_rows import RowError, detect, layouts, read_sheet
from services.records.repository import TeacherRecords
from services.records.tables import orgs, teachers
from shared import sheets
from shared.caller import MANAGER_ROLES, Caller
from shared.errors import ConcurrencyConflict, Conflict, Forbidden, NotFound, ValidationError
from shared.events import NewEvent
from shared.indicators import describe_sets
from shared.org_tree import path_list

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 60
BATCH_TEACHERS = 250
log = logging.getLogger(__name__)


def _check_role(caller: Caller):
    if caller.role not in MANAGER_ROLES:
        raise Forbidden("only a system admin or info manager may import teacher information")
    if caller.org_level == "province":  # as in the record: the province fills nothing
        raise Forbidden("the province enters no teacher information (省级不填报)")


def info_template(storage, caller: Caller, query: dict) -> dict:
    _check_role(caller)
    sets = layouts(describe_sets())
    if query["format"] == "csv":
        layout = sets.get(query.get("set") or "")
        if layout is None:
            raise ValidationError(
                "name the set of the CSV template",
                {"set": [f"CSV 模板每个信息子集一个文件,请指定 set ({', '.join(sets)})"]},
            )
        return sheets.file_answer(
            f"teacher-info-{layout.name}.csv",
            sheets.CSV,
            sheets.csv_bytes(template.csv_template(layout)),
        )
    return sheets.file_answer(
        "teacher-info-template.xlsx",
        sheets.XLSX,
        sheets.workbook_bytes(template.template_workbook(sets)),
    )


def import_info(storage, caller: Caller, data: dict) -> dict:
    _check_role(caller)
    sets = layouts(describe_sets())
    rows, errors = _read(sets, sheets.decode(data["content"], MAX_BYTES), data.get("set"))
    bad = {(e.sheet, e.row) for e in errors}
    by_teacher, found_errors = identify(
        [r for r in rows if (r.sheet, r.number) not in bad],
        _find_teachers(storage, {r.id_number for r in rows}),
        caller,
    )
    errors += found_errors
    plans = _plan(storage, caller, by_teacher)
    if not data["dry_run"]:
        if not rows:
            raise sheets.bad_file("表中没有数据行 (the sheet has no rows)")
        if data["mode"] == ALL_OR_NOTHING and (errors or any(p.errors for p in plans)):
            report = _report(sets, rows, errors + [e for p in plans for e in p.errors])
            bad_rows = report["rows"] - report["valid"]
            raise ValidationError(
                f"{bad_rows} 行有错误,未导入任何数据 "
                f"({bad_rows} rows are wrong; nothing was imported)",
                {"rows": report["errors"]},
            )
        plans = _write(storage, caller, plans, data["mode"], by_teacher)
    report = _report(sets, rows, errors + [e for p in plans for e in p.errors])
    if not data["dry_run"]:
        report["written"] = sum(len(p.events) for p in plans)
        report["unchanged"] = sum(len(p.unchanged) for p in plans)
    return report


def _read(sets, raw: bytes, set_name: str | None):
    if set_name and set_name not in sets:
        raise ValidationError(
            f"no information set {set_name}",
            {"set": [f"没有此信息子集 (unknown set; one of {', '.join(sets)})"]},
        )
    by_title = {**{s.label: s for s in sets.values()}, **sets}
    tables = sheets.read_sheets(raw, MAX_COLUMNS, MAX_ROWS, wanted=lambda title: title in by_title)
    rows, errors = [], []
    for title, table in tables:
        layout = by_title.get(title) or sets.get(set_name or "") or detect(sets, table)
        if layout is None:
            raise sheets.bad_file(
                "无法判断 CSV 属于哪个信息子集,请指定 set (name the set of the CSV)"
            )
        more_rows, more_errors = read_sheet(layout, table)
        rows += more_rows
        errors += more_errors
    if not tables:
        raise sheets.bad_file("没有可导入的表,请使用导入模板 (no sheet named after a set)")
    return rows, errors


def _find_teachers(storage, numbers: set) -> dict[str, list[TeacherRef]]:
    """The teachers holding each ID number, with their units' current paths; catches up
    with accounts first when a number is unknown (a new teacher on its way)."""
    found = _teachers(storage, numbers)
    if {n for n in numbers if n} - set(found):
        try:
            storage.catch_up("accounts")
        except Exception as exc:
            log.warning("records: catching up with accounts before an import failed: %s", exc)
        found = _teachers(storage, numbers)
    return found


def _teachers(storage, numbers: set) -> dict[str, list[TeacherRef]]:
    ordered = sorted(n for n in numbers if n)
    found: dict[str, list[TeacherRef]] = {}
    paths: dict[str, str] = {}
    with storage.connect() as conn:
        rows = []
        for start in range(0, len(ordered), 500):
            rows += conn.execute(
                sa.select(teachers).where(teachers.c.id_number.in_(ordered[start : start + 500]))
            ).all()
        codes = sorted({r.unit_code for r in rows})
        for start in range(0, len(codes), 500):
            paths.update(
                conn.execute(
                    sa.select(orgs.c.code, orgs.c.path).where(
                        orgs.c.code.in_(codes[start : start + 500])
                    )
                ).all()
            )
    for r in rows:
        path = path_list(paths.get(r.unit_code) or r.unit_path)
        found.setdefault(r.id_number, []).append(TeacherRef(r.teacher_id, r.name, tuple(path)))
    return found


def _plan(storage, caller, by_teacher: dict) -> list[TeacherPlan]:
    """Each teacher's plan on the record as it is now (one read for every stream)."""
    with storage.connect() as conn:
        records = TeacherRecords.reading(conn, storage.store).many(
            [t.teacher_id for t in by_teacher]
        )
    plans = []
    for i, (teacher, rows) in enumerate(by_teacher.items()):
        record = _opened(teacher, records[teacher.teacher_id])
        plans.append(
            plan_teacher(record, caller, rows, unit_path=list(teacher.unit_path), new_id=_new_id)
        )
        if i % 200 == 199:
            eventlet.sleep(0)  # a long sheet lets the service's other work run
    return plans


def _new_id() -> str:
    return str(uuid.uuid4())


def _write(storage, caller, plans, mode, by_teacher) -> list[TeacherPlan]:
    """Append the plans' events; in `good_rows` a batch that meets a record changed
    meanwhile is redone teacher by teacher on the fresh record."""
    pending = [p for p in plans if p.events]
    size = len(pending) if mode == ALL_OR_NOTHING else BATCH_TEACHERS
    done = {p.teacher_id: p for p in plans}
    teachers_by_id = {t.teacher_id: (t, rows) for t, rows in by_teacher.items()}
    for start in range(0, len(pending), max(size, 1)):
        batch = pending[start : start + size]
        try:
            with storage.transaction() as uow:
                TeacherRecords.writing(uow).save_many(
                    [(p.teacher_id, p.version, _new_events(p)) for p in batch]
                )
        except ConcurrencyConflict as exc:
            if mode == ALL_OR_NOTHING:
                raise Conflict(
                    "records changed during the import; nothing was imported, "
                    "import the sheet again",
                    exc.fields,
                ) from None
            for plan in batch:
                done[plan.teacher_id] = _redo(storage, caller, *teachers_by_id[plan.teacher_id])
        # no yield here: the batches are savepoints of the command's one transaction, and
        # a SQLite writer waiting on its lock would block the whole process meanwhile
    return list(done.values())


def _new_events(plan: TeacherPlan) -> list[NewEvent]:
    return [NewEvent(e.type_name(), e.version, data_of(e)) for e in plan.events]


def _opened(teacher: TeacherRef, record: domain.Record | None) -> domain.Record:
    """The teacher's record; the teachers table names only teachers whose record opened,
    in the same transaction, so a missing one is a broken database, said as such."""
    if record is None:
        raise NotFound(f"teacher {teacher.teacher_id} has no record stream")
    return record


def _redo(storage, caller, teacher: TeacherRef, rows) -> TeacherPlan:
    with storage.transaction() as uow:
        uow.serialize()  # nobody changes the record between reading and appending
        records = TeacherRecords.writing(uow)
        record = _opened(teacher, records.find(teacher.teacher_id))
        plan = plan_teacher(record, caller, rows, unit_path=list(teacher.unit_path), new_id=_new_id)
        records.save_many([(teacher.teacher_id, plan.version, _new_events(plan))])
    return plan


def _report(sets, rows, errors: list[RowError]) -> dict:
    order = {name: i for i, name in enumerate(sets)}
    errors = sorted(set(errors), key=lambda e: (order[e.sheet], e.row, e.field))
    bad = {(e.sheet, e.row) for e in errors}
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        count = counts.setdefault(row.sheet, {"rows": 0, "valid": 0})
        count["rows"] += 1
        count["valid"] += (row.sheet, row.number) not in bad
    views = [
        {
            "sheet": e.sheet,
            "title": sets[e.sheet].label,
            "row": e.row,
            "field": e.field,
            "column": sets[e.sheet].column_label(e.field),
            "message": e.message,
        }
        for e in errors
    ]
    return {
        "rows": len(rows),
        "valid": sum(c["valid"] for c in counts.values()),
        "sheets": counts,
        "errors": views,
    }
