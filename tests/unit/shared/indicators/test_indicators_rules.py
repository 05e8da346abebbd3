"""Every rule of the indicator system, each with a case that breaks it."""

from datetime import date

import pytest

from shared.indicators import (
    SETS,
    entry_key,
    incomplete,
    key_conflicts,
    missing_required,
    validate_entry,
)
from shared.indicators.validation import READONLY, REQUIRED

pytestmark = pytest.mark.unit

TODAY = date(2026, 5, 15)
ID = "11010519491231002X"  # a woman born 1949-12-31


def check(set_name, fields, partial=False, today=TODAY):
    return validate_entry(SETS[set_name], fields, partial=partial, today=today)


def errors_of(set_name, fields, partial=False, today=TODAY):
    return check(set_name, fields, partial, today)[1]


COMPLETE = {
    "basic_info": {
        "name": "王芳",
        "gender": "2",
        "nationality": "156",
        "id_type": "1",
        "id_number": ID,
        "birth_date": "1949-12-31",
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
        "teaching_stages": ["2"],
        "teaching_status": "22",
        "discipline": "0812",
    },
    "education": {
        "education_level": "11",
        "start_month": "2005-09",
        "end_month": "2010-07",
        "degree_level": "1",
        "degree_month": "2010-07",
        "study_mode": "1",
    },
    "work_history": {
        "employer": "海南大学",
        "start_month": "2010-07",
        "end_month": "2015-06",
        "unit_nature": "21",
        "position": "讲师",
    },
    "post_appointment": {
        "post_category": "1",
        "post_level": "107",
        "start_month": "2016-01",
        "school_posts": ["00"],
    },
    "title_appointment": {
        "title": "012",
        "start_month": "2016-01",
        "end_month": "2020-12",
        "employer": "海南大学",
    },
    "pay": {
        "year": 2025,
        "annual_income": "180000",
        "basic_salary": "6000",
        "performance_pay": "5000",
        "rural_allowance": "0",
        "other_allowances": "800",
        "other_pay": "0",
        "insurance": ["1", "2", "3", "4", "5", "6"],
    },
    "assessment": {"year": 2025, "result": "1", "assessor": "海南大学"},
    "qualification": {
        "kind": "7",
        "certificate_no": "20124600142000123",
        "issue_date": "2012-06-30",
    },
    "ethics": {"assessment_month": "2025-12", "conclusion": "2", "punishment_kind": "0"},
    "achievements": {
        "kind": "3",
        "paper_title": "热带作物遗传研究",
        "role": "32",
        "indexing": ["1", "7"],
        "publish_month": "2024-03",
    },
    "talent_programs": {"program": "06", "year": 2020},
    "training": {
        "year": 2025,
        "training_kind": "2",
        "project_name": "高校教师教学能力提升",
        "training_mode": "1",
        "hours": 40,
        "credits": "2.5",
    },
    "overseas_study": {
        "has_experience": "1",
        "start_date": "2018-09-01",
        "end_date": "2019-08-31",
        "country": "840",
        "institution": "UCLA",
    },
    "skills": {"language": "01", "proficiency": "2"},
    "rotation": {
        "rotation_kind": "3",
        "start_month": "2024-09",
        "end_month": "2025-07",
        "origin_unit": "海南大学",
        "target_unit": "琼中县中学",
    },
    "contact": {"mobile": "13800138000", "email": "wang@hainanu.edu.cn"},
}


def complete(set_name, **changes):
    return {**COMPLETE[set_name], **changes}


@pytest.mark.parametrize("set_name", list(COMPLETE))
def test_a_complete_entry_of_every_set_passes(set_name):
    assert set(COMPLETE) == set(SETS)
    assert errors_of(set_name, complete(set_name)) == {}


def test_unknown_field_is_refused_in_every_set():
    for set_name in SETS:
        errors = errors_of(set_name, {"nickname": "x"}, partial=True)
        assert "unknown field" in errors["nickname"][0]


# -- cascades -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "category, level, ok",
    [
        ("1", "113", True),
        ("2", "101", True),
        ("3", "210", True),
        ("4", "399", True),
        ("4", "305", True),
        ("1", "998", True),
        ("3", "999", True),
        ("3", "101", False),
        ("1", "201", False),
        ("4", "210", False),
        ("2", "301", False),
    ],
)
def test_post_level_must_belong_to_the_post_category(category, level, ok):
    errors = errors_of(
        "post_appointment", complete("post_appointment", post_category=category, post_level=level)
    )
    assert (errors == {}) == ok
    if not ok:
        assert list(errors) == ["post_level"] and "not allowed" in errors["post_level"][0]


