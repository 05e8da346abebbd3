import json

import pytest

from shared.indicators import CODE_TABLES, SETS, describe_sets, missing_required, validate_entry

pytestmark = pytest.mark.unit

BASIC, EDUCATION = SETS["basic_info"], SETS["education"]


def complete_basic_info(**changes):
    fields = {
        "name": "王芳",
        "gender": "2",
        "nationality": "156",
        "id_type": "1",
        "id_number": "11010519491231002X",
        "birth_date": "1949-12-31",
        "ethnicity": "01",
        "political_status": ["01"],
        "work_start_month": "1972-09",
        "school_join_month": "1980-03",
        "staff_source": "31",
        "staff_category": "11",
        "on_establishment": "1",
        "contract": "1",
        "it_skill": "2",
        "personnel_status": "01",
        "has_teacher_certificate": "1",
        "supervisor_type": "2",
        "teaching_stages": ["2", "3"],
        "teaching_status": "22",
        "discipline": "0812",
    }
    fields.update(changes)
    return fields


def complete_education(**changes):
    fields = {
        "education_level": "11",
        "institution": "海南大学",
        "start_month": "2005-09",
        "end_month": "2010-07",
        "degree_level": "1",
        "degree_name": "工学博士",
        "degree_month": "2010-07",
        "study_mode": "1",
    }
    fields.update(changes)
    return fields


def test_complete_basic_info_passes_and_comes_back_cleaned():
    cleaned, errors = validate_entry(BASIC, complete_basic_info(name=" 王芳 "), partial=False)
    assert errors == {}
    assert cleaned["name"] == "王芳"
    assert cleaned["teaching_stages"] == ["2", "3"]


def test_complete_education_entry_passes():
    assert validate_entry(EDUCATION, complete_education(), partial=False)[1] == {}


def test_unknown_field_is_an_error():
    _, errors = validate_entry(BASIC, {"nickname": "小王"}, partial=True)
    assert "unknown field" in errors["nickname"][0]


def test_month_in_a_bad_format_is_refused():
    for bad in ("2010-7", "2010/07", "2010-13", "201007"):
        _, errors = validate_entry(EDUCATION, {"start_month": bad}, partial=True)
        assert errors["start_month"] == ["格式应为 YYYY-MM (must be a month YYYY-MM)"]


def test_impossible_date_is_refused():
    _, errors = validate_entry(BASIC, {"birth_date": "1990-02-30"}, partial=True)
    assert "birth_date" in errors


def test_code_not_in_its_table_is_refused():
    _, errors = validate_entry(BASIC, {"gender": "3", "ethnicity": "57"}, partial=True)
    assert "not in table gender" in errors["gender"][0]
    assert "not in table ethnicity" in errors["ethnicity"][0]


def test_several_codes_must_come_as_a_list():
    _, errors = validate_entry(BASIC, {"political_status": "01"}, partial=True)
    assert "list" in errors["political_status"][0]


def test_end_month_before_start_month_is_refused():
    _, errors = validate_entry(EDUCATION, complete_education(end_month="2005-06"), partial=False)
    assert list(errors) == ["end_month"]


def test_no_degree_clears_the_degree_fields():
    cleaned, errors = validate_entry(EDUCATION, complete_education(degree_level="0"), partial=False)
    assert errors == {}
    assert cleaned["degree_name"] is None and cleaned["degree_month"] is None


def test_employment_form_is_required_when_not_on_establishment():
    fields = complete_basic_info(on_establishment="0", contract="2")
    _, errors = validate_entry(BASIC, fields, partial=False)
    assert errors == {"employment_form": ["必填项 (required)"]}
    assert missing_required(BASIC, fields) == ["employment_form"]
    assert validate_entry(BASIC, dict(fields, employment_form="1"), partial=False)[1] == {}


def test_employment_form_is_cleared_when_on_establishment():
    cleaned, errors = validate_entry(BASIC, complete_basic_info(employment_form="1"), partial=False)
    assert errors == {} and cleaned["employment_form"] is None


