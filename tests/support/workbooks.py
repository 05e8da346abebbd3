"""Workbooks whose sheet XML is written by hand: what no spreadsheet program saves but a
file can hold (a row numbered 5,000,000, a million empty rows, a sheet formatted far
down), wrapped in the parts openpyxl writes, so the readers see a real .xlsx."""

import io
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def letter(index: int) -> str:
    """The column letters of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def row(number: int, values) -> str:
    """`<row r="number">` with a text cell per value (None: no cell in that column)."""
    cells = "".join(
        f'<c r="{letter(i)}{number}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>'
        for i, v in enumerate(values)
        if v is not None
    )
    return f'<row r="{number}">{cells}</row>'


def worksheet(sheet_data: str, last: str | None = None, before: str = "") -> str:
    """A worksheet part holding `sheet_data` (the rows), other elements `before` it and,
    when `last` is given, a dimension from A1 to that cell."""
    dimension = f'<dimension ref="A1:{last}"/>' if last else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
        f"{dimension}{before}<sheetData>{sheet_data}</sheetData></worksheet>"
    )


def replace_part(workbook: bytes, name: str, content: str | bytes) -> bytes:
    """The .xlsx `workbook` with its part `name` (e.g. "xl/worksheets/sheet1.xml") replaced."""
    if isinstance(content, str):
        content = content.encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(
                item.filename, content if item.filename == name else source.read(item.filename)
            )
    return out.getvalue()


def xlsx(sheet_data: str, title: str = "联系方式", last: str = "C2", before: str = "") -> bytes:
    """A workbook as openpyxl saves it whose one sheet, `title`, is `<sheetData>` with the
    given rows (`before` it, other elements), its dimension ending at `last`."""
    import openpyxl

    from shared import sheets

    book = openpyxl.Workbook()
    book.active.title = title
    book.active["A1"] = "x"
    return replace_part(
        sheets.workbook_bytes(book),
        "xl/worksheets/sheet1.xml",
        worksheet(sheet_data, last=last, before=before),
    )


def one_row_sheet(
    title: str, header: list, data: list, data_row: int = 2, blank_rows: int = 0
) -> bytes:
    """A sheet `title` with `header` in row 1, `blank_rows` empty row elements after it,
    then `data` in row `data_row` (or the row after the blank ones, if that is later)."""
    number = max(data_row, 2 + blank_rows)
    rows = [row(1, header), *(f'<row r="{n}"/>' for n in range(2, 2 + blank_rows))]
    rows.append(row(number, data))
    return xlsx("".join(rows), title=title, last=f"{letter(len(header) - 1)}{number}")
