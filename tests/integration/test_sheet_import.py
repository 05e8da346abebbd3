"""Teacher information in bulk through the gateway (信息批量导入): the template, a dry
run that reports every bad row and field, imports of every row or of the good rows,
and re-imports that change nothing."""

import io

import eventlet
import openpyxl
import pytest
from conftest import container_of
from helpers import School, new_id_number, wait_until

from tests.support import services, workbooks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE = "/api/v1/teachers/info-template"
IMPORT = "/api/v1/teachers/info-import"
BASIC = {
    "国籍/地区": "156 中国",
    "教职工来源": "12",
    "教职工类别": "11 专任教师",
    "参加工作年月": "2010-07",
    "进本校年月": "2012-09",
    "是否在编": "1 是",
}
EDUCATION = {
    "获得学历": "21 大学本科",
    "获得学历的院校或机构": "海南大学",
    "入学年月": "2002-09",
    "毕业年月": "2006-07",
    "学位层次": "3",
    "学习方式": "1",
}


@pytest.fixture(scope="module")
def school(system, admin_token):
    return School(system, admin_token)


def generate(api, token, unit_code, name):
    number = new_id_number()
    response = api.post(
        "/api/v1/teachers",
        token,
        json={
            "name": name,
            "gender": "1",
            "birth_month": "1985-03",
            "id_type": "1",
            "id_number": number,
            "unit_code": unit_code,
        },
    )
    assert response.status_code == 201, response.text
    teacher_id = response.json()["teacher_id"]
    wait_until(
        lambda: api.get(f"/api/v1/teachers/{teacher_id}", token).status_code == 200,
        message="the record",
    )
    return {"id": teacher_id, "number": number, "name": name}


@pytest.fixture(scope="module")
def teachers(system, school):
    return {
        "t1": generate(system, school.manager1, school.unit1, "赵一"),
        "t2": generate(system, school.manager1, school.unit1, "钱二"),
        "other": generate(system, school.manager2, school.unit2, "孙三"),
    }


def template(api, token) -> openpyxl.Workbook:
    response = api.get(f"{TEMPLATE}?format=xlsx", token)
    assert response.status_code == 200, response.text
    return openpyxl.load_workbook(io.BytesIO(response.content))