def test_post_level_without_its_category_is_refused():
    errors = errors_of("post_appointment", {"post_level": "101"}, partial=True)
    assert "depends on post_category" in errors["post_level"][0]


def test_concurrent_post_level_cascades_from_the_concurrent_category():
    fields = complete(
        "post_appointment",
        is_concurrent="1",
        concurrent_post_category="3",
        concurrent_post_level="101",
    )
    assert list(errors_of("post_appointment", fields)) == ["concurrent_post_level"]
    fields["concurrent_post_level"] = "205"
    assert errors_of("post_appointment", fields) == {}


def test_role_in_an_achievement_must_be_one_of_its_group():
    errors = errors_of("achievements", complete("achievements", role="11"))  # 主持人 of a paper
    assert list(errors) == ["role"]
    assert errors_of("achievements", complete("achievements", role="33")) == {}


# -- exclusive codes --------------------------------------------------------------------


@pytest.mark.parametrize(
    "set_name, name, codes",
    [
        ("basic_info", "political_status", ["13", "01"]),
        ("basic_info", "political_status", ["03", "12"]),
        ("post_appointment", "school_posts", ["00", "03"]),
        ("pay", "insurance", ["1", "0"]),
        ("achievements", "indexing", ["0", "1"]),
    ],
)
def test_none_codes_stand_alone(set_name, name, codes):
    errors = errors_of(set_name, complete(set_name, **{name: codes}))
    assert list(errors) == [name] and "stands alone" in errors[name][0]
    assert errors_of(set_name, complete(set_name, **{name: codes[:1]})) == {}


def test_party_member_and_probationary_member_exclude_each_other():
    errors = errors_of("basic_info", complete("basic_info", political_status=["01", "02"]))
    assert list(errors) == ["political_status"]


# -- "0 无 clears the rest" --------------------------------------------------------------


@pytest.mark.parametrize(
    "set_name, name, code, cleared",
    [
        ("title_appointment", "title", "0", ["start_month", "end_month", "employer"]),
        ("qualification", "kind", "0", ["certificate_no", "issue_date"]),
        ("rotation", "rotation_kind", "0", ["start_month", "end_month", "target_unit"]),
        ("talent_programs", "program", "00", ["year"]),
        ("overseas_study", "has_experience", "0", ["start_date", "country", "institution"]),
        ("ethics", "punishment_kind", "0", ["punishment_reason", "punishment_date"]),
        ("education", "degree_level", "0", ["degree_month"]),
        ("skills", "language", "00", ["proficiency"]),
        ("post_appointment", "school_posts", ["00"], ["school_post_start_month"]),
        ("post_appointment", "is_concurrent", "0", ["concurrent_post_category"]),
        ("basic_info", "on_establishment", "1", ["employment_form"]),
    ],
)
def test_a_none_code_clears_the_fields_that_depend_on_it(set_name, name, code, cleared):
    values = {
        "start_month": "2020-01",
        "end_month": "2021-01",
        "employer": "某大学",
        "certificate_no": "123",
        "issue_date": "2012-01-01",
        "target_unit": "某中学",
        "year": 2020,
        "start_date": "2020-01-01",
        "country": "840",
        "institution": "MIT",
        "punishment_reason": "x",
        "punishment_date": "2020-01-01",
        "degree_month": "2010-07",
        "proficiency": "1",
        "school_post_start_month": "2020-01",
        "concurrent_post_category": "3",
        "employment_form": "1",
    }
    fields = complete(set_name, **{name: code}, **{n: values[n] for n in cleared})
    cleaned, errors = check(set_name, fields)
    assert errors == {}
    assert all(cleaned[n] is None for n in cleared)


def test_what_a_none_code_clears_is_not_required():
    assert missing_required(SETS["skills"], {"language": "00"}) == []
    assert missing_required(SETS["skills"], {"language": "01"}) == ["proficiency"]
    assert missing_required(SETS["rotation"], {"rotation_kind": "0"}) == []
    assert missing_required(SETS["rotation"], {"rotation_kind": "1"}) == [
        "start_month",
        "target_unit",
    ]


