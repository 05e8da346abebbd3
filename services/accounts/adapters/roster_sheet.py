"""The rosters as an .xlsx laid out like 附表三: a title, the header
单位 | 工作组 | 姓名 | 职务 | 电话 | QQ 号 | 备注, two rows per unit (负责人, 专职人员)
with the unit's cell spanning both, and a closing line naming the units that
have not filed."""

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from services.accounts.domain.roster import PEOPLE
from shared.sheets import first_sheet

HEADER = ["单位", "工作组", "姓名", "职务", "电话", "QQ 号", "备注"]
WIDTHS = [28, 10, 12, 18, 18, 14, 30]
NOT_FILED = "未报送"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def unit_label(overview: dict, item: dict) -> str:
    if item.get("school_code") in (None, overview["org_code"]):
        return item["unit_name"]
    return f"{item['school_name']} {item['unit_name']}"


def workbook(overview: dict) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = first_sheet(book)
    sheet.title = "工作组名单"
    sheet.append([f"{overview['org_name']}各单位（部门）工作组名单"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for item in overview["items"]:
        first = sheet.max_row + 1
        for role, label in PEOPLE.items():
            person = item.get(role) or {}
            note = person.get("note") or ("" if item["filed"] else NOT_FILED)
            sheet.append(
                [
                    unit_label(overview, item) if role == "leader" else None,
                    label,
                    person.get("name"),
                    person.get("post"),
                    person.get("phone"),
                    person.get("qq"),
                    note,
                ]
            )
        sheet.merge_cells(start_row=first, start_column=1, end_row=first + 1, end_column=1)
        sheet.cell(first, 1).alignment = Alignment(vertical="center", wrap_text=True)
    for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row, max_col=len(HEADER)):
        for cell in row:
            cell.border = BOX
            cell.number_format = "@"  # phone and QQ numbers stay text
    missing = [
        f"{unit_label(overview, i)}({i['unit_code']})" for i in overview["items"] if not i["filed"]
    ]
    sheet.append([])
    sheet.append(
        [
            f"共 {overview['total']} 个单位,已报送 {overview['filed']} 个,"
            f"未报送 {len(missing)} 个" + (f":{'、'.join(missing)}" if missing else "")
        ]
    )
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return book
