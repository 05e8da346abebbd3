"""A sheet file costs what it holds: rows are sparse, and a file beyond the limits of its
import (a far-away row number, a million empty rows, too many cells, XML that unpacks to
more than any import) is refused naming `file` as soon as it is seen, on the fast
reader's path, openpyxl's and CSV's; reading gives way to the other green threads."""

import io
import zipfile

import pytest

from services.accounts.adapters import sheets as teacher_sheets
from services.accounts.domain.teacher_rows import COLUMNS
from services.records.domain.sheet_rows import layouts, read_sheet
from shared import sheet_limits, sheets, xlsx_reader
from shared.errors import ValidationError
from shared.indicators import describe_sets
from shared.sheet_limits import Budget, LimitExceeded
from tests.support.workbooks import row, xlsx

pytestmark = pytest.mark.unit

CONTACT = layouts(describe_sets())["contact"]
ID = "46010019850314101X"
RECORDS_ROWS = 100_000  # as the information sheet import passes them
HEADER = ["身份证件号码", "姓名", "手机号码"]


def sheet_path(raw: bytes) -> str:
    book = xlsx_reader.Workbook(raw, Budget(10**8, 10**8, 10**9))
    [(_, path)] = book.sheets
    return path


def refused(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    assert list(caught.value.fields) == ["file"]
    return caught.value.fields["file"][0]


def broken_fast_reader(monkeypatch):
    def broken(raw, budget):
        raise KeyError("xl/workbook.xml")

    monkeypatch.setattr(xlsx_reader, "Workbook", broken)


# a row numbered 5,000,000 ------------------------------------------------------------
FAR = xlsx(row(1, HEADER) + row(5_000_000, [ID, "张三", "13800138000"]), last="C5000000")


def test_a_far_away_row_is_read_as_itself_without_the_rows_before_it():
    book = xlsx_reader.Workbook(FAR, Budget(10**7, 10**7, 10**7))
    before = book.budget.cells
    assert list(book.rows(sheet_path(FAR), 60)) == [
        (1, HEADER),
        (5_000_000, [ID, "张三", "13800138000"]),
    ]
    assert book.budget.cells - before < 20  # what the file holds: 2 rows, 6 cells


def test_a_row_beyond_the_row_limit_is_refused_naming_it_and_file():
    budget = Budget.for_import(RECORDS_ROWS, 60)
    book = xlsx_reader.Workbook(FAR, budget)
    seen = []
    with pytest.raises(LimitExceeded):
        for number, _values in book.rows(sheet_path(FAR), 60):
            seen.append(number)
    assert seen in ([], [1])  # refused at the row itself, nothing made up before it
    message = refused(lambda: sheets.read_sheets(FAR, 60, RECORDS_ROWS))
    assert (
        message.startswith(f"第 5000000 行超出上限 {budget.max_row} 行")
        and "(row 5000000 is beyond the limit" in message
    )
    assert RECORDS_ROWS < budget.max_row <= RECORDS_ROWS * 1.1


def test_openpyxl_reads_rows_as_sparse_and_within_the_same_limits(monkeypatch):
    broken_fast_reader(monkeypatch)
    near = xlsx(row(1, HEADER) + row(50, [ID, "张三", "13800138000"]), last="C5000000")
    # openpyxl's own iteration would make up every row up to the stated dimension
    assert sheets.read_sheets(near, 60, 10) == [
        ("联系方式", [(1, HEADER), (50, [ID, "张三", "13800138000"])])
    ]
    assert refused(lambda: sheets.read_sheets(FAR, 60, RECORDS_ROWS)).startswith(
        "第 5000000 行超出上限"
    )


def test_the_teacher_import_refuses_a_far_away_row_naming_file():
    raw = xlsx(
        row(1, COLUMNS.values()) + row(200_000, ["张三", "1", "1985-03", "1", ID, "U1"]),
        title="教师账号",
        last="F200000",
    )
    assert refused(lambda: teacher_sheets.read_table(raw)).startswith(
        f"第 200000 行超出上限 {Budget.for_import(2005, 30).max_row} 行"
    )


# a million empty rows ------------------------------------------------------------------
def blank_rows(n: int, numbered: bool = True) -> str:
    return "".join(f'<row r="{i}"/>' if numbered else "<row/>" for i in range(2, n + 2))


def test_a_million_blank_rows_are_refused_at_the_row_limit():
    raw = xlsx(
        row(1, HEADER) + blank_rows(1_000_000) + row(1_000_002, [ID, "张三", "1"]), last="C1000002"
    )
    budget = Budget.for_import(RECORDS_ROWS, 60)
    book = xlsx_reader.Workbook(raw, budget)
    with pytest.raises(LimitExceeded):
        list(book.rows(sheet_path(raw), 60))
    assert budget.cells < budget.max_row + 100  # it stopped there, at about a tenth
    assert refused(lambda: sheets.read_sheets(raw, 60, RECORDS_ROWS)).startswith(
        f"第 {budget.max_row + 1} 行超出上限"
    )


def test_blank_rows_without_numbers_or_with_one_number_again_and_again_are_refused_too():
    unnumbered = xlsx(row(1, HEADER) + blank_rows(200, numbered=False))
    assert refused(lambda: sheets.read_sheets(unnumbered, 60, 10)).startswith("第 111 行超出上限")
    again = xlsx(row(1, HEADER) + '<row r="2"/>' * 200)
    assert "(more than 110 rows, blank ones included)" in refused(
        lambda: sheets.read_sheets(again, 60, 10)
    )


def test_too_many_cells_or_other_elements_in_all_are_refused(monkeypatch):
    wide = xlsx("".join(row(n, ["x"] * 1000) for n in range(1, 11)), last="ALL10")
    budget = Budget.for_import(10, 60)
    message = refused(lambda: sheets.read_sheets(wide, 60, 10))
    assert (
        message.startswith(f"表中的单元格(含空行)超过 {budget.max_cells} 个")
        and f"(more than {budget.max_cells} cells and rows)" in message
    )
    junk = xlsx(row(1, HEADER), before="<cols>" + "<col/>" * 10_000 + "</cols>")
    assert "cells and rows" in refused(lambda: sheets.read_sheets(junk, 60, 10))
    broken_fast_reader(monkeypatch)
    assert "cells and rows" in refused(lambda: sheets.read_sheets(wide, 60, 10))


def test_one_row_holds_at_most_excels_widest_row():
    raw = xlsx('<row r="1">' + "<c/>" * (sheet_limits.ITEM_ELEMENTS + 1) + "</row>")
    assert refused(lambda: sheets.read_sheets(raw, 60, RECORDS_ROWS)).startswith("第 1 行过大")


# a zip bomb ------------------------------------------------------------------------------
def test_xml_that_unpacks_beyond_the_limit_is_refused_before_it_is_parsed(monkeypatch):
    limit = Budget.for_import(10, 6).max_xml_bytes
    raw = xlsx(row(1, HEADER), before=" " * limit)
    assert len(raw) < limit // 500  # a few KB
    message = refused(lambda: sheets.read_sheets(raw, 6, 10))
    assert message.startswith(f"文件解压后超过 {limit // 2**20} MB")
    parsed = []
    monkeypatch.setattr(xlsx_reader, "Workbook", lambda *args: parsed.append(args))
    refused(lambda: sheets.read_sheets(raw, 6, 10))
    assert parsed == []


def test_the_reader_counts_what_it_unpacks_and_refuses_one_text_too_long():
    raw = xlsx(row(1, HEADER))
    book = xlsx_reader.Workbook(raw, Budget(100, 1000, 10**6))
    book.budget.max_xml_bytes = book.budget.xml_bytes + 100  # the sheet's XML is longer
    with pytest.raises(LimitExceeded):
        list(book.rows(sheet_path(raw), 60))
    long_text = xlsx(row(1, ["x" * (sheet_limits.ITEM_BYTES + 2 * sheet_limits.YIELD_BYTES)]))
    assert refused(lambda: sheets.read_sheets(long_text, 60, RECORDS_ROWS)).startswith(
        "一行或一段文本过大"
    )


# CSV -------------------------------------------------------------------------------------
def test_a_csv_of_a_million_blank_lines_is_refused_and_its_rows_are_sparse():
    assert refused(lambda: sheets.read_sheets(b"\r\n" * 1_000_000, 60, RECORDS_ROWS)).startswith(
        f"第 {Budget.for_import(RECORDS_ROWS, 60).max_row + 1} 行超出上限"
    )
    text = "身份证件号码,姓名\r\n\r\n\r\n" + ID + ",张三\r\n"
    assert sheets.read_sheets(text.encode(), 60, 10) == [
        (None, [(1, ["身份证件号码", "姓名"]), (4, [ID, "张三"])])
    ]
    assert "cells and rows" in refused(
        lambda: sheets.read_sheets(("," * 1000 + "\r\n").encode() * 10, 60, 10)
    )


# errors name the row the sheet shows -------------------------------------------------------
def test_a_sheet_with_a_few_blank_rows_names_the_right_rows_in_its_errors():
    raw = xlsx(
        row(1, CONTACT.headers())
        + row(2, CONTACT.field_names())
        + row(3, [ID, "张三", "13800138000"])
        + '<row r="4"/><row r="5"/>'
        + row(6, [None, None])
        + row(9, [None, "李四", "13900139000"]),
        last="C9",
    )
    [(_title, table)] = sheets.read_sheets(raw, 60, RECORDS_ROWS)
    assert [number for number, _ in table] == [1, 2, 3, 9]
    rows, errors = read_sheet(CONTACT, table)
    assert [r.number for r in rows] == [3, 9]
    assert [(e.row, e.field) for e in errors] == [(9, "id_number")]


def test_the_teacher_sheet_with_blank_rows_names_the_right_rows():
    raw = xlsx(
        row(1, COLUMNS.values())
        + row(2, ["张三", "1", "1985-03", "1", ID, "U1"])
        + '<row r="3"/>'
        + row(7, ["李四", "2", "1990-12", "1", ID, "U1"]),
        title="教师账号",
        last="F7",
    )
    table = teacher_sheets.read_table(raw)
    assert [number for number, _ in table] == [1, 2, 7]
    assert [number for number, _ in teacher_sheets.records(table, COLUMNS)] == [2, 7]


# giving way --------------------------------------------------------------------------------
def test_reading_gives_way_to_the_other_green_threads_as_it_goes(monkeypatch):
    calls = []
    monkeypatch.setattr(xlsx_reader, "give_way", lambda: calls.append("xlsx"))
    monkeypatch.setattr(sheets, "give_way", lambda: calls.append("csv"))
    raw = xlsx("".join(row(n, [ID, "张三", "13800138000"]) for n in range(1, 5001)), last="C5000")
    unpacked = sum(
        i.file_size
        for i in zipfile.ZipFile(io.BytesIO(raw)).infolist()
        if i.filename.endswith("sheet1.xml")
    )
    assert len(sheets.read_sheets(raw, 60, RECORDS_ROWS)[0][1]) == 5000
    assert calls.count("xlsx") >= unpacked // sheet_limits.YIELD_BYTES >= 5
    text = "".join(f"{ID},张三\r\n" for _ in range(5000)).encode()
    assert len(sheets.read_sheets(text, 60, RECORDS_ROWS)[0][1]) == 5000
    assert calls.count("csv") == 5000 // sheet_limits.YIELD_ROWS
