"""教师变动 (teacher changes), pure: which change codes fit which kind, who may
record a change, the record's status after it, and the fold of the change events.

Kinds and their statistical codes (教师变动 code table; 1xx add, 2xx reduce):
- join (入职): 111 录用毕业生, 112 研究生, 114 本校研究生, 122 外单位教师调入,
  123 外单位高校教师调入, 131 校内外非教师调入; with 教职工来源 (staff_source)
- transfer (校内调动): 132 本校调整 — the record moves to another open unit of
  the same school
- leave (离职/调离): 212 调离教师岗位 or 215 减少其他 → status `left`
- retire (退休): 215 → `retired`;  death (死亡): 215 → `deceased`
Leaving, retiring and death are status changes with their date, never deletions.

Who: an info manager whose scope covers the teacher's unit; for a transfer also
the new unit, so in practice the school's (a unit manager sees no sibling unit).
Dates: YYYY-MM-DD, not in the future, not before the record's latest change.
"""

from datetime import date as Date
from typing import Any

from contracts.vocabulary.records import CODES
from services.records.domain.events import (
    TeacherDied,
    TeacherJoined,
    TeacherLeft,
    TeacherRetired,
    TeacherTransferred,
)
from services.records.domain.record_state import Record
from shared.caller import Caller
from shared.errors import Conflict, Forbidden, NotFound, ValidationError
from shared.events import DomainEvent
from shared.indicators import CODE_TABLES

# the code taken when none is given: the kinds that have one code only
DEFAULT_CODES = {kind: codes[0] for kind, codes in CODES.items() if len(codes) == 1}
EVENTS = {
    "join": TeacherJoined,
    "transfer": TeacherTransferred,
    "leave": TeacherLeft,
    "retire": TeacherRetired,
    "death": TeacherDied,
}
KIND_OF_EVENT = {cls.__name__: kind for kind, cls in EVENTS.items()}
STATUSES = ("active", "left", "retired", "deceased")
STATUS_AFTER = {"join": "active", "leave": "left", "retire": "retired", "death": "deceased"}
ALLOWED_FROM = {
    "join": ("active", "left"),
    "transfer": ("active",),
    "leave": ("active",),
    "retire": ("active",),
    "death": ("active", "retired"),
}
# 教职工来源 families (first digit) that fit each join code; 131 takes any source
SOURCE_FAMILIES = {"111": "1", "112": "1", "114": "1", "122": "34", "123": "34"}
CHANGE_ROLES = ("info_manager",)


def applies(event_type: str) -> bool:
    return event_type in KIND_OF_EVENT


def apply_change(
    record: Record, event_type: str, data: dict[str, Any], who: dict[str, Any]
) -> None:
    """Fold one change event into the record (its unit, status and list of changes)."""
    kind = KIND_OF_EVENT[event_type]
    change = {
        "staff_change_id": data["staff_change_id"],
        "kind": kind,
        "date": data["date"],
        "change_code": data["change_code"],
        "note": data.get("note") or "",
        "recorded_by": who,
    }
    if kind == "transfer":
        change.update(from_unit_code=data["from_unit_code"], to_unit_code=data["to_unit_code"])
        record.unit_code, record.unit_path = data["to_unit_code"], list(data["to_unit_path"])
    else:
        change["unit_code"] = data["unit_code"]
        if kind == "join":
            change["staff_source"] = data["staff_source"]
        record.status, record.status_date = STATUS_AFTER[kind], data["date"]
    record.staff_changes.append(change)


def check_code(kind: str, code: str | None, staff_source: str | None = None) -> str:
    """The change code for `kind` (its default when there is one and none is given)."""
    code = code or DEFAULT_CODES.get(kind)
    if code is None:
        raise ValidationError(
            "change_code is required for this kind",
            {
                "change_code": [
                    f"必填,可选 {'/'.join(CODES[kind])} (required: one of {', '.join(CODES[kind])})"
                ]
            },
        )
    if code not in CODES[kind]:
        raise ValidationError(
            f"change code {code} does not fit {kind}",
            {
                "change_code": [
                    f"{kind} 的变动代码应为 {'/'.join(CODES[kind])} (does not fit this kind)"
                ]
            },
        )
    if staff_source and staff_source not in CODE_TABLES["staff_source"]:
        raise ValidationError(
            "unknown staff_source",
            {
                "staff_source": [
                    f"不在「高校教职工来源」代码表中: {staff_source} (not in the code table)"
                ]
            },
        )
    families = SOURCE_FAMILIES.get(code)
    if kind == "join" and families and staff_source and staff_source[0] not in families:
        raise ValidationError(
            "staff_source does not fit the change code",
            {
                "staff_source": [
                    f"教职工来源 {staff_source} 与变动代码 {code} 不符"
                    " (does not fit the change code)"
                ]
            },
        )
    return code