def test_foreign_nationality_clears_ethnicity_and_political_status():
    cleaned, errors = check(
        "basic_info",
        complete("basic_info", nationality="840", ethnicity="01", political_status=["13", "01"]),
    )
    assert errors == {} and cleaned["ethnicity"] is None and cleaned["political_status"] is None


# -- date orders ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "set_name, start, end, first, last",
    [
        ("education", "start_month", "end_month", "2005-09", "2005-09"),
        ("education", "start_month", "degree_month", "2005-09", "2005-06"),
        ("work_history", "start_month", "end_month", "2010-07", "2010-06"),
        ("title_appointment", "start_month", "end_month", "2016-01", "2015-12"),
        ("overseas_study", "start_date", "end_date", "2018-09-01", "2018-09-01"),
        ("rotation", "start_month", "end_month", "2024-09", "2024-08"),
        ("achievements", "project_start_month", "project_end_month", "2020-01", "2019-12"),
        ("ethics", "occurrence_date", "punishment_date", "2020-05-01", "2020-04-30"),
        ("ethics", "punishment_date", "revoke_date", "2020-05-01", "2020-04-30"),
    ],
)
def test_an_end_before_its_start_is_refused(set_name, start, end, first, last):
    extra = {
        "achievements": {
            "kind": "1",
            "project_name": "课题",
            "role": "11",
            "indexing": None,
            "publish_month": None,
            "paper_title": None,
        },
        "ethics": {"punishment_kind": "11", "revoke_reason": "期满"},
    }
    fields = complete(set_name, **{**extra.get(set_name, {}), start: first, end: last})
    errors = errors_of(set_name, fields)
    assert list(errors) == [end]
    fields[end] = f"{int(last[:4]) + 1}{last[4:]}"
    assert errors_of(set_name, fields) == {}


def test_work_must_start_after_birth_and_school_join_not_before_work():
    errors = errors_of(
        "basic_info",
        complete("basic_info", work_start_month="1949-12", school_join_month="1949-11"),
    )
    assert set(errors) == {"work_start_month", "school_join_month"}


# -- years: 基本待遇 refuses the current year ------------------------------------------------


def test_pay_for_the_current_year_is_refused():
    errors = errors_of("pay", complete("pay", year=2026))
    assert errors == {"year": ["未满一年请下年度填报 (the current year is not over)"]}
    assert "year" in errors_of("pay", complete("pay", year="2027"))
    assert errors_of("pay", complete("pay", year="2025")) == {}
    assert errors_of("pay", complete("pay", year=2026), today=date(2027, 1, 2)) == {}


def test_pay_amounts_are_numbers_not_below_zero():
    errors = errors_of("pay", complete("pay", basic_salary="-1", performance_pay="abc"))
    assert set(errors) == {"basic_salary", "performance_pay"}


@pytest.mark.parametrize("set_name", ["assessment", "training", "talent_programs"])
def test_a_future_year_is_refused(set_name):
    assert list(errors_of(set_name, complete(set_name, year=2027))) == ["year"]
    assert errors_of(set_name, complete(set_name, year=2026)) == {}


PUNISHED = {
    "punishment_kind": "12",
    "occurrence_date": "2026-01-05",
    "punishment_date": "2026-02-01",
    "revoke_date": "2026-05-15",
    "revoke_reason": "期满",
}


@pytest.mark.parametrize(
    "set_name, name, late",
    [
        ("qualification", "issue_date", "2026-05-16"),
        ("skills", "certificate_month", "2026-06"),
        ("ethics", "assessment_month", "2026-06"),
        ("ethics", "honour_date", "2026-05-16"),
        ("ethics", "occurrence_date", "2026-05-16"),
        ("ethics", "punishment_date", "2026-05-16"),
        ("ethics", "revoke_date", "2026-05-16"),
    ],
)
def test_a_date_in_the_future_is_refused(set_name, name, late):
    extra = {
        "ethics": {
            **PUNISHED,
            "honour_level": "2",
            "honour_title": "优秀教师",
            "honour_date": "2025-09-10",
        }
    }.get(set_name, {})
    assert errors_of(set_name, complete(set_name, **extra)) == {}
    errors = errors_of(set_name, complete(set_name, **{**extra, name: late}))
    assert name in errors and "future" in errors[name][0]


# -- training hours ---------------------------------------------------------------------


