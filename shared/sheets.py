"""Sheets in and out, for every import and export: .xlsx (openpyxl) and CSV (UTF-8
with a BOM, so Excel opens it; a CSV that Excel saved in GBK is read too).

Files travel over RPC base64-encoded; a file answer is
`{"filename", "media_type", "content"}`, which the gateway turns into a download.
Errors about the file are ValidationErrors naming `file`.

Reading gives sparse rows, `(row number, values)` for each row that holds a value, and
stops at the limits of `shared.sheet_limits` (the rows, cells and unpacked XML an
import of `max_rows` rows may take), on every path: the fast .xlsx reader, the openpyxl
fallback and CSV.
"""

import base64
import binascii
import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import openpyxl
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.worksheet import Worksheet

from shared import xlsx_reader
from shared.errors import ValidationError
from shared.sheet_limits import YIELD_ROWS, Budget, LimitExceeded, give_way

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"


# a sheet as read: its title (None for a CSV) and `(row number, values)` of its rows
Sheet = tuple[str | None, list[tuple[int, list[Any]]]]


def bad_file(message: str) -> ValidationError:
    return ValidationError(f"file: {message}", {"file": [message]})


def decode(content: str, max_bytes: int) -> bytes:
    """The bytes of a base64 file, refused when it is not base64 or too large."""
    try:
        raw = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise bad_file("文件内容应为 base64 编码 (content must be base64)") from None
    if len(raw) > max_bytes:
        raise bad_file(f"文件不能超过 {max_bytes // (1024 * 1024)} MB (file too large)")
    return raw


def file_answer(filename: str, media_type: str, content: bytes) -> dict[str, Any]:
    return {
        "filename": filename,
        "media_type": media_type,
        "content": base64.b64encode(content).decode("ascii"),
    }


def first_sheet(book: openpyxl.Workbook) -> Worksheet:
    """The worksheet a new workbook starts with."""
    sheet = book.active
    if not isinstance(sheet, Worksheet):
        raise TypeError("a new workbook starts with a worksheet")
    return sheet