def filled(api, token, sheets: dict) -> bytes:
    """The downloaded template with rows `{sheet title: [(teacher, {header: value})]}`."""
    book = template(api, token)
    for title, rows in sheets.items():
        sheet = book[title]
        headers = [str(c.value).rstrip("*") for c in sheet[1]]
        for teacher, values in rows:
            cells = {"身份证件号码": teacher["number"], "姓名": teacher["name"], **values}
            sheet.append([cells.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def send(api, token, content, dry_run, mode=None, media_type=XLSX, extra=""):
    query = f"?dry_run={'true' if dry_run else 'false'}" + (f"&mode={mode}" if mode else "")
    return api.post(
        IMPORT + query + extra, token, data=content, headers={"Content-Type": media_type}
    )


def record(api, token, teacher):
    response = api.get(f"/api/v1/teachers/{teacher['id']}", token)
    assert response.status_code == 200, response.text
    return response.json()


def versions(api, token, *teachers):
    return [record(api, token, t)["version"] for t in teachers]


def bad_sheet(api, token, t):
    unknown = {"number": new_id_number(), "name": "无名"}
    return filled(
        api,
        token,
        {
            "基本信息": [(t["t1"], BASIC), (t["t2"], {**BASIC, "教职工类别": "77"})],  # 3, 4
            "学习经历": [
                (t["t1"], EDUCATION),  # 3
                (t["t1"], {**EDUCATION, "入学年月": "2006-09", "毕业年月": "2009-13"}),  # 4
                (t["t1"], EDUCATION),  # 5
                (unknown, EDUCATION),
                (t["other"], EDUCATION),
            ],  # 6, 7
            "岗位聘任": [
                (
                    t["t1"],
                    {
                        "岗位类别": "1 教师岗位",
                        "岗位等级": "201",
                        "聘任开始年月": "2015-01",
                        "校级职务": "00 无",
                    },
                )
            ],
        },
    )  # 3


BAD_ROWS = {
    ("basic_info", 4, "staff_category"),
    ("education", 4, "end_month"),
    ("education", 5, "education_level"),
    ("education", 6, "id_number"),
    ("education", 7, "id_number"),
    ("post_appointment", 3, "post_level"),
}


def test_the_template_holds_one_sheet_per_set_with_code_drop_downs_and_a_csv_per_set(
    system, school
):
    sets = system.get("/api/v1/schema/sets", school.manager1).json()["items"]
    book = template(system, school.manager1)
    assert book.sheetnames == ["填写说明"] + [s["label"] for s in sets] + ["代码表"]
    education = book["学习经历"]
    assert [c.value for c in education[1]][:3] == ["身份证件号码*", "姓名", "获得学历*"]
    assert [c.value for c in education[2]][:3] == ["id_number", "name", "education_level"]
    assert education.row_dimensions[2].hidden
    lists = {
        str(v.sqref).split(":")[0]: v.formula1 for v in education.data_validations.dataValidation
    }
    assert lists["C3"].startswith("'代码表'!")
    assert "1 男" in [c.value for column in book["代码表"].iter_cols() for c in column]

    response = system.get(f"{TEMPLATE}?format=csv&set=education", school.manager1)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("身份证件号码*,姓名,获得学历*") and lines[1].startswith("id_number,")


def test_a_dry_run_reports_each_bad_sheet_row_and_field_and_writes_nothing(
    system, school, teachers
):
    before = versions(system, school.manager1, teachers["t1"], teachers["t2"])

    response = send(system, school.manager1, bad_sheet(system, school.manager1, teachers), True)

    assert response.status_code == 200, response.text
    report = response.json()
    assert {(e["sheet"], e["row"], e["field"]) for e in report["errors"]} == BAD_ROWS
    assert report["sheets"] == {
        "basic_info": {"rows": 2, "valid": 1},
        "education": {"rows": 5, "valid": 1},
        "post_appointment": {"rows": 1, "valid": 0},
    }
    by_place = {(e["sheet"], e["row"]): e for e in report["errors"]}
    assert by_place["education", 6]["column"] == "身份证件号码"
    assert "第 3 行" in by_place["education", 5]["message"]
    assert by_place["education", 7]["message"] == by_place["education", 6]["message"]
    assert versions(system, school.manager1, teachers["t1"], teachers["t2"]) == before


def test_all_or_nothing_with_a_bad_row_answers_400_and_writes_nothing(system, school, teachers):
    before = versions(system, school.manager1, teachers["t1"], teachers["t2"])

    response = send(
        system,
        school.manager1,
        bad_sheet(system, school.manager1, teachers),
        False,
        "all_or_nothing",
    )

    assert response.status_code == 400, response.text
    rows = response.json()["error"]["fields"]["rows"]
    assert {(e["sheet"], e["row"], e["field"]) for e in rows} == BAD_ROWS
    assert versions(system, school.manager1, teachers["t1"], teachers["t2"]) == before


def test_good_rows_writes_every_good_row_and_reports_the_bad_ones(system, school, teachers):
    before = versions(system, school.manager1, teachers["t1"], teachers["t2"])

    response = send(
        system, school.manager1, bad_sheet(system, school.manager1, teachers), False, "good_rows"
    )

    assert response.status_code == 200, response.text
    report = response.json()
    assert {(e["sheet"], e["row"], e["field"]) for e in report["errors"]} == BAD_ROWS
    assert report["written"] == 2
    assert versions(system, school.manager1, teachers["t1"], teachers["t2"]) == [
        before[0] + 2,
        before[1],
    ]
    sets = record(system, school.manager1, teachers["t1"])["sets"]
    [entry] = sets["education"]["entries"]
    assert entry["fields"]["institution"] == "海南大学" and entry["state"] == "draft"
    assert entry["filled_by"][-1]["role"] == "info_manager"
    assert sets["basic_info"]["entries"][0]["fields"]["staff_category"] == "11"


def test_re_importing_the_same_sheet_appends_nothing_and_a_changed_row_updates_its_entry(
    system, school
):
    api, token = system, school.manager1
    teacher = generate(api, token, school.unit1, "李四")
    second = {
        **EDUCATION,
        "获得学历": "14",
        "入学年月": "2006-09",
        "毕业年月": "2009-07",
        "学位层次": "2 硕士",
    }
    content = filled(
        api,
        token,
        {"基本信息": [(teacher, BASIC)], "学习经历": [(teacher, EDUCATION), (teacher, second)]},
    )
    first = send(api, token, content, False)
    assert first.status_code == 200, first.text
    assert (first.json()["written"], first.json()["errors"]) == (3, [])
    [version] = versions(api, token, teacher)

    again = send(api, token, content, False, "good_rows")

    assert again.status_code == 200, again.text
    assert (again.json()["written"], again.json()["unchanged"]) == (0, 3)
    assert versions(api, token, teacher) == [version]

    changed = filled(api, token, {"学习经历": [(teacher, {**second, "所学专业": "软件工程"})]})
    assert send(api, token, changed, False).json()["written"] == 1
    entries = record(api, token, teacher)["sets"]["education"]["entries"]
    assert [e["fields"].get("major") for e in entries] == [None, "软件工程"]


def test_a_csv_of_one_set_imports_like_its_sheet(system, school, teachers):
    api, token = system, school.manager1
    rows = api.get(f"{TEMPLATE}?format=csv&set=contact", token).content.decode("utf-8-sig")
    teacher = teachers["t2"]
    text = rows + f"{teacher['number']},{teacher['name']},13800138000,,t2@example.edu.cn,\r\n"

    response = send(api, token, text.encode("utf-8-sig"), False, media_type="text/csv")

    assert response.status_code == 200, response.text
    assert response.json()["written"] == 1
    [entry] = record(api, token, teacher)["sets"]["contact"]["entries"]
    assert entry["fields"]["mobile"] == "13800138000"


def test_an_info_query_account_may_neither_download_nor_import(system, school, teachers):
    assert system.get(TEMPLATE, school.query1).status_code == 403
    response = send(system, school.query1, b"a,b\r\n", True, media_type="text/csv")
    assert response.status_code == 403, response.text


# a long sheet does not hold up the service -----------------------------------------------
def long_sheet(api, token, teacher, rows=100_000, width=10) -> bytes:
    """The template with one teacher's 联系方式 row, then `rows` rows of empty formatted
    cells, as Excel saves a sheet formatted far down: long to read, one row to import."""
    book = template(api, token)
    title = "联系方式"
    headers = [c.value for c in book[title][1]]
    path = f"xl/worksheets/sheet{book.sheetnames.index(title) + 1}.xml"
    empty = "".join(f'<c r="{workbooks.letter(i)}{{n}}" s="0"/>' for i in range(width))
    data = (
        workbooks.row(1, headers)
        + workbooks.row(2, [teacher["number"], teacher["name"], "13800138000"])
        + "".join(f'<row r="{n}">{empty.format(n=n)}</row>' for n in range(3, rows + 3))
    )
    saved = io.BytesIO()
    book.save(saved)
    return workbooks.replace_part(saved.getvalue(), path, workbooks.worksheet(data))


def records_importing(api) -> bool:
    return services.serving(container_of(api, "records"), "import_info")


def test_records_answers_another_call_while_it_reads_a_long_sheet(system, school, teachers, rpc):
    content = long_sheet(system, school.manager1, teachers["t1"])
    importing = eventlet.spawn(send, system, school.manager1, content, True)
    wait_until(
        lambda: records_importing(system),
        timeout=60,
        interval=0.01,
        message="records reading the sheet",
    )
    assert rpc.records.ping() == {"service": "records"}
    assert records_importing(system), "records answered the ping only after the import"
    response = importing.wait()
    assert response.status_code == 200, response.text
    assert (response.json()["rows"], response.json()["errors"]) == (1, [])
