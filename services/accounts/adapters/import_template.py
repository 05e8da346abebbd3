"""The .xlsx template of the teacher import: the header row, drop-downs from the
code tables (性别, 身份证件类型) and the units in scope, and an instructions sheet."""

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from services.accounts.adapters.sheets import MAX_ROWS
from services.accounts.domain.teacher_rows import COLUMNS
from shared.indicators.codetables import GENDER, ID_TYPE
from shared.sheets import first_sheet

WIDTHS = {
    "name": 14,
    "gender": 10,
    "birth_month": 12,
    "id_type": 26,
    "id_number": 24,
    "unit_code": 16,
}
INSTRUCTIONS = [
    "教师账号批量导入说明",
    "1. 在“教师账号”表中每行填写一位教师;第一行是表头,请勿修改或删除。",
    "2. 姓名、性别、出生年月、身份证件号码必填;身份证件类型不填时按 1 居民身份证处理。",
    "3. 性别、身份证件类型请从下拉列表中选择(也可只填代码,如 1)。",
    "4. 出生年月格式为 YYYY-MM,如 1985-03;须与身份证件号码中的出生日期一致。",
    "5. 居民身份证须符合 GB 11643-1999(18 位,含校验码),其出生日期、性别须与所填一致;"
    "港澳台居民居住证(C)地区码为 810000、820000、830000;港澳居民来往内地通行证为 H 或 M 加 8 位数字"
    "(可再加 2 位换证次数);台湾居民来往大陆通行证为 8 位或 10 位数字;护照为 5 至 17 位字母或数字。",
    "6. 单位代码见“代码表”;导入时也可在页面上选择默认单位,此列留空的行即导入该单位。",
    "7. 一人一号:同一证件号码只能有一个教师账号;表内重复或已注册的号码会被报告。",
    f"8. 请先“检查”(试导入):系统逐行逐项报告错误;全部正确才会导入,否则一行也不导入。"
    f"每次至多 {MAX_ROWS} 行,文件不超过 5 MB。",
    "9. 导入成功后系统给出每位教师的教师编号(即用户名)和初始密码,首次登录须修改密码。",
]


def teacher_template(units) -> openpyxl.Workbook:
    """`units`: rows with `code` and `name` of the orgs the caller may fill."""
    book = openpyxl.Workbook()
    sheet = first_sheet(book)
    sheet.title = "教师账号"
    sheet.append(list(COLUMNS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, field in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS[field]
        sheet.column_dimensions[letter].number_format = "@"  # text: keep leading zeros, no dates
    sheet.freeze_panes = "A2"
    codes = book.create_sheet("代码表")
    codes.append(["性别", "身份证件类型", "单位代码", "单位名称"])
    genders = [f"{c} {label}" for c, label in GENDER.codes]
    id_types = [f"{c} {label}" for c, label in ID_TYPE.codes]
    for i in range(max(len(genders), len(id_types), len(units))):
        codes.append(
            [
                genders[i] if i < len(genders) else None,
                id_types[i] if i < len(id_types) else None,
                units[i].code if i < len(units) else None,
                units[i].name if i < len(units) else None,
            ]
        )
    codes.column_dimensions["B"].width = 26
    codes.column_dimensions["D"].width = 24
    last = MAX_ROWS + 1
    lists = [
        ("B", "A", len(genders), "性别"),
        ("D", "B", len(id_types), "身份证件类型"),
        ("F", "C", len(units), "单位代码"),
    ]
    for column, source, length, title in lists:
        if not length:
            continue
        rule = DataValidation(
            type="list",
            formula1=f"'代码表'!${source}$2:${source}${length + 1}",
            allow_blank=True,
            showErrorMessage=column != "F",
            errorTitle=title,
            error=f"请从下拉列表中选择{title}",
        )
        rule.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(rule)
    notes = book.create_sheet("填写说明")
    for line in INSTRUCTIONS:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 120
    return book
