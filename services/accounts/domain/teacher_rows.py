"""Checking teacher rows (教师账号批量导入), pure: every row and every field.

A row is a dict of cell texts keyed by field name. `check_fields` checks one
row on its own — the same check `handlers.accounts.generate_teacher` applies to a single
teacher. `check_sheet` adds what needs the whole sheet or the system: the unit
(exists, lies in the caller's scope, takes teachers), the same number twice in
the sheet, and numbers already registered (一人一号, one person, one number).
"""

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.accounts.domain import rules
from shared import idnumbers
from shared.caller import Caller
from shared.errors import REQUIRED, DomainError
from shared.indicators.codetable_base import CodeTable
from shared.indicators.codetables import GENDER, ID_TYPE
from shared.text import problem as text_problem

# field name → the sheet's column header (the template's wording)
COLUMNS = {
    "name": "姓名",
    "gender": "性别",
    "birth_month": "出生年月",
    "id_type": "身份证件类型",
    "id_number": "身份证件号码",
    "unit_code": "单位代码",
}
# other headers the national system's and schools' own sheets use for the same columns
ALIASES = {
    "身份证件号": "id_number",
    "身份证号码": "id_number",
    "身份证号": "id_number",
    "证件号码": "id_number",
    "证件类型": "id_type",
    "单位": "unit_code",
}
BIRTH_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
NAME_MAX = 100
DEFAULT_ID_TYPE = idnumbers.RESIDENT_ID
INVALID, CONFLICT = "VALIDATION_ERROR", "CONFLICT"
NO_UNIT = "没有这个机构,或不在您的管辖范围内 (no such org in your scope)"
REGISTERED = "该证件号码已有教师账号 (already registered: one person, one number)"


@dataclass(frozen=True)
class Unit:
    code: str
    level: str
    path: tuple[str, ...]
    closed: bool = False


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str
    code: str = INVALID  # CONFLICT: the number is in the sheet twice or registered already

    def view(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "field": self.field,
            "column": COLUMNS[self.field],
            "message": self.message,
            "code": self.code,
        }


@dataclass(frozen=True)
class SheetCheck:
    rows: int
    good: list[tuple[int, dict[str, Any]]]  # [(row number, clean row)], in sheet order
    errors: list[RowError]
    units: dict[str, Unit]  # unit code → Unit, for the codes the sheet names

    def report(self) -> dict[str, Any]:
        valid = self.rows - len({e.row for e in self.errors})
        return {"rows": self.rows, "valid": valid, "errors": [e.view() for e in self.errors]}


def code_of(table: CodeTable, text: str) -> str | None:
    """The code of a cell holding the code, the label, or both ("1 男", "1-男")."""
    compact = re.sub(r"[\s\-:：.、]", "", text)
    for code, label in table.codes:
        if compact.upper() == code or compact in (label, code + label):
            return code
    return None


def check_fields(
    raw: dict[str, Any], *, default_unit: str | None = None, today: date | None = None
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One row on its own: (the fields that passed, [(field, message)])."""
    text = {name: str(raw.get(name) or "").strip() for name in COLUMNS}
    clean: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []

    def problem(field: str, message: str) -> None:
        problems.append((field, message))

    if not text["name"]:
        problem("name", REQUIRED)
    elif len(text["name"]) > NAME_MAX:
        problem("name", f"至多 {NAME_MAX} 个字 (at most {NAME_MAX} characters)")
    elif refused := text_problem(text["name"]):
        problem("name", refused)
    else:
        clean["name"] = text["name"]
    for field, table in (("gender", GENDER), ("id_type", ID_TYPE)):
        value = text[field] or (DEFAULT_ID_TYPE if field == "id_type" else "")
        code = code_of(table, value) if value else None
        if not value:
            problem(field, REQUIRED)
        elif code is None:
            codes = "、".join(f"{c} {label}" for c, label in table.codes)
            problem(field, f"代码 {value} 不在{table.label}代码表中,应为 {codes} (unknown code)")
        else:
            clean[field] = code
    if not text["birth_month"]:
        problem("birth_month", REQUIRED)
    elif not BIRTH_MONTH.match(text["birth_month"]):
        problem("birth_month", f"{text['birth_month']} 应为 YYYY-MM,如 1985-03 (expected YYYY-MM)")
    else:
        clean["birth_month"] = text["birth_month"]
    if not text["id_number"]:
        problem("id_number", REQUIRED)
    elif "id_type" in clean:
        try:
            clean["id_number"] = idnumbers.validate_id_document(
                clean["id_type"],
                text["id_number"],
                birth_month=clean.get("birth_month"),
                gender=clean.get("gender"),
                today=today,
            )
        except idnumbers.IdNumberError as exc:
            problem("id_number", str(exc))
    unit_code = text["unit_code"] or default_unit
    if unit_code:
        clean["unit_code"] = unit_code
    else:
        problem("unit_code", REQUIRED)
    return clean, problems


def unit_problem(caller: Caller, unit: Unit | None) -> str | None:
    """Why the caller may not put a teacher into `unit`, or None."""
    if unit is None or not caller.covers(unit.path):
        return NO_UNIT
    try:
        rules.check_new_teacher(caller, unit.level, list(unit.path), unit.closed)
    except DomainError as exc:
        return str((exc.fields.get("unit_code") or [exc.message])[0])
    return None


def check_sheet(
    rows: list[tuple[int, dict[str, Any]]],
    caller: Caller,
    *,
    find_units: Callable[[set[str]], dict[str, Unit]],
    find_registered: Callable[[set[tuple[str, str]]], Collection[tuple[str, str]]],
    default_unit: str | None = None,
    today: date | None = None,
) -> SheetCheck:
    """Every row of a sheet: `rows` is [(row number, raw row)];
    `find_units(codes)` → {code: Unit}; `find_registered({(id_type, id_number)})`
    → the pairs that already belong to an account."""
    checked = [
        (number, *check_fields(raw, default_unit=default_unit, today=today)) for number, raw in rows
    ]
    units = find_units({clean["unit_code"] for _, clean, _ in checked if "unit_code" in clean})
    registered = find_registered(
        {(clean["id_type"], clean["id_number"]) for _, clean, _ in checked if "id_number" in clean}
    )
    good: list[tuple[int, dict[str, Any]]] = []
    errors: list[RowError] = []
    first_seen: dict[tuple[str, str], int] = {}
    for number, clean, problems in checked:
        found = [RowError(number, field, message) for field, message in problems]
        if "unit_code" in clean:
            message = unit_problem(caller, units.get(clean["unit_code"]))
            if message:
                found.append(RowError(number, "unit_code", message))
        if "id_number" in clean:
            key = (clean["id_type"], clean["id_number"])
            if key in first_seen:
                found.append(
                    RowError(
                        number,
                        "id_number",
                        f"与第 {first_seen[key]} 行的证件号码"
                        f"重复 (duplicate of row {first_seen[key]})",
                        CONFLICT,
                    )
                )
            else:
                first_seen[key] = number
            if key in registered:
                found.append(RowError(number, "id_number", REGISTERED, CONFLICT))
        errors.extend(found)
        if not found:
            good.append((number, clean))
    return SheetCheck(len(rows), good, errors, units)
