"""Reading an information sheet and turning its rows into entry fills, without a broker
or a database."""

import itertools
from datetime import date, datetime

import pytest

from services.records.adapters.info_template import csv_template, template_workbook
from services.records.domain import record as domain
from services.records.domain.sheet_entries import TeacherRef, identify, plan_teacher
from services.records.domain.sheet_rows import Row, cell_value, detect, layouts, read_sheet
from shared.caller import Caller
from shared.idnumbers import make_resident_id
from shared.indicators import describe_sets
from tests.support.entries import generated_teacher

pytestmark = pytest.mark.unit

SETS = layouts(describe_sets())
UNIT = ("province", "S1", "S1-U1")
ID = make_resident_id("460100", date(1985, 3, 14), 101)
MANAGER = Caller("acc-m", "m1", "info_manager", "S1-U1", UNIT)
EDUCATION = {
    "education_level": "21",
    "start_month": "2002-09",
    "end_month": "2006-07",
    "degree_level": "3",
    "study_mode": "1",
}


def column(set_name, field):
    return next(c for c in SETS[set_name].columns if c.field == field)


def new_record():
    opened = domain.open_record(
        generated_teacher(ID, UNIT),
        "basic-1",
        "1985-03-14",
    )
    return domain.fold(
        "t1",
        [
            {
                "type": "RecordOpened",
                "data": opened.to_data(),
                "metadata": {"actor": MANAGER.actor()},
                "version": 1,
                "occurred_at": "2026-01-01T00:00:00+00:00",
            }
        ],
    )


def plan(record, *rows):
    ids = (f"e{i}" for i in itertools.count())
    return plan_teacher(record, MANAGER, list(rows), unit_path=list(UNIT), new_id=lambda: next(ids))


def row(set_name, number, **fields):
    return Row(set_name, number, ID, "张三", fields)


# the layout --------------------------------------------------------------------------
def test_each_set_has_a_layout_with_the_identity_columns_first_and_its_entered_fields():
    assert list(SETS) == [s["name"] for s in describe_sets()]
    education = SETS["education"]
    assert education.headers()[:3] == ["身份证件号码*", "姓名", "获得学历*"]
    assert education.field_names()[:3] == ["id_number", "name", "education_level"]
    basic = [c.field for c in SETS["basic_info"].columns]
    assert "id_number" not in basic and "birth_date" not in basic and "name" not in basic
    assert "highest_education_level" not in basic  # derived from 学习经历, never entered
    assert csv_template(education) == [education.headers(), education.field_names()]


def test_the_template_workbook_has_a_sheet_per_set_and_drop_downs_for_code_fields():
    book = template_workbook(SETS)
    assert book.sheetnames == ["填写说明"] + [s.label for s in SETS.values()] + ["代码表"]
    sheet = book["学习经历"]
    assert sheet.row_dimensions[2].hidden
    targets = {
        str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation
    }
    assert "C3" in targets and targets["C3"].startswith("'代码表'!")


# one cell ----------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["1", "1 男", "男", 1, 1.0])
def test_a_code_is_read_from_the_code_the_code_and_label_or_the_label(text):
    assert cell_value(column("basic_info", "gender"), text) == "1"


def test_a_number_typed_for_a_zero_padded_code_reads_as_that_code():
    assert cell_value(column("basic_info", "ethnicity"), 1) == "01"


def test_an_unknown_code_stays_as_written_for_validation_to_name():
    assert cell_value(column("basic_info", "gender"), "9 未知") == "9"
    assert cell_value(column("basic_info", "gender"), "未知") == "未知"


def test_several_codes_are_separated_by_semicolons_or_commas():
    assert cell_value(column("basic_info", "teaching_stages"), "2 本科;3、1") == ["2", "3", "1"]


def test_months_and_dates_read_from_excel_dates_and_common_spellings():
    month = column("education", "start_month")
    assert cell_value(month, datetime(2002, 9, 1)) == "2002-09"
    assert cell_value(month, "2002/9") == cell_value(month, "2002年9月") == "2002-09"
    assert cell_value(month, "2002-13") == "2002-13"  # left for validation to refuse
    assert cell_value(column("qualification", "issue_date"), "2010/7/1") == "2010-07-01"


def test_numbers_read_as_the_types_validation_keeps():
    assert cell_value(column("training", "year"), "2023") == 2023
    assert cell_value(column("training", "credits"), 1.5) == "1.5"
    assert cell_value(column("training", "year"), "") is None


# one sheet ---------------------------------------------------------------------------
def numbered(*rows) -> list:
    """A sheet's rows as `shared.sheets.read_sheets` gives them: `(row number, values)`."""
    return list(enumerate(rows, start=1))


def test_a_sheet_reads_under_its_header_skipping_the_field_name_row_and_blank_rows():
    layout = SETS["education"]
    table = numbered(
        layout.headers(),
        layout.field_names(),
        [ID.lower(), "张三", "21 大学本科", None, "海南大学"],
        [None, None],
        [ID, "", "14"],
    )
    rows, errors = read_sheet(layout, table)
    assert errors == []
    assert [(r.number, r.id_number, r.fields) for r in rows] == [
        (3, ID, {"education_level": "21", "institution": "海南大学"}),
        (5, ID, {"education_level": "14"}),
    ]