@pytest.mark.parametrize("codes", [["13", "01"], ["12", "03"]])
def test_masses_or_non_party_together_with_another_political_status_is_refused(codes):
    _, errors = validate_entry(BASIC, {"political_status": codes}, partial=True)
    assert "stands alone" in errors["political_status"][0]


def test_party_member_may_also_belong_to_the_youth_league():
    assert validate_entry(BASIC, {"political_status": ["01", "03"]}, partial=True)[1] == {}


def test_nationality_other_than_china_clears_ethnicity_and_political_status():
    cleaned, errors = validate_entry(
        BASIC, {"nationality": "840", "ethnicity": "01", "political_status": ["13"]}, partial=True
    )
    assert errors == {}
    assert cleaned["ethnicity"] is None and cleaned["political_status"] is None


def test_id_number_must_agree_with_gender_and_birth_date():
    _, errors = validate_entry(BASIC, complete_basic_info(gender="1"), partial=False)
    assert "gender" in errors["id_number"][0]
    _, errors = validate_entry(BASIC, complete_basic_info(birth_date="1949-12-30"), partial=False)
    assert "birth date" in errors["id_number"][0]


def test_id_number_with_wrong_check_character_is_refused():
    _, errors = validate_entry(
        BASIC, complete_basic_info(id_number="110105194912310021"), partial=False
    )
    assert errors["id_number"] == ["校验码错误 (check character is wrong)"]


def test_work_must_start_after_birth_and_school_join_not_before_work():
    _, errors = validate_entry(
        BASIC,
        complete_basic_info(work_start_month="1949-12", school_join_month="1949-11"),
        partial=False,
    )
    assert set(errors) == {"work_start_month", "school_join_month"}


def test_missing_required_lists_each_missing_required_field_in_order():
    assert missing_required(BASIC, {}) == [f.name for f in BASIC.required_fields]
    assert missing_required(BASIC, complete_basic_info(name="", teaching_stages=[])) == [
        "name",
        "teaching_stages",
    ]
    assert missing_required(EDUCATION, {"education_level": "21"}) == ["degree_level", "study_mode"]


def test_a_draft_may_leave_required_fields_out_but_a_full_entry_may_not():
    assert validate_entry(EDUCATION, {"major": "数学"}, partial=True)[1] == {}
    _, errors = validate_entry(EDUCATION, {"major": "数学"}, partial=False)
    assert set(errors) == {"education_level", "degree_level", "study_mode"}


def test_derived_fields_of_basic_info_are_not_input_fields():
    for name in (
        "highest_education_level",
        "highest_degree_level",
        "current_post_category",
        "current_post_level",
        "current_title",
    ):
        assert not BASIC.field(name).entered
        assert name in validate_entry(BASIC, {name: "1"}, partial=True)[1]


def test_every_code_field_names_an_existing_table():
    for set_def in SETS.values():
        for field in set_def.fields:
            assert (field.code_table in CODE_TABLES) == (field.type in ("code", "codes"))


def test_code_tables_look_up_labels():
    assert CODE_TABLES["ethnicity"].label_of("56") == "基诺族"
    assert len([c for c, _ in CODE_TABLES["ethnicity"] if int(c) <= 56]) == 56
    assert "036" in CODE_TABLES["nationality"] and "36" not in CODE_TABLES["nationality"]
    assert CODE_TABLES["gender"].label_of("9") is None


def test_describe_sets_gives_labels_and_codes_as_json():
    described = {s["name"]: s for s in json.loads(json.dumps(describe_sets()))}
    assert described["basic_info"]["label"] == "基本信息"
    assert described["education"]["many"] is True
    gender = next(f for f in described["basic_info"]["fields"] if f["name"] == "gender")
    assert gender["label"] == "性别" and gender["required"] is True
    assert gender["codes"] == [{"code": "1", "label": "男"}, {"code": "2", "label": "女"}]