@pytest.mark.parametrize("hours", [12.5, "12.5", "十", -1, "-3", True])
def test_training_hours_are_a_whole_number_not_below_zero(hours):
    assert list(errors_of("training", complete("training", hours=hours))) == ["hours"]


@pytest.mark.parametrize("hours, cleaned", [(0, 0), ("40", 40), (120, 120)])
def test_training_hours_accept_whole_numbers(hours, cleaned):
    result, errors = check("training", complete("training", hours=hours))
    assert errors == {} and result["hours"] == cleaned


# -- other cross-field rules -------------------------------------------------------------


def test_overseas_study_is_outside_china():
    assert list(errors_of("overseas_study", complete("overseas_study", country="156"))) == [
        "country"
    ]
    assert errors_of("overseas_study", complete("overseas_study", country="344")) == {}


def test_an_overseas_experience_needs_its_start_and_country():
    errors = errors_of("overseas_study", {"has_experience": "1"})
    assert errors == {"start_date": [REQUIRED], "country": [REQUIRED]}
    assert errors_of("overseas_study", {"has_experience": "0"}) == {}


@pytest.mark.parametrize("target", ["海南大学", " 海南 大学 "])
def test_rotation_unit_must_differ_from_the_origin(target):
    errors = errors_of("rotation", complete("rotation", target_unit=target))
    assert list(errors) == ["target_unit"]


def test_concurrent_post_category_must_differ_from_the_post_category():
    errors = errors_of(
        "post_appointment",
        complete(
            "post_appointment",
            is_concurrent="1",
            concurrent_post_category="1",
            concurrent_post_level="105",
        ),
    )
    assert list(errors) == ["concurrent_post_category"]


def test_a_concurrent_post_needs_is_concurrent_yes_and_then_both_its_fields():
    errors = errors_of(
        "post_appointment", complete("post_appointment", concurrent_post_category="3"), partial=True
    )
    assert "is_concurrent" in errors["concurrent_post_category"][0]
    errors = errors_of("post_appointment", complete("post_appointment", is_concurrent="1"))
    assert errors == {"concurrent_post_category": [REQUIRED], "concurrent_post_level": [REQUIRED]}


@pytest.mark.parametrize("on, contract", [("1", "2"), ("0", "1")])
def test_contract_follows_the_establishment(on, contract):
    fields = complete("basic_info", on_establishment=on, contract=contract, employment_form="1")
    assert list(errors_of("basic_info", fields)) == ["contract"]


def test_contract_3_is_not_a_code_any_more():
    assert (
        "not in table contract"
        in errors_of("basic_info", complete("basic_info", contract="3"))["contract"][0]
    )


def test_employment_form_is_required_only_when_not_on_establishment():
    fields = complete("basic_info", on_establishment="0", contract="2")
    assert errors_of("basic_info", fields) == {"employment_form": [REQUIRED]}
    assert errors_of("basic_info", dict(fields, employment_form="2")) == {}


def test_honour_title_and_level_come_together():
    assert errors_of("ethics", complete("ethics", honour_level="2")) == {"honour_title": [REQUIRED]}
    assert errors_of("ethics", complete("ethics", honour_title="优秀教师")) == {
        "honour_level": [REQUIRED]
    }
    assert errors_of("ethics", complete("ethics", honour_title="优秀教师", honour_level="2")) == {}


def test_a_revoked_punishment_needs_its_reason():
    fields = complete(
        "ethics", punishment_kind="11", punishment_date="2020-01-01", revoke_date="2021-01-01"
    )
    assert errors_of("ethics", fields) == {"revoke_reason": [REQUIRED]}


def test_another_skill_needs_its_proficiency_and_the_other_way_round():
    assert errors_of("skills", complete("skills", other_skill="钢琴")) == {
        "other_skill_proficiency": [REQUIRED]
    }
    assert errors_of("skills", complete("skills", other_skill_proficiency="1")) == {
        "other_skill": [REQUIRED]
    }


@pytest.mark.parametrize(
    "name, bad",
    [
        ("mobile", "1380013800"),
        ("mobile", "23800138000"),
        ("email", "wang.hainanu.edu.cn"),
        ("office_phone", "abc"),
    ],
)
def test_contact_values_have_their_format(name, bad):
    assert list(errors_of("contact", {name: bad}, partial=True)) == [name]


