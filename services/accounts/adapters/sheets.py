"""The teacher import's sheet: the first sheet of an .xlsx or a CSV as rows of cell
texts, and the records under its header row. The general parts (decoding, CSV
encodings, file answers) are in `shared.sheets`."""

from datetime import date, datetime

from shared import sheets as shared_sheets
from shared.sheets import CSV, XLSX, bad_file, csv_bytes, file_answer, workbook_bytes  # noqa: F401

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 30
HEADER_SEARCH_ROWS = 5


def decode(content: str) -> bytes:
    return shared_sheets.decode(content, MAX_BYTES)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m")  # a month typed into Excel becomes a date
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u3000", " ").strip()


def read_table(raw: bytes) -> list[tuple[int, list[str]]]:
    """The first sheet of an .xlsx, or a CSV, as `(row number, cell texts)` of its rows
    that hold a value (`shared.sheets.read_sheets`, within its limits)."""
    tables = shared_sheets.read_sheets(
        raw, MAX_COLUMNS, MAX_ROWS, header_rows=HEADER_SEARCH_ROWS, first_only=True
    )
    rows = tables[0][1] if tables else []
    return [(number, [cell_text(v) for v in row]) for number, row in rows]


def records(
    table: list[tuple[int, list[str]]],
    columns: dict[str, str],
    aliases: dict[str, str] | None = None,
) -> list[tuple[int, dict]]:
    """`[(sheet row number, {field: text})]` under the header row (one of the sheet's
    first `HEADER_SEARCH_ROWS` rows; `table` as `read_table` gives it), which names each
    column by its header (`columns`: field → header), an alias (header → field) or
    the field name itself. Blank rows are skipped."""
    names = (
        (aliases or {})
        | {header: field for field, header in columns.items()}
        | {f: f for f in columns}
    )
    found = {}
    for index, (number, row) in enumerate(table[:HEADER_SEARCH_ROWS]):  # noqa: B007 - used below
        if number > HEADER_SEARCH_ROWS:
            break
        found = {i: names[cell] for i, cell in enumerate(row) if cell in names}
        if len(found) >= 2:
            break
    if len(found) < 2:
        raise bad_file("找不到表头行,请使用导入模板 (no header row: use the template)")
    missing = [columns[f] for f in columns if f not in found.values() and f != "unit_code"]
    if missing:
        raise bad_file(f"缺少列:{'、'.join(missing)} (missing columns)")
    result = []
    for number, row in table[index + 1 :]:
        if any(row):
            result.append(
                (number, {field: row[i] if i < len(row) else "" for i, field in found.items()})
            )
    if len(result) > MAX_ROWS:
        raise bad_file(f"一次至多导入 {MAX_ROWS} 行,请分批导入 (at most {MAX_ROWS} rows)")
    return result
