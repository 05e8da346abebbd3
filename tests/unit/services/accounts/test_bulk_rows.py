"""Checking the rows of a teacher sheet (domain.teacher_rows) and reading sheets (sheets)."""

import base64
import io
from datetime import date, datetime

import openpyxl
import pytest

from services.accounts.adapters import import_template as template
from services.accounts.adapters import sheets
from services.accounts.domain.teacher_rows import (
    ALIASES,
    COLUMNS,
    CONFLICT,
    INVALID,
    Unit,
    check_fields,
    check_sheet,
    code_of,
)
from shared.caller import Caller
from shared.errors import ValidationError
from shared.idnumbers import make_resident_id
from shared.indicators.codetables import GENDER, ID_TYPE

pytestmark = pytest.mark.unit

TODAY = date(2026, 6, 1)
MAN = make_resident_id("460100", date(1985, 3, 14), 101)
WOMAN = make_resident_id("460100", date(1990, 12, 1), 102)
OTHER_MAN = make_resident_id("460100", date(1985, 3, 2), 3)
MANAGER = Caller("a1", "m1", "info_manager", "S1", ("province", "S1"))
UNITS = {
    "U1": Unit("U1", "unit", ("province", "S1", "U1")),
    "U9": Unit("U9", "unit", ("province", "S9", "U9")),
    "GONE": Unit("GONE", "unit", ("province", "S1", "GONE"), closed=True),
}


def row(**fields):
    return {
        "name": "张三",
        "gender": "1",
        "birth_month": "1985-03",
        "id_type": "1",
        "id_number": MAN,
        "unit_code": "U1",
    } | fields


def check(rows, registered=(), caller=MANAGER, default_unit=None):
    return check_sheet(
        list(enumerate(rows, start=2)),
        caller,
        find_units=lambda codes: {c: UNITS[c] for c in codes if c in UNITS},
        find_registered=lambda pairs: set(registered) & pairs,
        default_unit=default_unit,
        today=TODAY,
    )


def errors_of(result):
    return {(e.row, e.field) for e in result.errors}


# one row ---------------------------------------------------------------------
def test_a_good_row_comes_back_normalized():
    clean, problems = check_fields(
        row(id_number=MAN.lower(), gender="1 男", id_type="1 居民身份证"), today=TODAY
    )
    assert problems == []
    assert clean == row(id_number=MAN.upper())


@pytest.mark.parametrize(
    "cell,code",
    [
        ("1", "1"),
        ("男", "1"),
        ("1 男", "1"),
        ("2-女", "2"),
        (" 2 ", "2"),
        ("9", None),
        ("male", None),
    ],
)
def test_a_gender_cell_may_hold_the_code_the_label_or_both(cell, code):
    assert code_of(GENDER, cell.strip()) == code


def test_an_id_type_cell_may_hold_a_lower_case_letter_code():
    assert code_of(ID_TYPE, "a") == "A"
    assert code_of(ID_TYPE, "A 护照") == "A"


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"name": ""}, "name"),
        ({"name": "名" * 101}, "name"),
        ({"gender": ""}, "gender"),
        ({"gender": "3"}, "gender"),
        ({"birth_month": ""}, "birth_month"),
        ({"birth_month": "1985-3"}, "birth_month"),
        ({"birth_month": "1985-13"}, "birth_month"),
        ({"id_type": "Q"}, "id_type"),
        ({"id_number": ""}, "id_number"),
        ({"id_number": MAN[:-1] + ("0" if MAN[-1] != "0" else "1")}, "id_number"),
        ({"birth_month": "1986-03"}, "id_number"),
        ({"gender": "2"}, "id_number"),
        ({"unit_code": ""}, "unit_code"),
    ],
)
def test_each_bad_field_is_named(fields, field):
    _, problems = check_fields(row(**fields), today=TODAY)
    assert [f for f, _ in problems] == [field]


def test_an_empty_id_type_means_the_resident_id():
    clean, problems = check_fields(row(id_type=""), today=TODAY)
    assert problems == [] and clean["id_type"] == "1"


@pytest.mark.parametrize(
    "id_type,number",
    [
        ("6", "H12345678"),
        ("7", "M1234567801"),
        ("8", "12345678"),
        ("A", "E12345678"),
        ("C", make_resident_id("810000", date(1985, 3, 1), 1)),
    ],
)
def test_other_documents_pass_by_their_own_rule(id_type, number):
    _, problems = check_fields(row(id_type=id_type, id_number=number), today=TODAY)
    assert problems == []


def test_a_hong_kong_permit_of_the_wrong_shape_is_refused():
    _, problems = check_fields(row(id_type="6", id_number="M12345678"), today=TODAY)
    assert [f for f, _ in problems] == ["id_number"]


def test_the_default_unit_fills_an_empty_unit_cell_only():
    assert check_fields(row(unit_code=""), default_unit="U2")[0]["unit_code"] == "U2"
    assert check_fields(row(unit_code="U1"), default_unit="U2")[0]["unit_code"] == "U1"


# the whole sheet -------------------------------------------------------------
def test_a_good_sheet_has_no_errors_and_every_row_is_good():
    result = check([row(), row(name="李四", gender="2", birth_month="1990-12", id_number=WOMAN)])
    assert result.errors == []
    assert [n for n, _ in result.good] == [2, 3]
    assert result.report() == {"rows": 2, "valid": 2, "errors": []}


