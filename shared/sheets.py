"""Sheets in and out, for every import and export: .xlsx (openpyxl) and CSV (UTF-8
with a BOM, so Excel opens it; a CSV that Excel saved in GBK is read too).

Files travel over RPC base64-encoded; a file answer is
`{"filename", "media_type", "content"}`, which the gateway turns into a download.
Errors about the file are ValidationErrors naming `file`.
"""
import base64
import binascii
import csv
import io
import zipfile

import openpyxl

from shared import xlsx_reader
from shared.errors import ValidationError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"


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


def file_answer(filename: str, media_type: str, content: bytes) -> dict:
    return {"filename": filename, "media_type": media_type,
            "content": base64.b64encode(content).decode("ascii")}


def workbook_bytes(book) -> bytes:
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


def open_workbook(raw: bytes):
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


def csv_rows(raw: bytes, max_columns: int):
    """The rows of a CSV (comma, tab or semicolon separated) as lists of texts."""
    text = csv_text(raw)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            yield row[:max_columns]
    except csv.Error as exc:
        raise bad_file(f"CSV 格式错误 (malformed CSV: {exc})") from None


def read_sheets(raw: bytes, max_columns: int, max_rows: int,
                wanted=lambda title: True) -> list[tuple[str | None, list]]:
    """The sheets of an .xlsx whose title is `wanted`, as `(title, rows of cell values)`,
    or a CSV as one sheet without a title; more than `max_rows` non-blank rows in all
    is refused."""
    counted = [0]

    def limited(rows):
        for row in rows:
            if any(v not in (None, "") for v in row):
                counted[0] += 1
                if counted[0] > max_rows:
                    raise bad_file(f"一次至多导入 {max_rows} 行,请分批导入 "
                                   f"(at most {max_rows} rows)")
            yield row

    if not is_xlsx(raw):
        return [(None, list(limited(csv_rows(raw, max_columns))))]
    try:
        book = xlsx_reader.Workbook(raw)
    except Exception:  # noqa: BLE001 - a file the fast reader does not know: openpyxl decides
        book = None
    if book is not None:
        try:
            return [(title, list(limited(book.rows(path, max_columns))))
                    for title, path in book.sheets if wanted(title)]
        except ValidationError:
            raise
        except Exception:  # noqa: BLE001
            counted[0] = 0
        finally:
            book.close()
    book = open_workbook(raw)
    try:
        return [(sheet.title,
                 list(limited(sheet.iter_rows(max_col=max_columns, values_only=True))))
                for sheet in book.worksheets if wanted(sheet.title)]
    finally:
        book.close()