def workbook_bytes(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def is_xlsx(raw: bytes) -> bool:
    """An .xlsx (a zip); an old binary .xls is refused naming `file`."""
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise bad_file("不支持 .xls 格式,请另存为 .xlsx 或 CSV (.xls is not supported)")
    return raw.startswith(b"PK\x03\x04")


def open_workbook(raw: bytes) -> openpyxl.Workbook:
    """A read-only workbook with the cells' values (not formulas); close it after use."""
    try:
        return openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise bad_file(f"不是有效的 .xlsx 文件 (not a valid .xlsx file: {exc})") from None


def csv_text(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves GBK
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise bad_file("CSV 应为 UTF-8 编码 (CSV must be UTF-8)")


def csv_rows(raw: bytes, max_columns: int, budget: Budget) -> Iterator[tuple[int, list[str]]]:
    """`(row number, texts)` of each row of a CSV (comma, tab or semicolon separated)
    that is not empty, within the budget's rows and cells."""
    text = csv_text(raw)
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            budget.row(number, number)
            budget.take(1 + len(row))
            if number % YIELD_ROWS == 0:
                give_way()
            if row:
                yield number, row[:max_columns]
    except csv.Error as exc:
        raise bad_file(f"CSV 格式错误 (malformed CSV: {exc})") from None


def unpacked_size(raw: bytes) -> int:
    """What the XML parts of an .xlsx say they unpack to (zipfile reads no more)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return sum(
                item.file_size
                for item in archive.infolist()
                if item.filename.endswith((".xml", ".rels"))
            )
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise bad_file(f"不是有效的 .xlsx 文件 (not a valid .xlsx file: {exc})") from None


def read_sheets(
    raw: bytes,
    max_columns: int,
    max_rows: int,
    wanted: Callable[[str], bool] = lambda title: True,
    first_only: bool = False,
    header_rows: int = 0,
) -> list[Sheet]:
    """The sheets of an .xlsx whose title is `wanted` (or only its first sheet), as
    `(title, rows)`, or a CSV as one sheet without a title. `rows` are
    `(row number, values)` of the rows that hold a value, in the file's order. More
    than `max_rows` such rows in all (`header_rows` more where headers are not
    counted) is refused, and so is a file beyond the limits of `Budget.for_import`
    for as many rows: a row number, rows or cells beyond what such an import holds,
    or XML that unpacks to more (each naming `file`)."""
    counted = [0]

    def limited(rows: Iterable[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
        for number, row in rows:
            if any(v not in (None, "") for v in row):
                counted[0] += 1
                if counted[0] > max_rows + header_rows:
                    raise bad_file(
                        f"一次至多导入 {max_rows} 行,请分批导入 (at most {max_rows} rows)"
                    )
                yield number, row

    def chosen(titles: list[str]) -> list[int]:
        if first_only:
            return list(range(min(1, len(titles))))
        return [i for i, title in enumerate(titles) if wanted(title)]

    def budget() -> Budget:
        return Budget.for_import(max_rows + header_rows, max_columns)

    try:
        if not is_xlsx(raw):
            return [(None, list(limited(csv_rows(raw, max_columns, budget()))))]
        budget().unpack(unpacked_size(raw))  # a zip bomb is refused before any parsing
        try:
            book = xlsx_reader.Workbook(raw, budget())
        except LimitExceeded:
            raise
        except Exception:
            book = None
        if book is not None:
            try:
                return [
                    (book.sheets[i][0], list(limited(book.rows(book.sheets[i][1], max_columns))))
                    for i in chosen([title for title, _ in book.sheets])
                ]
            except (ValidationError, LimitExceeded):
                raise
            except Exception:
                counted[0] = 0
            finally:
                book.close()
        return _openpyxl_sheets(raw, max_columns, chosen, limited, budget())
    except LimitExceeded as exc:
        raise bad_file(str(exc)) from None


def _openpyxl_sheets(
    raw: bytes,
    max_columns: int,
    chosen: Callable[[list[str]], list[int]],
    limited: Callable[[Iterable[tuple[int, list[Any]]]], Iterator[tuple[int, list[Any]]]],
    budget: Budget,
) -> list[Sheet]:
    book = open_workbook(raw)
    try:
        sheets = book.worksheets
        return [
            (sheets[i].title, list(limited(_openpyxl_rows(book, sheets[i], max_columns, budget))))
            for i in chosen([s.title for s in sheets])
        ]
    except (ValidationError, LimitExceeded):
        raise
    except (SyntaxError, ValueError, KeyError, IndexError, zipfile.BadZipFile, OSError) as exc:
        raise bad_file(f"不是有效的 .xlsx 文件 (not a valid .xlsx file: {exc})") from None
    finally:
        book.close()


def _openpyxl_rows(
    book: Any, sheet: Any, max_columns: int, budget: Budget
) -> Iterator[tuple[int, list[Any]]]:
    """openpyxl's values of a read-only sheet's rows, sparse. openpyxl's own iteration
    makes up every missing row (up to the dimension the sheet states), so its parser
    is given the row elements one at a time, as `xlsx_reader.row_elements` reads them
    within the budget (the attributes used are those of openpyxl's read-only sheet, private
    and so not in its type stubs: `book` and `sheet` are taken as Any)."""
    parser = WorkSheetParser(
        None,  # type: ignore[arg-type]  # rows come one by one through parse_row, not a file
        sheet._shared_strings,
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )
    part = xlsx_reader.Metered(book._archive.open(sheet._worksheet_path), budget)
    for number, element in xlsx_reader.row_elements(part, budget):
        # numbered by the same rule as `number`; the stubs want a narrower attrib than
        # an ElementTree element's, which is what openpyxl itself gives parse_row
        _, cells = parser.parse_row(element)  # type: ignore[arg-type]
        values: list[Any] = []
        for cell in cells:
            index = cell["column"] - 1
            if index < max_columns:
                values.extend([None] * (index - len(values)))
                values.append(cell["value"])
        if values:
            yield number, values
