"""The information sheet's template (信息采集表模板), generated from `describe_sets()` only.

.xlsx: an instructions sheet (填写说明), then one sheet per set titled with the set's
label — the identity columns, the set's entered fields (labels, required ones
marked `*`; a hidden second row names the fields), every column formatted as text,
code fields as drop-downs from the 代码表 sheet ("code label"). CSV: one set per
file, the two header rows.
"""

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from services.records.domain.sheet_rows import Layout, layouts
from shared.indicators import describe_sets
from shared.sheets import first_sheet

CODES_SHEET, NOTES_SHEET = "代码表", "填写说明"
DROP_DOWN_ROWS = 20000
REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
INSTRUCTIONS = [
    "教师信息批量导入说明",
    "1. 每个信息子集一张表,表名即子集名称;第一行是表头(带 * 的为必填项),"
    "第二行(已隐藏)是字段名,请勿修改或删除这两行。",
    "2. 每行一条记录:“身份证件号码”指明教师(须已生成教师账号且在您的管辖范围内),"
    "“姓名”用于核对,须与该教师一致。",
    "3. 代码项请从下拉列表中选择,也可只填代码(如 1)或名称(如 男);可多选的项用分号分隔"
    "(如 2;3)。代码见“代码表”。",
    "4. 年月格式为 YYYY-MM(如 2010-07),日期格式为 YYYY-MM-DD;空白单元格不改动已有内容。",
    "5. 一条记录只需一行的子集(如基本信息)更新该记录;可有多条记录的子集按下表的识别项匹配:"
    "识别项相同则更新该条(内容相同则不变),否则新增一条。同一份表重复导入不会重复添加。",
    "6. 请先“检查”(试导入):系统逐表、逐行、逐项报告错误及原因。导入时可选择"
    "“全部正确才导入”(有错误则一行也不导入)或“导入正确的行”(报告错误的行);"
    "任何一行都不会只导入一部分。",
    "7. 导入的信息与在线填报相同,须提交审核,审核通过后生效;已生效或待审核的记录不能通过导入修改。",
]


def template_workbook(sets: dict[str, Layout] | None = None) -> openpyxl.Workbook:
    sets = sets if sets is not None else layouts(describe_sets())
    book = openpyxl.Workbook()
    notes = first_sheet(book)
    notes.title = NOTES_SHEET
    codes = book.create_sheet(CODES_SHEET)
    sources = _code_columns(codes, sets)
    for layout in sets.values():
        _set_sheet(book.create_sheet(layout.label, index=len(book.sheetnames) - 1), layout, sources)
    for line in INSTRUCTIONS:
        notes.append([line])
    notes.append([])
    notes.append(["子集", "每人记录数", "识别项(多条记录的子集)"])
    for layout in sets.values():
        keys = "、".join(layout.column_label(k) for k in layout.key_fields)
        notes.append([layout.label, "多条" if layout.many else "一条", keys or "—"])
    notes["A1"].font = Font(bold=True, size=14)
    notes.column_dimensions["A"].width = 110
    return book


def _code_columns(sheet, sets) -> dict[str, str]:
    """One column of "code label" per code table; `{table: absolute range}`."""
    sources: dict[str, str] = {}
    for layout in sets.values():
        for column in layout.columns:
            if column.table is None or column.table in sources:
                continue
            index = len(sources) + 1
            letter = get_column_letter(index)
            sheet.cell(1, index, column.table_label or column.table).font = Font(bold=True)
            for row, (code, label) in enumerate(column.codes, start=2):
                sheet.cell(row, index, f"{code} {label}")
            sheet.column_dimensions[letter].width = 24
            sources[column.table] = f"'{CODES_SHEET}'!${letter}$2:${letter}${len(column.codes) + 1}"
    return sources


def _set_sheet(sheet, layout: Layout, sources: dict[str, str]):
    sheet.append(layout.headers())
    sheet.append(layout.field_names())
    sheet.row_dimensions[2].hidden = True
    required = {c.header for c in layout.columns if c.required} | {layout.headers()[0]}
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        if cell.value in required:
            cell.fill = REQUIRED_FILL
    sheet.freeze_panes = "C3"
    for index, header in enumerate(layout.headers(), start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(30, 2 * len(header) + 4))
        sheet.column_dimensions[letter].number_format = "@"  # keep numbers and months as typed
    for index, column in enumerate(layout.columns, start=3):
        if column.table is None or not column.codes:
            continue
        letter = get_column_letter(index)
        rule = DataValidation(
            type="list",
            formula1=sources[column.table],
            allow_blank=True,
            # several codes are typed, separated by ";"
            showErrorMessage=column.type == "code",
            errorTitle=column.label,
            error=f"请从下拉列表中选择{column.label}",
        )
        rule.add(f"{letter}3:{letter}{DROP_DOWN_ROWS + 2}")
        sheet.add_data_validation(rule)


def csv_template(layout: Layout) -> list[list[str]]:
    return [layout.headers(), layout.field_names()]
