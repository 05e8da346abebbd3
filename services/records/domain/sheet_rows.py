"""Reading an information sheet (信息采集表), pure: its layout, its header and its rows.

The layout of each set comes from `describe_sets()` only, so the template and the
reader cannot drift: the first columns identify the teacher (身份证件号码, and 姓名 for
reading), then come the set's entered fields (labels as headers, a required one
marked `*`; a second, hidden header row names the fields). basic_info leaves out
the fields the account was generated from. A cell becomes a field value: a code
may be written as the code, as "code label" or as the label; several codes are
separated by `;`, `、` or `,`; months and dates typed as Excel dates are read too.
Nothing here judges a value: `validate_entry` does, when the row is filled.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from itertools import takewhile
from typing import Any

from services.records.domain.record import ACCOUNT_FIELDS
from shared.errors import REQUIRED

ID, NAME = "id_number", "name"
IDENTITY = {ID: "身份证件号码", NAME: "姓名"}
ALIASES = {"身份证件号": ID, "身份证号码": ID, "身份证号": ID, "证件号码": ID}
LEFT_OUT = {"basic_info": (NAME, *ACCOUNT_FIELDS)}
HEADER_SEARCH_ROWS = 5
SEPARATORS = re.compile(r"[;；,，、\n]+")
MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
NOT_COLUMNS = ("set", "entry_id", "_row", "_schema")
# a sheet's rows as shared.sheets reads them: (row number, the cells' values)
SheetRows = list[tuple[int, list[Any]]]


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    type: str
    required: bool = False
    table: str | None = None
    table_label: str | None = None
    codes: tuple[tuple[str, str], ...] = ()  # ((code, label), ...)
    help: str | None = None

    @property
    def header(self) -> str:
        return self.label + ("*" if self.required else "")


@dataclass(frozen=True)
class Layout:
    name: str
    label: str
    many: bool
    key_fields: tuple[str, ...]
    columns: tuple[Column, ...]  # the set's Columns, after the identity columns

    def headers(self) -> list[str]:
        return [IDENTITY[ID] + "*", IDENTITY[NAME]] + [c.header for c in self.columns]

    def field_names(self) -> list[str]:
        return [ID, NAME] + [c.field for c in self.columns]

    def column_label(self, name: str) -> str:
        """The header of a field's column; "" for what is not a column (the set, the
        entry's state), the text itself for a column the template does not know."""
        found = [c.label for c in self.columns if c.field == name]
        return found[0] if found else IDENTITY.get(name, "" if name in NOT_COLUMNS else name)


def layouts(described: list[dict[str, Any]]) -> dict[str, Layout]:
    """Each set's layout, in the sets' order, from `describe_sets()`."""
    result = {}
    for s in described:
        left_out = LEFT_OUT.get(s["name"], ())
        columns = tuple(
            Column(
                f["name"],
                f["label"],
                f["type"],
                bool(f["required"]),
                f["code_table"],
                f["code_table_label"],
                tuple((c["code"], c["label"]) for c in f["codes"]),
                f["help"],
            )
            for f in s["fields"]
            if f["entered"] and f["name"] not in left_out
        )
        result[s["name"]] = Layout(
            s["name"], s["label"], s["many"], tuple(s["key_fields"]), columns
        )
    return result