def test_a_unit_outside_the_scope_unknown_or_closed_is_a_row_error():
    result = check(
        [
            row(unit_code="U9"),
            row(unit_code="NOPE", id_number=WOMAN, gender="2", birth_month="1990-12"),
            row(unit_code="GONE", id_number=OTHER_MAN),
        ]
    )
    assert errors_of(result) == {(2, "unit_code"), (3, "unit_code"), (4, "unit_code")}


def test_the_same_number_twice_in_the_sheet_names_the_first_row():
    result = check([row(), row(name="张三丰"), row(id_number=MAN.lower())])
    duplicates = [e for e in result.errors if e.code == CONFLICT]
    assert [(e.row, e.field) for e in duplicates] == [(3, "id_number"), (4, "id_number")]
    assert "第 2 行" in duplicates[0].message


def test_a_number_already_registered_is_a_conflict():
    result = check([row()], registered={("1", MAN)})
    [error] = result.errors
    assert (error.row, error.field, error.code) == (2, "id_number", CONFLICT)
    assert result.good == []


def test_every_row_and_field_is_reported_and_valid_counts_rows_without_errors():
    result = check(
        [
            row(gender="9", birth_month="85-03"),
            row(id_number=WOMAN, gender="2", birth_month="1990-12"),
            row(),
        ],
        registered={("1", WOMAN)},
    )
    assert errors_of(result) == {
        (2, "gender"),
        (2, "birth_month"),
        (3, "id_number"),
        (4, "id_number"),
    }
    report = result.report()
    assert (report["rows"], report["valid"]) == (3, 0)
    assert report["errors"][0] == {
        "row": 2,
        "field": "gender",
        "column": "性别",
        "message": report["errors"][0]["message"],
        "code": INVALID,
    }


def test_a_province_account_may_not_generate_teachers():
    province = Caller("a0", "p1", "info_manager", "province", ("province",))
    result = check([row()], caller=province)
    assert errors_of(result) == {(2, "unit_code")}


# reading sheets --------------------------------------------------------------
def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_sheet_reads_as_records_under_its_header():
    raw = xlsx(
        [
            list(COLUMNS.values()),
            ["张三", "1 男", datetime(1985, 3, 1), "1", MAN, "U1"],
            [None] * 6,
            ["李四", 2, "1990-12", 1, WOMAN, None],
        ]
    )
    records = sheets.records(sheets.read_table(raw), COLUMNS)
    assert records == [
        (2, row(gender="1 男")),
        (4, row(name="李四", gender="2", birth_month="1990-12", id_number=WOMAN, unit_code="")),
    ]


def test_a_csv_with_a_bom_or_in_gbk_reads_the_same():
    text = ",".join(COLUMNS.values()) + "\r\n张三,1,1985-03,1," + MAN + ",U1\r\n"
    for raw in (text.encode("utf-8-sig"), text.encode("gb18030")):
        assert sheets.records(sheets.read_table(raw), COLUMNS) == [(2, row())]


def test_a_column_may_be_headed_by_an_alias_or_the_field_name():
    text = "name,gender,birth_month,证件类型,身份证号,单位\r\n张三,1,1985-03,1," + MAN + ",U1\r\n"
    assert sheets.records(sheets.read_table(text.encode()), COLUMNS, ALIASES) == [(2, row())]


def test_a_sheet_missing_a_column_or_a_header_is_refused_naming_file():
    with pytest.raises(ValidationError) as caught:
        sheets.records(sheets.read_table("姓名,性别\r\n张三,1\r\n".encode()), COLUMNS)
    assert "file" in caught.value.fields
    with pytest.raises(ValidationError):
        sheets.records(sheets.read_table(b"a,b,c\r\n"), COLUMNS)


def test_an_old_xls_a_broken_xlsx_or_bad_base64_is_refused_naming_file():
    for raw in (b"\xd0\xcf\x11\xe0" + b"\0" * 100, b"PK\x03\x04broken"):
        with pytest.raises(ValidationError) as caught:
            sheets.read_table(raw)
        assert "file" in caught.value.fields
    with pytest.raises(ValidationError):
        sheets.decode("not base64!")


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 3)
    text = ",".join(COLUMNS.values()) + "\r\n" + "张三,1,1985-03,1,x,U1\r\n" * 10
    with pytest.raises(ValidationError) as caught:
        sheets.records(sheets.read_table(text.encode()), COLUMNS)
    assert "file" in caught.value.fields


def test_a_file_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_BYTES", 10)
    with pytest.raises(ValidationError) as caught:
        sheets.decode(base64.b64encode(b"x" * 11).decode())
    assert "file" in caught.value.fields


def test_the_template_has_the_header_drop_downs_and_instructions():
    units = [type("Org", (), {"code": "U1", "name": "计算机学院"})()]
    book = openpyxl.load_workbook(
        io.BytesIO(sheets.workbook_bytes(template.teacher_template(units)))
    )
    sheet = book["教师账号"]
    assert [c.value for c in sheet[1]] == list(COLUMNS.values())
    ranges = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert set(ranges) == {"B2", "D2", "F2"}
    codes = book["代码表"]
    assert [codes.cell(r, 1).value for r in (2, 3)] == ["1 男", "2 女"]
    assert codes.cell(2, 3).value == "U1"
    assert "填写说明" in book.sheetnames
