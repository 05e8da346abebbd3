"""The teachers and the information sheet of `bench/sheet_import.py`: ten rows a
teacher in the template's layout, codes written the ways people write them
("code label", the code alone, several separated by ";")."""

import io
from datetime import date, timedelta

import openpyxl

from services.records.domain.sheet_rows import layouts
from shared.idnumbers import make_resident_id
from shared.indicators import describe_sets

BASIC = {
    "nationality": "156 中国",
    "ethnicity": "01 汉族",
    "political_status": "13 群众",
    "work_start_month": "2010-07",
    "school_join_month": "2012-09",
    "staff_source": "12",
    "staff_category": "11 专任教师",
    "on_establishment": "1 是",
    "contract": "1",
    "it_skill": "2",
    "personnel_status": "01",
    "has_teacher_certificate": "1",
    "supervisor_type": "0",
    "teaching_stages": "2;3",
    "teaching_status": "22",
    "discipline": "0812",
}
ROWS = {
    "basic_info": [BASIC],
    "education": [
        {
            "education_level": "21 大学本科",
            "institution": "海南大学",
            "major": "计算机科学与技术",
            "start_month": "2002-09",
            "end_month": "2006-07",
            "degree_level": "3 学士",
            "study_mode": "1",
        },
        {
            "education_level": "14",
            "institution": "中山大学",
            "major": "软件工程",
            "start_month": "2006-09",
            "end_month": "2009-07",
            "degree_level": "2",
            "study_mode": "1 全日制",
        },
    ],
    "work_history": [
        {
            "employer": "海口某科技公司",
            "start_month": "2009-07",
            "end_month": "2012-08",
            "unit_nature": "31",
            "position": "工程师",
        },
        {
            "employer": "海南大学",
            "start_month": "2012-09",
            "unit_nature": "21 高等学校",
            "position": "教师",
        },
    ],
    "post_appointment": [
        {
            "post_category": "1 教师岗位",
            "post_level": "107",
            "start_month": "2015-01",
            "school_posts": "00 无",
        }
    ],
    "title_appointment": [
        {"title": "012 副教授", "start_month": "2016-01", "employer": "海南大学"}
    ],
    "training": [
        {
            "year": "2023",
            "training_kind": "2",
            "project_name": "高校教师信息化教学能力提升",
            "training_mode": "1",
            "hours": "40",
        },
        {
            "year": "2024",
            "training_kind": "5 校级培训",
            "project_name": "新教师岗前培训",
            "training_mode": "3",
            "hours": "24",
            "credits": "1.5",
        },
    ],
    "contact": [{"mobile": "13800138000", "email": "teacher@example.edu.cn"}],
}
ROWS_PER_TEACHER = sum(len(rows) for rows in ROWS.values())


def people(n: int) -> list[tuple[str, str, str, str]]:
    """`[(id_number, name, gender, birth_month)]`, every number distinct and valid."""
    result = []
    for i in range(n):
        birth = date(1965, 1, 1) + timedelta(days=i % 9000)
        sequence = 100 + 2 * (i // 9000) + i % 2
        result.append(
            (
                make_resident_id("460100", birth, sequence),
                f"教师{i:05d}",
                "1" if sequence % 2 else "2",
                birth.strftime("%Y-%m"),
            )
        )
    return result


def workbook(persons: list[tuple[str, str]]) -> bytes:
    """The sheet as Excel saves it (.xlsx with shared strings)."""
    sets = layouts(describe_sets())
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in ROWS.items():
        layout = sets[name]
        sheet = book.create_sheet(layout.label)
        sheet.append(layout.headers())
        sheet.append(layout.field_names())
        fields = [c.field for c in layout.columns]
        for number, person in persons:
            for row in rows:
                sheet.append([number, person] + [row.get(f) for f in fields])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
