"""The workgroup roster (附表三): phone and QQ rules, who files and reads, masking,
the input schema naming each bad field, and the 附表三 sheet."""

import io

import openpyxl
import pytest

from contracts.accounts.rosters import RosterSchema
from contracts.vocabulary import accounts as vocabulary
from services.accounts.adapters import roster_sheet, sheets
from services.accounts.domain import roster
from shared.caller import Caller
from shared.errors import Forbidden, ValidationError
from shared.schemas import load

pytestmark = pytest.mark.unit

UNIT_PATH = ["province", "S1", "U1"]
LEADER = {"name": "王院长", "post": "副院长", "phone": "13812345678", "qq": "12345678", "note": ""}
STAFF = {"name": "李老师", "post": "人事秘书", "phone": "0898-66279000", "qq": "", "note": "兼"}


def caller(role, org="U1", path=("province", "S1", "U1")):
    return Caller("a1", "u1", role, org, path)


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "19900000000",
        "0898-66279000",
        "089866279000",
        "010-12345678",
        "0898 6627 9000",
        "(0898)66279000",
        "0898-66279000-123",
    ],
)
def test_mobiles_and_landlines_with_area_code_pass(phone):
    assert vocabulary.phone_problem(phone) is None


@pytest.mark.parametrize(
    "phone",
    [
        "",
        "12812345678",
        "1381234567",
        "138123456789",
        "66279000",
        "0898-0627900",
        "phone",
        "+86 13812345678",
    ],
)
def test_other_phone_numbers_are_refused(phone):
    assert vocabulary.phone_problem(phone)


@pytest.mark.parametrize(
    "qq,ok",
    [
        ("12345", True),
        ("12345678901", True),
        ("1234", False),
        ("123456789012", False),
        ("012345", False),
        ("12a45", False),
    ],
)
def test_a_qq_number_has_5_to_11_digits(qq, ok):
    assert (vocabulary.qq_problem(qq) is None) == ok


def test_the_schema_names_the_bad_field_of_each_person():
    with pytest.raises(ValidationError) as caught:
        load(RosterSchema(), {"leader": LEADER | {"phone": "123"}, "staff": STAFF | {"qq": "12"}})
    assert set(caught.value.fields) == {"leader", "staff"}
    assert set(caught.value.fields["leader"]) == {"phone"}
    assert set(caught.value.fields["staff"]) == {"qq"}


def test_the_schema_needs_both_people_and_their_names_posts_and_phones():
    with pytest.raises(ValidationError) as caught:
        load(RosterSchema(), {"leader": {"name": " ", "qq": "12345"}})
    assert set(caught.value.fields) == {"leader", "staff"}
    assert set(caught.value.fields["leader"]) == {"name", "post", "phone"}


def test_the_schema_strips_text_and_an_empty_qq_is_allowed():
    data = load(RosterSchema(), {"leader": LEADER | {"name": " 王院长 "}, "staff": STAFF})
    assert data["leader"]["name"] == "王院长" and data["staff"]["qq"] == ""


@pytest.mark.parametrize("role", ["system_admin", "info_manager"])
def test_managers_whose_scope_covers_the_unit_may_file(role):
    roster.check_filer(caller(role), "unit", UNIT_PATH)
    roster.check_filer(caller(role, "S1", ("province", "S1")), "unit", UNIT_PATH)


@pytest.mark.parametrize(
    "who",
    [
        caller("info_query"),
        caller("teacher"),
        caller("info_manager", "U2", ("province", "S1", "U2")),
    ],
)
def test_others_may_not_file(who):
    with pytest.raises(Forbidden):
        roster.check_filer(who, "unit", UNIT_PATH)


def test_a_roster_is_filed_for_a_unit_not_a_school():
    with pytest.raises(ValidationError) as caught:
        roster.check_filer(
            caller("info_manager", "S1", ("province", "S1")), "school", ["province", "S1"]
        )
    assert "code" in caught.value.fields


def test_teachers_do_not_read_rosters():
    roster.check_reader(caller("info_query"))
    with pytest.raises(Forbidden):
        roster.check_reader(caller("teacher"))


def test_info_query_sees_phone_and_qq_masked_and_managers_see_them_whole():
    masked = roster.view_for(caller("info_query"), LEADER)
    assert masked["phone"] == "138****5678" and masked["qq"] != LEADER["qq"]
    assert masked["name"] == LEADER["name"]
    assert roster.view_for(caller("info_manager"), LEADER) == LEADER
    assert roster.view_for(caller("info_query"), None) is None


def test_the_export_is_laid_out_like_the_form():
    overview = {
        "org_code": "S1",
        "org_name": "海南大学",
        "total": 2,
        "filed": 1,
        "not_filed": ["U2"],
        "items": [
            {
                "unit_code": "U1",
                "unit_name": "计算机学院",
                "school_code": "S1",
                "school_name": "海南大学",
                "filed": True,
                "leader": LEADER,
                "staff": STAFF,
            },
            {
                "unit_code": "U2",
                "unit_name": "外国语学院",
                "school_code": "S1",
                "school_name": "海南大学",
                "filed": False,
                "leader": None,
                "staff": None,
            },
        ],
    }
    content = sheets.workbook_bytes(roster_sheet.workbook(overview))
    book = openpyxl.load_workbook(io.BytesIO(content))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert rows[0][0] == "海南大学各单位（部门）工作组名单"
    assert rows[1] == ["单位", "工作组", "姓名", "职务", "电话", "QQ 号", "备注"]
    assert rows[2][:5] == ["计算机学院", "负责人", "王院长", "副院长", "13812345678"]
    assert rows[3][1:3] == ["专职人员", "李老师"]
    assert rows[4][:2] == ["外国语学院", "负责人"] and rows[4][6] == "未报送"
    assert "外国语学院(U2)" in rows[-1][0]
