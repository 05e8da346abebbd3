"""From sheet rows to entry fills, pure: whose record each row belongs to, and what it
changes there.

A row names its teacher by ID number; the teacher must exist and lie in the
caller's scope (another unit's teacher answers like an unknown one). Each row is
then filled through `record.fill`, the same decision as an online fill (who may
fill the set, entry states, the set's rules over the merged fields). A one-entry
set updates its entry; a many-entry set updates the entry whose key fields
(`entry_key`) are the row's, or adds one. A row that changes nothing appends
nothing, so importing the same sheet again leaves the record as it was. A row is
taken whole or not at all.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from services.records.domain import record as domain
from services.records.domain.events import EntryFilled
from services.records.domain.sheet_rows import ID, NAME, Row, RowError
from shared.caller import Caller
from shared.errors import DomainError
from shared.events import DomainEvent
from shared.indicators import SETS, SetDef, entry_key

NO_TEACHER = (
    "没有该证件号码的教师,或不在您的管辖范围内 (no teacher with this ID number in your scope)"
)
AMBIGUOUS = "该证件号码对应多位教师,请联系管理员 (the number belongs to several teachers)"
OTHER_NAME = "姓名与该证件号码的教师({name})不一致 (the name does not match the ID number)"
NO_KEY = "请至少填写{labels}之一,以识别该条记录 (fill a key field: it identifies the entry)"
DUPLICATE = "与本表第 {row} 行是同一条记录,重复 (the same entry as row {row})"


@dataclass(frozen=True)
class TeacherRef:
    teacher_id: str
    name: str
    unit_path: tuple[str, ...]  # the current path of the teacher's unit


@dataclass
class TeacherPlan:
    teacher_id: str
    version: int  # the stream's version the plan was made on
    events: list[EntryFilled] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)  # the rows the events write, in order
    unchanged: list[Row] = field(default_factory=list)  # rows equal to what the record holds
    errors: list[RowError] = field(default_factory=list)


def identify(
    rows: list[Row], found: dict[str, list[TeacherRef]], caller: Caller
) -> tuple[dict[TeacherRef, list[Row]], list[RowError]]:
    """`({TeacherRef: [rows]}, errors)`; `found`: ID number → the teachers holding it."""
    by_teacher: dict[TeacherRef, list[Row]] = {}
    errors: list[RowError] = []
    for row in rows:
        teachers = [t for t in found.get(row.id_number, ()) if caller.covers(t.unit_path)]
        if len(teachers) != 1:
            errors.append(
                RowError(row.sheet, row.number, ID, AMBIGUOUS if teachers else NO_TEACHER)
            )
        elif row.name and _plain(row.name) != _plain(teachers[0].name):
            errors.append(
                RowError(row.sheet, row.number, NAME, OTHER_NAME.format(name=teachers[0].name))
            )
        else:
            by_teacher.setdefault(teachers[0], []).append(row)
    return by_teacher, errors


def _plain(name: str) -> str:
    return "".join(name.split())


def plan_teacher(
    record: domain.Record,
    caller: Caller,
    rows: list[Row],
    *,
    unit_path: list[str],
    new_id: Callable[[], str],
    today: date | None = None,
) -> TeacherPlan:
    """The EntryFilled events of one teacher's rows, in sheet order, and the rows'
    errors. `record` is changed in memory as the events are decided."""
    plan = TeacherPlan(record.teacher_id, record.version)
    seen: dict[tuple[Any, ...], int] = {}
    actor = caller.actor()
    for row in rows:
        set_def = SETS[row.sheet]
        key = entry_key(set_def, row.fields) if set_def.many else ()
        if key is None:
            labels = "、".join(f"“{set_def.field(k).label}”" for k in set_def.key_fields)
            plan.errors.append(
                RowError(
                    row.sheet,
                    row.number,
                    (set_def.key_fields or ("_row",))[0],
                    NO_KEY.format(labels=labels),
                )
            )
            continue
        if (row.sheet, key) in seen:
            plan.errors.append(
                RowError(
                    row.sheet,
                    row.number,
                    set_def.key_fields[0] if set_def.many else ID,
                    DUPLICATE.format(row=seen[row.sheet, key]),
                )
            )
            continue
        seen[row.sheet, key] = row.number
        target = _target(record, set_def, key)
        if target is not None and all(target.fields.get(k) == v for k, v in row.fields.items()):
            plan.unchanged.append(row)
            continue
        try:
            event = domain.fill(
                record,
                caller,
                row.sheet,
                target.entry_id if set_def.many and target else None,
                dict(row.fields),
                new_entry_id=new_id(),
                adding=set_def.many and target is None,
                today=today,
                unit_path=unit_path,
            )
        except DomainError as error:
            plan.errors += errors_of(row, error)
            continue
        if target is not None and event.fields == target.fields:
            plan.unchanged.append(row)
            continue
        domain.apply(record, event.type_name(), data_of(event), actor, "")
        plan.events.append(event)
        plan.rows.append(row)
    return plan


def data_of(event: DomainEvent) -> dict[str, Any]:
    """The event's data without the deep copy of `to_data` (its values are fresh)."""
    return {f.name: getattr(event, f.name) for f in fields(event)}


def _target(record: domain.Record, set_def: SetDef, key: tuple[Any, ...]) -> domain.Entry | None:
    """The entry the row fills: the one entry of a one-entry set, else the entry of a
    many-entry set whose key fields hold the row's key."""
    entries = record.entries_of(set_def.name)
    if not set_def.many:
        return entries[0] if entries else None
    return next((e for e in entries if entry_key(set_def, e.fields) == key), None)


def errors_of(row: Row, error: DomainError) -> list[RowError]:
    """A refused fill as the row's errors, one per field it names."""
    if not error.fields:
        return [RowError(row.sheet, row.number, "_row", error.message)]
    return [
        RowError(
            row.sheet,
            row.number,
            name,
            "; ".join(map(str, messages)) if isinstance(messages, list) else str(messages),
        )
        for name, messages in error.fields.items()
    ]
