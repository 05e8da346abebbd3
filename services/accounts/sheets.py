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


def read_table(raw: bytes) -> list[list[str]]:
    """The first sheet of an .xlsx, or a CSV, as rows of cell texts."""
    if shared_sheets.is_xlsx(raw):
        return _read_xlsx(raw)
    return _limited([cell_text(v) for v in row]
                    for row in shared_sheets.csv_rows(raw, MAX_COLUMNS))


def _read_xlsx(raw: bytes) -> list[list[str]]:
    book = shared_sheets.open_workbook(raw)
    try:
        rows = book.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True)
        return _limited([cell_text(v) for v in row] for row in rows)
    finally:
        book.close()


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
