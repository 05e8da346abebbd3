"""A fast reader of the cell values of an .xlsx, for imports of tens of thousands of rows.

openpyxl builds an object per cell and reads about 100,000 cells a second; this reads
the sheets' XML with ElementTree's `iterparse` and gives each sheet's rows as lists of
values: text (shared, inline or formula strings), numbers (int when whole), booleans,
and `datetime` for numbers in a date format, as openpyxl does. Rows missing from the
file come back empty, so a row's index is its row number - 1. Anything it does not
understand raises, and `shared.sheets` falls back to openpyxl.
"""
import io
import re
import zipfile
from datetime import datetime, timedelta
from posixpath import join, normpath
from xml.etree.ElementTree import iterparse, parse

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
T = f"{MAIN}t"
DATE_FORMAT_IDS = set(range(14, 23)) | {45, 46, 47}
EPOCH_1900 = datetime(1899, 12, 30)
EPOCH_1904 = datetime(1904, 1, 1)


def _text(element) -> str:
    """The text of a string item: its `t`, or its rich-text runs' `t`s."""
    if len(element) == 1 and element[0].tag == T:
        return element[0].text or ""
    return "".join(t.text or "" for t in element.iter(T))


def _column(reference: str, known: dict = {}) -> int:  # noqa: B006 - a cache
    """The 0-based column of a cell reference such as "AB12"."""
    letters = reference.rstrip("0123456789")
    index = known.get(letters)
    if index is None:
        index = 0
        for letter in letters:
            index = index * 26 + ord(letter) - 64
        index = known[letters] = index - 1
    return index


def _is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return any(c in code for c in "ymdhs")


class Workbook:
    def __init__(self, raw: bytes):
        self.zip = zipfile.ZipFile(io.BytesIO(raw))
        book = parse(self.zip.open("xl/workbook.xml")).getroot()
        properties = book.find(f"{MAIN}workbookPr")
        date1904 = properties is not None and properties.get("date1904") in ("1", "true")
        self.epoch = EPOCH_1904 if date1904 else EPOCH_1900
        rels = parse(self.zip.open("xl/_rels/workbook.xml.rels")).getroot()
        targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{PACKAGE_REL}Relationship")}
        self.sheets = []
        for sheet in book.iter(f"{MAIN}sheet"):
            target = targets[sheet.get(f"{REL}id")]
            path = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
            self.sheets.append((sheet.get("name"), path))
        self.strings = self._strings()
        self.date_styles = self._date_styles()

    def _strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.zip.namelist():
            return []
        strings = []
        for _, element in iterparse(self.zip.open("xl/sharedStrings.xml")):
            if element.tag == f"{MAIN}si":
                strings.append(_text(element))
                element.clear()
        return strings

    def _date_styles(self) -> set[int]:
        if "xl/styles.xml" not in self.zip.namelist():
            return set()
        styles = parse(self.zip.open("xl/styles.xml")).getroot()
        custom = {int(f.get("numFmtId")): f.get("formatCode") or ""
                  for f in styles.iter(f"{MAIN}numFmt")}
        dates = {i for i, code in custom.items() if _is_date_format(code)} | DATE_FORMAT_IDS
        xfs = styles.find(f"{MAIN}cellXfs")
        return {i for i, xf in enumerate(xfs if xfs is not None else ())
                if int(xf.get("numFmtId", "0")) in dates}

    def rows(self, path: str, max_columns: int):
        """The sheet's rows as lists of values, from row 1."""
        number = 0
        for _, element in iterparse(self.zip.open(path)):
            if element.tag != f"{MAIN}row":
                continue
            at = int(element.get("r") or number + 1)
            while number < at - 1:
                number += 1
                yield []
            number = at
            cells = []
            for position, cell in enumerate(element.iter(f"{MAIN}c")):
                reference = cell.get("r")
                index = _column(reference) if reference else position
                if index >= max_columns:
                    continue
                cells.extend([None] * (index - len(cells)))
                cells.append(self._value(cell))
            element.clear()
            yield cells

    def _value(self, cell):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            found = cell.find(f"{MAIN}is")
            return _text(found) if found is not None else None
        value = cell.findtext(f"{MAIN}v")
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

    def close(self):
        self.zip.close()