# one cell ------------------------------------------------------------------------
def text_of(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def code_of(column: Column, text: str) -> str:
    codes = dict(column.codes)
    if text in codes:
        return text
    first, _, rest = text.partition(" ")
    if rest and first in codes:
        return first
    by_label = [c for c, label in column.codes if label == text]
    if len(by_label) == 1:
        return by_label[0]
    if text.isdigit():  # 1 for 01, as Excel shows a number typed into a cell
        padded = [c for c in codes if c.isdigit() and int(c) == int(text)]
        if len(padded) == 1:
            return padded[0]
    return first if rest else text  # validation names the code it does not know


def cell_value(column: Column, value: object) -> object:
    """The field value of a cell; None when the cell is empty."""
    kind = column.type
    if isinstance(value, datetime | date) and kind in ("month", "date"):
        return value.strftime("%Y-%m" if kind == "month" else "%Y-%m-%d")
    text = text_of(value)
    if not text:
        return None
    if kind == "code":
        return code_of(column, text)
    if kind == "codes":
        return [code_of(column, t.strip()) for t in SEPARATORS.split(text) if t.strip()]
    if kind == "month" and (m := MONTH.match(text)):
        return f"{m[1]}-{int(m[2]):02d}"
    if kind == "date" and (m := DAY.match(text)):
        return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    if kind == "integer" and re.fullmatch(r"-?\d+", text):
        return int(text)
    if kind == "decimal":
        try:
            number = Decimal(text)
            return str(number) if number.is_finite() else text
        except InvalidOperation:
            return text
    if kind == "boolean" and text.lower() in ("是", "否", "true", "false", "1", "0"):
        return text.lower() in ("是", "true", "1")
    return text


# one sheet -----------------------------------------------------------------------
@dataclass
class Row:
    sheet: str  # the set's name
    number: int  # the row number the sheet shows
    id_number: str
    name: str
    fields: dict[str, Any] = field(default_factory=dict)  # the non-empty cells only


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    field: str
    message: str


def _names(layout: Layout) -> dict[str, str]:
    """Header text (without a required mark `*`) → field name."""
    names = {**ALIASES, **{label: f for f, label in IDENTITY.items()}}
    names.update({f: f for f in IDENTITY})
    for c in layout.columns:
        names.update({c.label: c.field, c.field: c.field})
    return names


def _header(value: object) -> str:
    return text_of(value).rstrip("*").strip()


def _head(table: SheetRows) -> SheetRows:
    """The rows of a sheet among which its header is looked for: those of its first
    `HEADER_SEARCH_ROWS` rows that hold a value."""
    return list(takewhile(lambda row: row[0] <= HEADER_SEARCH_ROWS, table[:HEADER_SEARCH_ROWS]))


def read_sheet(layout: Layout, table: SheetRows) -> tuple[list[Row], list[RowError]]:
    """The rows under the header of one sheet (`table`: `(row number, cell values)` of
    its rows, as `shared.sheets.read_sheets` gives them), blank rows left out, and the
    errors of the header and of rows without an ID number. The header is one of the
    first `HEADER_SEARCH_ROWS` rows of the sheet."""
    names, rows, errors = _names(layout), [], []
    header, number, start = None, 0, 0
    for start, (number, cells) in enumerate(_head(table), start=1):  # noqa: B007 - used below
        found = {i: names[t] for i, t in enumerate(map(_header, cells)) if t in names}
        if len(found) >= 2:
            header = found
            unknown = [t for t in map(_header, cells) if t and t not in names]
            errors += [
                RowError(
                    layout.name,
                    number,
                    t,
                    "未知的列,请使用导入模板 (unknown column: use the template)",
                )
                for t in unknown
            ]
            break
    if header is None or ID not in header.values():
        return [], [
            RowError(
                layout.name,
                number or 1,
                ID,
                f"找不到表头行或“{IDENTITY[ID]}”列,"
                "请使用导入模板 (no header row with the ID number column)",
            )
        ]
    if errors:
        return [], errors
    columns = {c.field: c for c in layout.columns}
    for number, cells in table[start:]:
        texts = {header[i]: v for i, v in enumerate(cells) if i in header}
        if all(text_of(v) in ("", header_field) for header_field, v in texts.items()):
            continue  # a blank row, or the row of field names under the header
        row = Row(layout.name, number, text_of(texts.get(ID)).upper(), text_of(texts.get(NAME)))
        for name, value in texts.items():
            if name in columns and (converted := cell_value(columns[name], value)) is not None:
                row.fields[name] = converted
        rows.append(row)
        if not row.id_number:
            errors.append(RowError(layout.name, number, ID, REQUIRED))
    return rows, errors


def detect(sets: dict[str, Layout], table: list[Any]) -> Layout | None:
    """The set a sheet without a title (a CSV) holds: the one whose columns its header
    names most; None when no set, or more than one, fits best."""
    scores = {}
    for layout in sets.values():
        own = {k: v for k, v in _names(layout).items() if v not in IDENTITY}
        scores[layout.name] = max(
            (sum(_header(c) in own for c in cells) for _, cells in _head(table)), default=0
        )
    best = max(scores.values(), default=0)
    winners = [name for name, score in scores.items() if score == best]
    return sets[winners[0]] if best and len(winners) == 1 else None
