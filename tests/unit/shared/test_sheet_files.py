"""Reading sheet files (shared.sheets, shared.xlsx_reader): every sheet of an .xlsx or a
CSV, the values openpyxl would give, and the limits."""

import io
import zipfile
from datetime import datetime

import openpyxl
import pytest

from shared import sheets, xlsx_reader
from shared.errors import ValidationError

pytestmark = pytest.mark.unit

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx(sheets_rows: dict) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets_rows.items():
        sheet = book.create_sheet(title)
        for number, row in rows:
            for column, value in enumerate(row, start=1):
                sheet.cell(number, column, value)
        sheet.cell(2, 3).number_format = "yyyy-mm"
    return sheets.workbook_bytes(book)


def trimmed(rows):
    """openpyxl's padded rows as the readers give them: `(row number, values)` of the
    rows that hold a value, without trailing empty cells."""
    result = []
    for number, row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        if row:
            result.append((number, row))
    return result


def test_the_fast_reader_gives_every_sheet_with_the_values_openpyxl_gives():
    raw = xlsx(
        {
            "基本信息": [
                (1, ["身份证件号码", "姓名", "年月"]),
                (2, ["46010019850314101X", "张三", datetime(2010, 7, 1), 3, 2.5, True]),
                (5, [None, "李四"]),
            ],
            "联系方式": [(1, ["a"])],
        }
    )
    fast = sheets.read_sheets(raw, 60, 100)
    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    slow = [
        (s.title, list(enumerate(s.iter_rows(values_only=True), start=1))) for s in book.worksheets
    ]
    assert [(title, trimmed(rows)) for title, rows in fast] == [
        (title, trimmed(rows)) for title, rows in slow
    ]
    assert fast[0][1][1][1][2] == datetime(2010, 7, 1)
    assert [number for number, _ in fast[0][1]] == [1, 2, 5]  # rows 3 and 4 are not made up


def test_shared_strings_and_rich_text_are_read_as_excel_saves_them():
    parts = {
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships"><sheets><sheet name="学习经历" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/></Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}"><si><t>获得学历</t></si>'
        "<si><r><t>21 </t></r><r><t>大学本科</t></r></si></sst>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="3"><c r="B3" t="s"><v>1</v></c>'
        '<c r="C3"><v>2006</v></c></row></sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    assert sheets.read_sheets(out.getvalue(), 60, 100) == [
        ("学习经历", [(1, ["获得学历"]), (3, [None, "21 大学本科", 2006])])
    ]


def test_a_workbook_the_fast_reader_cannot_read_is_read_by_openpyxl(monkeypatch):
    raw = xlsx({"联系方式": [(1, ["身份证件号码", "手机号码"]), (2, ["X", "13800138000"])]})

    def broken(raw, budget):
        raise KeyError("xl/workbook.xml")

    monkeypatch.setattr(xlsx_reader, "Workbook", broken)
    [(title, rows)] = sheets.read_sheets(raw, 60, 100)
    assert title == "联系方式" and rows[1][0] == 2 and rows[1][1][:2] == ["X", "13800138000"]


def test_only_the_wanted_sheets_are_read_and_too_many_rows_are_refused_naming_file():
    raw = xlsx({"代码表": [(n, ["1 男"]) for n in range(1, 50)], "联系方式": [(1, ["a"])]})
    assert [t for t, _ in sheets.read_sheets(raw, 60, 10, wanted=lambda t: t != "代码表")] == [
        "联系方式"
    ]
    with pytest.raises(ValidationError) as caught:
        sheets.read_sheets(raw, 60, 10)
    assert "file" in caught.value.fields
    with pytest.raises(ValidationError):
        sheets.read_sheets(("a\r\n" * 20).encode(), 60, 10)


def test_a_csv_is_one_sheet_without_a_title_in_utf8_or_gbk():
    text = "身份证件号码,姓名\r\nX,张三\r\n"
    for raw in (text.encode("utf-8-sig"), text.encode("gb18030")):
        assert sheets.read_sheets(raw, 60, 10) == [
            (None, [(1, ["身份证件号码", "姓名"]), (2, ["X", "张三"])])
        ]
