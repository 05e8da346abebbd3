"""A fast reader of the cell values of an .xlsx, for imports of tens of thousands of rows.

openpyxl builds an object per cell and reads about 100,000 cells a second; this reads
the sheets' XML and gives each sheet's rows as `(row number, values)`: text (shared,
inline or formula strings), numbers (int when whole), booleans, and `datetime` for
numbers in a date format, as openpyxl does. Rows are sparse: a row the file leaves out
is not made up, so a far-away row number costs nothing. Every element read is counted
against a `sheet_limits.Budget` (`LimitExceeded` beyond it), and nothing is kept of
the XML but the cell being read: the sheets and shared strings go through expat's
handlers (no tree), the small parts through `items`, which drops each element once
read. Anything else it does not understand raises, and `shared.sheets` falls back to
openpyxl, whose row elements come from `row_elements` here, within the same limits.
"""

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from posixpath import join, normpath
from typing import IO, Any, Literal
from xml.etree.ElementTree import Element, iterparse
from xml.parsers import expat

from shared.sheet_limits import (
    ITEM_BYTES,
    ITEM_ELEMENTS,
    YIELD_BYTES,
    Budget,
    give_way,
    too_large_item,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ROW = f"{MAIN}row"
NS = MAIN[1:-1] + " "  # expat's names: namespace, a space, the local name
X_ROW, X_C, X_V, X_IS, X_T, X_SI = (NS + name for name in ("row", "c", "v", "is", "t", "si"))
CHUNK = 16 * 1024
DATE_FORMAT_IDS = set(range(14, 23)) | {45, 46, 47}
EPOCH_1900 = datetime(1899, 12, 30)
EPOCH_1904 = datetime(1904, 1, 1)
EVENTS: tuple[Literal["start"], Literal["end"]] = ("start", "end")
# a cell's value as openpyxl would give it
CellValue = str | int | float | bool | datetime | None
Row = tuple[int, list[CellValue]]  # (row number, the values of its cells)


def _column(reference: str, known: dict[str, Any] = {}) -> int:  # noqa: B006 - a cache
    """The 0-based column of a cell reference such as "AB12"."""
    letters = reference.rstrip("0123456789")
    index = known.get(letters)
    if index is None:
        index = 0
        for letter in letters:
            index = index * 26 + ord(letter) - 64
        if len(known) < 20000:
            known[letters] = index - 1
        index -= 1
    return index


def _is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return any(c in code for c in "ymdhs")


class Metered:
    """An XML part being unpacked: counts its bytes against the budget, refuses one
    item (a row, a string) longer than `ITEM_BYTES`, and gives way to the other green
    threads every `YIELD_BYTES`."""

    def __init__(self, source: IO[bytes], budget: Budget) -> None:
        self.source, self.budget = source, budget
        self.since_item = self.since_yield = 0

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.budget.unpack(len(data))
        self.since_item += len(data)
        if self.since_item > ITEM_BYTES:
            raise too_large_item("一行或一段文本", "a row or text")
        self.since_yield += len(data)
        if self.since_yield >= YIELD_BYTES:
            self.since_yield = 0
            give_way()
        return data

    def close(self) -> None:
        self.source.close()


def items(
    part: Metered,
    depth: int,
    budget: Budget,
    what: tuple[str, str] = ("一行或一段文本", "a row or text"),
) -> Iterator[tuple[Element, Element]]:
    """`(parent, element)` for each element of an XML part no deeper than `depth` (1:
    the root's children), once it is whole; each is removed from the tree after, so
    the parser holds one such item at a time however long the part. Each counts
    against the budget; what lies deeper (a row's cells) counts against the item's
    `ITEM_ELEMENTS`."""
    stack: list[Element] = []
    inside = 0
    try:
        for event, element in iterparse(part, EVENTS):
            if event == "start":
                stack.append(element)
                continue
            stack.pop()
            level = len(stack)
            if level > depth:
                inside += 1
                if inside > ITEM_ELEMENTS:
                    item = stack[depth]
                    if item.tag == ROW and item.get("r"):
                        what = (f"第 {item.get('r')} 行", f"row {item.get('r')}")
                    raise too_large_item(*what)
                continue
            inside = part.since_item = 0
            budget.take(1)
            if level:
                yield stack[-1], element
                stack[-1].remove(element)
    finally:
        part.close()


def _row_number(r: str | None, previous: int) -> int:
    """A row element's number: its `r` (Excel writes it always), else the next one."""
    if not r:
        return previous + 1
    try:
        return int(r)
    except ValueError:
        number = float(r)  # as openpyxl reads it; anything else is not a row number
        if not number.is_integer():
            raise ValueError(f"{r} is not a row number") from None
        return int(number)


def row_elements(part: Metered, budget: Budget) -> Iterator[tuple[int, Element]]:
    """`(row number, row element)` of each row of a worksheet part, in the file's order,
    its number and its cells counted against the budget before it is given out."""
    number = count = 0
    for _, element in items(part, 2, budget):
        if element.tag != ROW:
            continue
        number = _row_number(element.get("r"), number)
        count += 1
        budget.row(number, count)
        budget.take(len(element))
        yield number, element


class Workbook:
    def __init__(self, raw: bytes, budget: Budget) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(raw))
        self.budget = budget
        self.strings = self._strings()
        self.date_styles = self._date_styles()
        date1904 = False
        sheets: list[tuple[str, str | None]] = []
        for _, element in items(self._open("xl/workbook.xml"), 2, budget):
            if element.tag == f"{MAIN}workbookPr":
                date1904 = element.get("date1904") in ("1", "true")
            elif element.tag == f"{MAIN}sheet":
                sheets.append((element.get("name") or "", element.get(f"{REL}id")))
        self.epoch = EPOCH_1904 if date1904 else EPOCH_1900
        targets = {
            e.get("Id"): e.get("Target")
            for _, e in items(self._open("xl/_rels/workbook.xml.rels"), 1, budget)
            if e.tag == f"{PACKAGE_REL}Relationship"
        }
        self.sheets: list[tuple[str, str]] = []
        for name, rel_id in sheets:
            target = targets[rel_id]
            if target is None:
                raise ValueError(f"the workbook names no part for its sheet {name}")
            path = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
            self.sheets.append((name, path))

    def _open(self, path: str) -> Metered:
        return Metered(self.zip.open(path), self.budget)

    def _strings(self) -> list[str]:
        """The shared strings: each `si`'s text, its `t`s (rich-text runs) joined."""
        if "xl/sharedStrings.xml" not in self.zip.namelist():
            return []
        part, budget = self._open("xl/sharedStrings.xml"), self.budget
        strings: list[str] = []
        parts: list[str] | None = None
        text: list[str] | None = None
        inside = 0

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal parts, text, inside
            if parts is None:
                budget.take(1)
                part.since_item = 0
                if name == X_SI:
                    parts, inside = [], 0
                return
            inside += 1
            if inside > ITEM_ELEMENTS:
                raise too_large_item("一段共享文本", "a shared string")
            if name == X_T:
                text = []

        def end(name: str) -> None:
            nonlocal parts, text
            if name == X_T and text is not None and parts is not None:
                parts.append("".join(text))
                text = None
            elif name == X_SI and parts is not None:
                strings.append("".join(parts))
                parts = None

        def data(chunk: str) -> None:
            if text is not None:
                text.append(chunk)

        for _ in _expat(part, start, end, data, []):
            pass
        return strings

    def _date_styles(self) -> set[int]:
        if "xl/styles.xml" not in self.zip.namelist():
            return set()
        custom: dict[int, str] = {}
        formats: list[int] = []
        for parent, element in items(self._open("xl/styles.xml"), 2, self.budget):
            if element.tag == f"{MAIN}numFmt":
                custom[int(element.get("numFmtId", ""))] = element.get("formatCode") or ""
            elif element.tag == f"{MAIN}xf" and parent.tag == f"{MAIN}cellXfs":
                formats.append(int(element.get("numFmtId", "0")))
        dates = {i for i, code in custom.items() if _is_date_format(code)} | DATE_FORMAT_IDS
        return {i for i, number_format in enumerate(formats) if number_format in dates}

    def rows(self, path: str, max_columns: int) -> Iterator[Row]:
        """`(row number, values)` of each row of the sheet that has a cell in the first
        `max_columns` columns, in the file's order. Each row is checked (its number, and
        the rows and cells so far) when it starts, before its cells are read."""
        part, budget, value = self._open(path), self.budget, self._value
        out: list[Row] = []
        number = count = inside = position = 0
        cells: list[CellValue] | None = None
        cell: dict[str, str] | None = None
        text: list[str] | None = None
        inline: list[str] | None = None
        found: dict[str, str] = {}  # the cell's v and inline string

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal number, count, inside, position, cells, cell, text, inline
            if cells is None:
                budget.take(1)
                part.since_item = 0
                if name == X_ROW:
                    number = _row_number(attrs.get("r"), number)
                    count += 1
                    budget.row(number, count)
                    cells, inside, position = [], 0, 0
                return
            inside += 1
            if inside > ITEM_ELEMENTS:
                raise too_large_item(f"第 {number} 行", f"row {number}")
            if name == X_C:
                budget.take(1)
                cell = attrs
                found.clear()
            elif name == X_V:
                text = []
            elif name == X_IS:
                inline = []
            elif name == X_T and inline is not None:
                text = []

        def end(name: str) -> None:
            nonlocal cells, cell, text, inline, position
            if cells is None:
                return
            if name == X_V and text is not None:
                found["v"] = "".join(text)
                text = None
            elif name == X_T and inline is not None and text is not None:
                inline.append("".join(text))
                text = None
            elif name == X_IS and inline is not None:
                found["is"] = "".join(inline)
                inline = None
            elif name == X_C and cell is not None:
                reference = cell.get("r")
                index = _column(reference) if reference else position
                position += 1
                if index < max_columns:
                    cells.extend([None] * (index - len(cells)))
                    cells.append(value(cell, found))
                cell = None
            elif name == X_ROW:
                if cells:
                    out.append((number, cells))
                cells = None

        def data(chunk: str) -> None:
            if text is not None:
                text.append(chunk)

        yield from _expat(part, start, end, data, out)

    def _value(self, cell: dict[str, str], found: dict[str, str]) -> CellValue:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return found.get("is")
        value = found.get("v")
        if value is None:
            return None
        if kind == "s":
            return self.strings[int(value)]
        if kind in ("str", "e"):
            return value
        if kind == "b":
            return value == "1"
        number = float(value)
        if int(cell.get("s", "0")) in self.date_styles:
            return self.epoch + timedelta(days=number)
        return int(number) if number.is_integer() else number

    def close(self) -> None:
        self.zip.close()


def _expat(
    part: Metered,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    data: Callable[[str], None],
    out: list[Row],
) -> Iterator[Row]:
    """Parse an XML part with expat's handlers (namespaces resolved, names as
    `namespace local`), chunk by chunk; after each chunk, give out what the handlers
    put into `out`."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = data
    try:
        while True:
            chunk = part.read(CHUNK)
            parser.Parse(chunk, not chunk)
            if out:
                yield from out
                out.clear()
            if not chunk:
                return
    finally:
        part.close()