# -- achievements: per-kind fields ----------------------------------------------------------


@pytest.mark.parametrize(
    "kind, required",
    [
        ("1", ["project_name"]),
        ("2", ["book_title"]),
        ("3", ["paper_title"]),
        ("4", ["award_name"]),
        ("5", ["work_name"]),
        ("6", ["patent_name", "patent_kind"]),
    ],
)
def test_each_kind_of_achievement_requires_its_own_fields(kind, required):
    assert missing_required(SETS["achievements"], {"kind": kind}) == required
    errors = errors_of("achievements", {"kind": kind})
    assert errors == {name: [REQUIRED] for name in required}


def test_a_field_of_another_kind_is_refused():
    errors = errors_of("achievements", complete("achievements", patent_no="ZL2020"))
    assert list(errors) == ["patent_no"] and "not a field of kind 3" in errors["patent_no"][0]


def test_a_group_field_without_the_kind_is_refused():
    errors = errors_of("achievements", {"paper_title": "x"}, partial=True)
    assert "choose kind first" in errors["paper_title"][0]


# -- read-only and derived fields --------------------------------------------------------


def test_read_only_registration_fields_are_refused():
    fields = complete(
        "qualification", first_registration_date="2015-01-01", periodic_registration_result="1"
    )
    assert errors_of("qualification", fields) == {
        "first_registration_date": [READONLY],
        "periodic_registration_result": [READONLY],
    }


@pytest.mark.parametrize(
    "name, value",
    [
        ("highest_education_level", "11"),
        ("highest_degree_level", "1"),
        ("current_post_category", "1"),
        ("current_post_level", "107"),
        ("current_title", "011"),
    ],
)
def test_fields_derived_from_other_sets_are_refused_as_input(name, value):
    errors = errors_of("basic_info", complete("basic_info", **{name: value}))
    assert list(errors) == [name] and "derived" in errors[name][0]


def test_derived_fields_are_not_required_of_the_filler():
    basic = SETS["basic_info"]
    assert "highest_education_level" not in missing_required(basic, {})
    assert basic.field("highest_education_level").required  # the spec's *, met by 学习经历


def test_birth_date_is_read_from_the_id_number_when_left_out():
    fields = complete("basic_info")
    del fields["birth_date"]
    cleaned, errors = check("basic_info", fields)
    assert errors == {} and cleaned["birth_date"] == "1949-12-31"


def test_birth_date_must_agree_with_the_id_number():
    errors = errors_of("basic_info", complete("basic_info", birth_date="1949-12-30"))
    assert "birth date" in errors["id_number"][0]


# -- across entries and the whole record ----------------------------------------------------


def test_one_pay_entry_a_year():
    pay = SETS["pay"]
    assert entry_key(pay, {"year": 2025}) == (2025,)
    assert key_conflicts(pay, {"year": 2025}, [{"year": 2024}, {"year": 2025}]) == {
        "year": ["已有年度相同的记录 (one entry per year)"]
    }
    assert key_conflicts(pay, {"year": 2025}, [{"year": 2024}]) == {}
    assert (
        key_conflicts(
            SETS["training"],
            {"year": 2025, "project_name": "a"},
            [{"year": 2025, "project_name": "a"}],
        )
        == {}
    )  # a key, not unique


def test_incomplete_names_each_missing_field_of_each_entry():
    missing = incomplete(
        {
            "basic_info": [("b1", complete("basic_info", name=""))],
            "pay": [("p1", {"year": 2025, "insurance": ["0"]})],
            "achievements": [("a1", {"kind": "6", "patent_name": "x"})],
            "contact": [("c1", {})],
        }
    )
    assert missing["name"] == ["「基本信息」姓名:必填项 (required)"]
    assert "education" in missing
    assert {k for k in missing if k.startswith("pay.p1.")} == {
        f"pay.p1.{n}"
        for n in (
            "annual_income",
            "basic_salary",
            "performance_pay",
            "rural_allowance",
            "other_allowances",
            "other_pay",
        )
    }
    assert "achievements.a1.patent_kind" in missing
    assert not any(k.startswith("contact") for k in missing)


def test_a_complete_record_is_complete():
    assert (
        incomplete(
            {
                "basic_info": [("b1", COMPLETE["basic_info"])],
                "education": [("e1", COMPLETE["education"])],
            }
        )
        == {}
    )
