"""Sheets in and out: .xlsx (openpyxl) and CSV (UTF-8 with a BOM, so Excel opens it).

Files travel over RPC base64-encoded; a file answer is
`{"filename", "media_type", "content"}`, which the gateway turns into a download.
"""
import base64
import binascii
import csv
import io
import zipfile
from datetime import date, datetime

import openpyxl

from shared.errors import ValidationError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 30
HEADER_SEARCH_ROWS = 5


def bad_file(message: str) -> ValidationError:
    return ValidationError(f"file: {message}", {"file": [message]})


def decode(content: str) -> bytes:
    try:
        raw = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise bad_file("文件内容应为 base64 编码 (content must be base64)") from None
    if len(raw) > MAX_BYTES:
        raise bad_file(f"文件不能超过 {MAX_BYTES // (1024 * 1024)} MB (file too large)")
    return raw


def file_answer(filename: str, media_type: str, content: bytes) -> dict:
    return {"filename": filename, "media_type": media_type,
            "content": base64.b64encode(content).decode("ascii")}


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m")  # a month typed into Excel becomes a date
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u3000", " ").strip()


def read_table(raw: bytes) -> list[list[str]]:
    """The first sheet of an .xlsx, or a CSV, as rows of cell texts."""
    if raw.startswith(b"PK\x03\x04"):
        return _read_xlsx(raw)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise bad_file("不支持 .xls 格式,请另存为 .xlsx 或 CSV (.xls is not supported)")
    return _read_csv(raw)


def _read_xlsx(raw: bytes) -> list[list[str]]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise bad_file(f"不是有效的 .xlsx 文件 (not a valid .xlsx file: {exc})") from None
    try:
        rows = book.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
        return _limited([cell_text(v) for v in row] for row in rows)
    finally:
        book.close()


def _read_csv(raw: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves GBK
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise bad_file("CSV 应为 UTF-8 编码 (CSV must be UTF-8)")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        return _limited([cell_text(v) for v in row[:MAX_COLUMNS]]
                        for row in csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise bad_file(f"CSV 格式错误 (malformed CSV: {exc})") from None


def _limited(rows) -> list[list[str]]:
    table, filled = [], 0
    for row in rows:
        table.append(row)
        filled += any(row)
        if filled > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise bad_file(f"一次至多导入 {MAX_ROWS} 行,请分批导入 (at most {MAX_ROWS} rows)")
    return table


def records(table: list[list[str]], columns: dict[str, str],
            aliases: dict[str, str] | None = None) -> list[tuple[int, dict]]:
    """`[(sheet row number, {field: text})]` under the header row, which names each
    column by its header (`columns`: field → header), an alias (header → field) or
    the field name itself. Blank rows are skipped."""
    names = ((aliases or {}) | {header: field for field, header in columns.items()}
             | {f: f for f in columns})
    for index, row in enumerate(table[:HEADER_SEARCH_ROWS]):
        found = {i: names[cell] for i, cell in enumerate(row) if cell in names}
        if len(found) >= 2:
            break
    else:
        raise bad_file("找不到表头行,请使用导入模板 (no header row: use the template)")
    missing = [columns[f] for f in columns if f not in found.values() and f != "unit_code"]
    if missing:
        raise bad_file(f"缺少列:{'、'.join(missing)} (missing columns)")
    result = []
    for number, row in enumerate(table[index + 1:], start=index + 2):
        if any(row):
            result.append((number, {field: row[i] if i < len(row) else ""
                                    for i, field in found.items()}))
    if len(result) > MAX_ROWS:
        raise bad_file(f"一次至多导入 {MAX_ROWS} 行,请分批导入 (at most {MAX_ROWS} rows)")
    return result


def workbook_bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")