def test_an_unknown_column_or_a_missing_id_column_is_an_error_of_the_header():
    layout = SETS["education"]
    _, errors = read_sheet(
        layout, numbered(["身份证件号码", "获得学历", "最高学历"], [ID, "21", "21"])
    )
    assert [(e.row, e.field) for e in errors] == [(1, "最高学历")]
    _, errors = read_sheet(layout, numbered(["姓名", "获得学历"], ["张三", "21"]))
    assert [e.field for e in errors] == ["id_number"]


def test_a_row_without_an_id_number_is_an_error_naming_it():
    rows, errors = read_sheet(
        SETS["contact"], numbered(["身份证件号码", "手机号码"], ["", "13800138000"])
    )
    assert len(rows) == 1 and [(e.row, e.field) for e in errors] == [(2, "id_number")]


def test_a_csv_without_a_title_is_recognised_by_its_header():
    assert detect(SETS, numbered(SETS["training"].headers())).name == "training"
    assert detect(SETS, numbered(["身份证件号码", "姓名"])) is None


# whose rows --------------------------------------------------------------------------
def test_an_unknown_or_other_units_teacher_is_refused_naming_the_id_number():
    mine = TeacherRef("t1", "张三", UNIT)
    other = TeacherRef("t2", "李四", ("province", "S1", "S1-U2"))
    rows = [
        Row("contact", 2, ID, "张三"),
        Row("contact", 3, "X1", ""),
        Row("contact", 4, "OTHER", "李四"),
        Row("contact", 5, ID, "王五"),
    ]
    by_teacher, errors = identify(rows, {ID: [mine], "OTHER": [other]}, MANAGER)
    assert by_teacher == {mine: [rows[0]]}
    assert [(e.row, e.field) for e in errors] == [(3, "id_number"), (4, "id_number"), (5, "name")]


# what the rows change ----------------------------------------------------------------
def test_a_many_entry_row_adds_an_entry_and_the_same_key_updates_it():
    record = new_record()
    first = plan(record, row("education", 2, **EDUCATION))
    assert [e.new_entry for e in first.events] == [True]
    again = plan(record, row("education", 2, **EDUCATION, institution="海南大学"))
    [event] = again.events
    assert event.entry_id == first.events[0].entry_id and event.fields["institution"] == "海南大学"


def test_a_row_equal_to_the_record_appends_nothing():
    record = new_record()
    plan(record, row("education", 2, **EDUCATION), row("basic_info", 3, former_name="张叁"))
    again = plan(record, row("education", 2, **EDUCATION), row("basic_info", 3, former_name="张叁"))
    assert again.events == [] and len(again.unchanged) == 2


def test_the_same_entry_twice_in_a_sheet_is_a_duplicate_row():
    result = plan(
        new_record(),
        row("education", 2, **EDUCATION),
        row("education", 3, **EDUCATION),
        row("contact", 4, mobile="13800138000"),
        row("contact", 5, mobile="13900139000"),
    )
    assert len(result.events) == 2
    assert [(e.row, e.field) for e in result.errors] == [(3, "education_level"), (5, "id_number")]


def test_a_bad_code_date_or_cascade_is_an_error_of_its_row_and_field_only():
    result = plan(
        new_record(),
        row("education", 2, **{**EDUCATION, "end_month": "2006-13"}),
        row(
            "post_appointment",
            3,
            post_category="1",
            post_level="201",
            start_month="2015-01",
            school_posts=["00"],
        ),
        row("basic_info", 4, staff_category="77"),
        row("contact", 5, mobile="13800138000"),
    )
    assert {(e.row, e.field) for e in result.errors} == {
        (2, "end_month"),
        (3, "post_level"),
        (4, "staff_category"),
    }
    assert [r.number for r in result.rows] == [5]


def test_a_row_without_its_sets_key_fields_cannot_be_matched_and_is_refused():
    result = plan(new_record(), row("education", 2, study_mode="1"))
    assert [(e.row, e.field) for e in result.errors] == [(2, "education_level")]


def test_an_effective_entry_is_not_changed_by_a_sheet():
    record = new_record()
    plan(record, row("education", 2, **EDUCATION))
    record.entries_of("education")[0].state = "approved"
    result = plan(record, row("education", 2, **{**EDUCATION, "major": "数学"}))
    assert [(e.row, e.field) for e in result.errors] == [(2, "entry_id")]


def test_a_set_the_caller_may_not_fill_is_refused_on_its_rows():
    teacher = Caller("acc-t", "T000000001", "teacher", "S1-U1", UNIT, teacher_id="t1")
    result = plan_teacher(
        new_record(),
        teacher,
        [
            row(
                "post_appointment",
                2,
                post_category="1",
                post_level="107",
                start_month="2015-01",
                school_posts=["00"],
            ),
            row("contact", 3, mobile="13800138000"),
        ],
        unit_path=list(UNIT),
        new_id=lambda: "e1",
    )
    assert [(e.row, e.field) for e in result.errors] == [(2, "set")]
    assert [r.number for r in result.rows] == [3]