def check_date(text: str, latest: str | None, today: Date) -> str:
    try:
        day = Date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationError("date must be YYYY-MM-DD", {"date": ["格式应为 YYYY-MM-DD"]})
    if day > today:
        raise ValidationError(
            "the change date is in the future",
            {"date": ["变动日期不能晚于今天 (must not be in the future)"]},
        )
    if latest and text < latest:
        raise ValidationError(
            "the change date is before the record's latest change",
            {"date": [f"不能早于上一次变动日期 {latest} (must not be before the latest change)"]},
        )
    return text


def check_target(
    record: Record, target: dict[str, Any] | None, unit_path: list[str], caller: Caller
) -> dict[str, Any]:
    """The unit a transfer goes to: a known, open unit of the same school, in scope."""
    if target is None or not caller.covers(target["path"]):
        raise NotFound("no such unit", {"to_unit_code": ["没有这个单位 (no such unit)"]})
    if target["level"] != "unit":
        raise ValidationError(
            "a transfer goes to a unit", {"to_unit_code": ["应为单位 (not a unit)"]}
        )
    if target["code"] == record.unit_code:
        raise ValidationError(
            "the teacher is in that unit already",
            {"to_unit_code": ["已在该单位 (already in that unit)"]},
        )
    if len(unit_path) < 2 or target["path"][:2] != list(unit_path[:2]):
        raise ValidationError(
            "a transfer stays within the school",
            {"to_unit_code": ["只能调往本校的单位 (must be a unit of the same school)"]},
        )
    if target["closed"]:
        raise Conflict(
            "the unit is closed", {"to_unit_code": ["该单位已撤销 (the unit is closed)"]}
        )
    return target


def decide_change(
    record: Record,
    caller: Caller,
    request: dict[str, Any],
    *,
    staff_change_id: str,
    today: Date,
    unit_path: list[str],
    target: dict[str, Any] | None = None,
) -> DomainEvent:
    """The event of a teacher change, or an error naming the field.

    `unit_path`: the current path of the teacher's unit; `target`: the org a transfer
    goes to, `{code, level, path, closed}` (None when unknown)."""
    kind = request["kind"]
    if caller.role not in CHANGE_ROLES or not caller.covers(unit_path):
        if caller.is_teacher(record.teacher_id) or (
            caller.role in ("system_admin", "info_manager", "info_query")
            and caller.covers(unit_path)
        ):
            raise Forbidden("teacher changes are recorded by an info manager")
        raise NotFound("no such teacher", {"teacher_id": ["no such teacher"]})
    if record.status not in ALLOWED_FROM[kind]:
        raise Conflict(
            f"a {record.status} teacher cannot {kind}",
            {"kind": [f"当前状态为 {record.status},不能办理 {kind} (not allowed in this status)"]},
        )
    if (
        kind == "join"
        and record.status == "active"
        and any(c["kind"] == "join" for c in record.staff_changes)
    ):
        raise Conflict("the teacher has joined already", {"kind": ["已办理入职 (joined already)"]})
    own = {"transfer": "to_unit_code", "join": "staff_source"}.get(kind)
    extra = sorted(n for n in ("to_unit_code", "staff_source") if request.get(n) and n != own)
    if extra:
        raise ValidationError(
            f"{', '.join(extra)} do not apply to {kind}",
            {name: [f"{kind} 不填此项 (does not apply)"] for name in extra},
        )
    latest = max((c["date"] for c in record.staff_changes), default=None)
    day = check_date(request["date"], latest, today)
    code = check_code(kind, request.get("change_code"), request.get("staff_source"))
    common: dict[str, Any] = {
        "teacher_id": record.teacher_id,
        "staff_change_id": staff_change_id,
        "date": day,
        "change_code": code,
        "note": request.get("note") or "",
    }
    if kind == "transfer":
        if not request.get("to_unit_code"):
            raise ValidationError("to_unit_code is required", {"to_unit_code": ["必填 (required)"]})
        to = check_target(record, target, unit_path, caller)
        return TeacherTransferred(
            **common,
            from_unit_code=record.unit_code,
            from_unit_path=list(unit_path),
            to_unit_code=to["code"],
            to_unit_path=list(to["path"]),
        )
    here: dict[str, Any] = {"unit_code": record.unit_code, "unit_path": list(unit_path)}
    if kind == "join":
        if not request.get("staff_source"):
            raise ValidationError(
                "staff_source is required to join", {"staff_source": ["必填:教职工来源 (required)"]}
            )
        return TeacherJoined(**common, staff_source=request["staff_source"], **here)
    event: DomainEvent = EVENTS[kind](**common, **here)
    return event
