"""The indicator system as data: every set the API names, its fields, code tables and
the description that GET /api/v1/schema/sets serves."""

import json
import re

import pytest

from shared.indicators import (
    CODE_TABLES,
    SCHOOL_LEVEL_SETS,
    SETS,
    describe_code_tables,
    describe_sets,
)
from shared.indicators.codetable_base import LOCAL
from shared.indicators.codetables_career import title_grade
from shared.indicators.fielddefs import REST, FieldDef, SetDef

pytestmark = pytest.mark.unit

# Set names and labels exactly as the API documents them, in its order.
API_SETS = [
    ("basic_info", "基本信息"),
    ("education", "学习经历"),
    ("work_history", "工作经历"),
    ("post_appointment", "岗位聘任"),
    ("title_appointment", "专业技术职务聘任"),
    ("pay", "基本待遇"),
    ("assessment", "年度考核"),
    ("qualification", "教师资格"),
    ("ethics", "师德信息"),
    ("achievements", "教学科研成果及获奖"),
    ("talent_programs", "入选人才项目"),
    ("training", "国内培训"),
    ("overseas_study", "海外研修(访学)"),
    ("skills", "技能及证书"),
    ("rotation", "交流轮岗"),
    ("contact", "联系方式"),
]
SCHOOL_SETS = {
    "post_appointment",
    "title_appointment",
    "pay",
    "assessment",
    "ethics",
    "achievements",
    "training",
    "rotation",
}


def described():
    return {s["name"]: s for s in json.loads(json.dumps(describe_sets(), ensure_ascii=False))}


def field_of(description, name):
    return next(f for f in description["fields"] if f["name"] == name)


# -- the sets -------------------------------------------------------------------------


def test_every_set_of_the_api_is_defined_with_its_label_in_order():
    assert [(s.name, s.label) for s in SETS.values()] == API_SETS
    assert [s.order for s in SETS.values()] == sorted(s.order for s in SETS.values())
    assert len({s.order for s in SETS.values()}) == len(SETS)


def test_only_basic_info_and_contact_hold_one_entry():
    assert {name for name, s in SETS.items() if not s.many} == {"basic_info", "contact"}


def test_the_eight_school_level_sets_are_made_effective_by_the_school_only():
    assert set(SCHOOL_LEVEL_SETS) == SCHOOL_SETS
    for name, s in SETS.items():
        assert s.effective_by == ("school" if name in SCHOOL_SETS else "unit"), name
        if name in SCHOOL_SETS:
            assert s.can_fill("unit") and s.can_fill("school")
            assert not s.can_make_effective("unit") and s.can_make_effective("school")
        else:
            assert s.can_make_effective("unit") and s.can_make_effective("school")
        assert not s.can_make_effective("teacher")


def test_teachers_fill_their_own_sets_but_not_the_administrative_ones():
    administrative = {
        "post_appointment",
        "title_appointment",
        "pay",
        "assessment",
        "ethics",
        "rotation",
    }
    for name, s in SETS.items():
        assert s.can_fill("teacher") == (name not in administrative), name
    assert set(SETS["basic_info"].filled_by) == {"teacher", "unit", "school"}


def test_basic_info_and_education_are_required_sets():
    assert {name for name, s in SETS.items() if s.required} == {"basic_info", "education"}


def test_key_fields_identify_entries_for_re_import():
    assert SETS["education"].key_fields == ("education_level", "start_month")
    assert SETS["pay"].key_fields == ("year",) and SETS["pay"].unique_key
    assert SETS["assessment"].key_fields == ("year",) and SETS["assessment"].unique_key
    for s in SETS.values():
        assert bool(s.key_fields) == s.many, s.name
        for name in s.key_fields:
            assert s.has_field(name)


def test_field_names_are_identifiers_and_labels_are_chinese():
    for s in SETS.values():
        assert re.search(r"[\u4e00-\u9fff]", s.label)
        for fd in s.fields:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", fd.name), fd.name
            assert re.search(r"[\u4e00-\u9fff]", fd.label), fd.name


def test_required_fields_follow_the_stars_of_the_indicator_spec():
    stars = {
        "post_appointment": {"post_category", "post_level", "start_month", "school_posts"},
        "title_appointment": {"title"},
        "pay": {
            "year",
            "annual_income",
            "basic_salary",
            "performance_pay",
            "rural_allowance",
            "other_allowances",
            "other_pay",
            "insurance",
        },
        "assessment": {"year", "result"},
        "qualification": {"kind"},
        "ethics": {"assessment_month", "conclusion", "punishment_kind"},
        "talent_programs": {"program"},
        "training": {"year", "training_kind", "project_name", "training_mode", "hours"},
        "overseas_study": {"has_experience"},
        "skills": {"language", "proficiency"},
        "rotation": {"rotation_kind"},
        "work_history": set(),
        "contact": set(),
        "achievements": {"kind"},
    }
    for name, required in stars.items():
        assert {f.name for f in SETS[name].required_fields} == required, name


def test_achievements_have_a_required_name_in_every_group():
    s = SETS["achievements"]
    kinds = [c for c, _ in CODE_TABLES["achievement_kind"]]
    assert [label for _, label in CODE_TABLES["achievement_kind"]] == [
        "项目(课题)",
        "著作",
        "论文",
        "奖励",
        "文艺作品",
        "专利或软件著作权",
    ]
    assert s.group_field == "kind"
    for kind in kinds:
        required = [f.name for f in s.fields if f.required and kind in f.groups]
        assert required and required[0].endswith(("_name", "_title")), kind
    paper = {f.name for f in s.fields if "3" in f.groups}
    assert {
        "paper_title",
        "journal",
        "publish_month",
        "volume",
        "issue",
        "pages",
        "discipline",
        "indexing",
    } <= paper
    assert s.field("role").cascade.depends_on == "kind"


def test_personal_data_is_marked():
    assert SETS["basic_info"].personal_fields == ("id_number", "birth_date")
    assert set(SETS["pay"].personal_fields) == {
        "annual_income",
        "basic_salary",
        "performance_pay",
        "rural_allowance",
        "other_allowances",
        "other_pay",
    }
    assert SETS["contact"].personal_fields == ("mobile", "office_phone", "email", "address")


def test_registration_fields_of_qualification_are_read_only():
    readonly = {f.name for f in SETS["qualification"].fields if f.readonly}
    assert readonly == {
        "first_registration_date",
        "first_registration_result",
        "periodic_registration_date",
        "periodic_registration_result",
    }
    assert all(not f.entered for f in SETS["qualification"].fields if f.readonly)


def test_derived_fields_of_basic_info_are_marked_and_not_entered():
    basic = SETS["basic_info"]
    derived = {f.name: f.derived for f in basic.fields if f.derived}
    assert set(derived) == {
        "birth_date",
        "highest_education_level",
        "highest_degree_level",
        "current_post_category",
        "current_post_level",
        "current_title",
    }
    assert derived["birth_date"].entered and derived["birth_date"].function == "birth_date_from_id"
    assert derived["highest_education_level"].sources == ("education",)
    assert derived["current_post_level"].sources == ("post_appointment",)
    assert derived["current_title"].sources == ("title_appointment",)
    assert not any(
        f.entered for name, f in ((n, basic.field(n)) for n in derived) if name != "birth_date"
    )


# -- code tables ----------------------------------------------------------------------


def test_every_code_field_has_a_table_and_every_default_is_a_valid_code():
    for s in SETS.values():
        for fd in s.fields:
            assert (fd.code_table in CODE_TABLES) == (fd.type in ("code", "codes")), fd.name
            if fd.default is not None and fd.code_table:
                defaults = fd.default if fd.type == "codes" else [fd.default]
                assert all(d in CODE_TABLES[fd.code_table] for d in defaults), fd.name
    assert SETS["basic_info"].field("nationality").default == "156"
    assert SETS["basic_info"].field("id_type").default == "1"
    assert SETS["basic_info"].field("ethnicity").default == "01"


def test_a_default_outside_the_table_is_refused_when_defined():
    with pytest.raises(ValueError, match="default"):
        FieldDef("gender", "性别", "code", code_table="gender", default="9")


def test_code_tables_are_versioned_and_local_ones_say_so():
    for t in CODE_TABLES.values():
        assert t.codes and t.version and re.search(r"[\u4e00-\u9fff]", t.label), t.name
        assert len(t.code_list) == len(set(t.code_list)), t.name
        if t.version == LOCAL:
            assert t.note, t.name


def test_code_tables_the_brief_spells_out():
    assert dict(CODE_TABLES["insurance"].codes) == {
        "0": "无",
        "1": "养老保险",
        "2": "医疗保险",
        "3": "失业保险",
        "4": "工伤保险",
        "5": "生育保险",
        "6": "住房公积金",
    }
    assert [c for c, _ in CODE_TABLES["assessment_result"]] == ["1", "2", "3", "4", "5"]
    assert CODE_TABLES["assessment_result"].label_of("5") == "不定等次"
    kinds = dict(CODE_TABLES["qualification_kind"].codes)
    assert kinds["0"] == "无" and kinds["7"] == "高等学校教师资格" and len(kinds) == 8
    assert dict(CODE_TABLES["rotation_kind"].codes).items() >= {
        ("0", "无"),
        ("1", "交流"),
        ("2", "轮岗"),
        ("3", "支教"),
    }
    assert CODE_TABLES["school_post"].label_of("00") == "无"
    assert CODE_TABLES["talent_program"].label_of("00") == "无"
    assert CODE_TABLES["punishment_kind"].label_of("0") == "无"
    assert {"SCI", "SSCI", "EI", "CSSCI", "北大核心(中文核心期刊)"} <= {
        label for _, label in CODE_TABLES["indexing"]
    }
    assert [c for c, _ in CODE_TABLES["post_category"]] == ["1", "2", "3", "4"]


def test_the_title_table_follows_gb_t_8561_for_university_teachers():
    title = CODE_TABLES["title"]
    assert [title.label_of(c) for c in ("0", "011", "012", "013", "014")] == [
        "无",
        "教授",
        "副教授",
        "讲师(高校)",
        "助教(高校)",
    ]
    assert [title_grade(c) for c in ("011", "012", "013", "014", "025", "0")] == [
        "1",
        "2",
        "3",
        "4",
        "4",
        None,
    ]


def test_post_levels_cascade_from_the_post_category():
    cascade = SETS["post_appointment"].field("post_level").cascade
    assert cascade.depends_on == "post_category"
    table = CODE_TABLES["post_level"]
    by_parent = {p: [table.label_of(c) for c in codes] for p, codes in cascade.codes_by_parent}
    assert len(by_parent["1"]) == len(by_parent["2"]) == 13 + 2
    assert len(by_parent["3"]) == 10 + 2
    assert len(by_parent["4"]) == 5 + 1 + 2 and "普通工" in by_parent["4"]
    for labels in by_parent.values():
        assert labels[-2:] == ["未评(试用期)", "未评(其他)"]
    assert cascade.allowed("1")[-2:] == ("998", "999")


def test_every_cascade_maps_every_parent_code_to_codes_of_the_child_table():
    for s in SETS.values():
        for fd in s.fields:
            if fd.cascade is None:
                continue
            parent = s.field(fd.cascade.depends_on)
            mapping = dict(fd.cascade.codes_by_parent)
            assert set(mapping) == set(CODE_TABLES[parent.code_table].code_list), fd.name
            child = CODE_TABLES[fd.code_table]
            assert all(c in child for codes in mapping.values() for c in codes), fd.name
            covered = {c for codes in mapping.values() for c in codes}
            assert covered == set(child.code_list), fd.name


def test_exclusive_codes_are_declared_where_the_spec_says_they_stand_alone():
    assert SETS["basic_info"].field("political_status").exclusive == ("12", "13")
    assert SETS["post_appointment"].field("school_posts").exclusive == ("00",)
    assert SETS["pay"].field("insurance").exclusive == ("0",)


def test_none_codes_clear_the_rest_where_the_spec_says_so():
    rest = {
        ("title_appointment", "title"): "0",
        ("qualification", "kind"): "0",
        ("rotation", "rotation_kind"): "0",
        ("talent_programs", "program"): "00",
        ("overseas_study", "has_experience"): "0",
    }
    for (set_name, name), code in rest.items():
        s = SETS[set_name]
        fd = s.field(name)
        assert fd.clears.when == (code,) and fd.clears.fields == (REST,)
        assert set(s.cleared_by(fd)) == {f.name for f in s.fields} - {name}


def test_a_wrong_definition_fails_when_it_is_built():
    with pytest.raises(ValueError, match="key field"):
        SetDef(
            "x",
            "x",
            many=True,
            filled_by=("unit",),
            key_fields=("nope",),
            fields=(FieldDef("a", "甲"),),
        )
    with pytest.raises(ValueError, match="effective_by"):
        SetDef(
            "x",
            "x",
            many=True,
            filled_by=("unit",),
            effective_by="teacher",
            fields=(FieldDef("a", "甲"),),
        )


# -- the description served by GET /api/v1/schema/sets --------------------------------


def test_describe_sets_is_json_and_holds_what_a_form_and_an_import_template_need():
    sets = described()
    assert list(sets) == [name for name, _ in API_SETS]
    pay = sets["pay"]
    assert pay["label"] == "基本待遇" and pay["many"] is True
    assert pay["filled_by"] == ["unit", "school"] and pay["effective_by"] == "school"
    assert pay["key_fields"] == ["year"] and pay["unique_key"] is True
    assert isinstance(pay["order"], int)
    keys = {
        "name",
        "label",
        "type",
        "required",
        "code_table",
        "codes",
        "code_table_version",
        "cascade",
        "exclusive",
        "personal",
        "readonly",
        "derived",
        "default",
        "max_length",
        "pattern",
        "help",
    }
    for s in sets.values():
        for fd in s["fields"]:
            assert keys <= set(fd), (s["name"], fd["name"])
    income = field_of(pay, "annual_income")
    assert income["personal"] is True and income["unit"] == "元" and income["minimum"] == 0


def test_describe_sets_carries_cascades_with_their_labels():
    level = field_of(described()["post_appointment"], "post_level")
    assert level["cascade"]["depends_on"] == "post_category"
    assert set(level["cascade"]["codes_by_parent"]) == {"1", "2", "3", "4"}
    assert "201" in level["cascade"]["codes_by_parent"]["3"]
    assert {"code": "201", "label": "管理一级岗位(一级职员)"} in level["codes"]
    assert level["code_table_version"] == LOCAL
    category = field_of(described()["post_appointment"], "post_category")
    assert {"code": "1", "label": "教师岗位"} in category["codes"]


def test_describe_sets_carries_exclusive_clears_groups_derived_and_conditions():
    sets = described()
    basic = sets["basic_info"]
    assert field_of(basic, "political_status")["exclusive"] == ["12", "13"]
    assert field_of(basic, "employment_form")["required_when"] == {
        "field": "on_establishment",
        "any_of": ["0"],
        "none_of": [],
    }
    assert field_of(basic, "highest_education_level")["derived"] == {
        "function": "highest_education",
        "from": ["education"],
        "entered": False,
    }
    assert field_of(basic, "highest_education_level")["entered"] is False
    assert field_of(basic, "nationality")["clears"] == {
        "when": [],
        "unless": ["156"],
        "fields": ["ethnicity", "political_status"],
    }
    assert field_of(basic, "id_number")["personal"] is True
    title = field_of(sets["title_appointment"], "title")
    assert title["clears"]["when"] == ["0"]
    assert title["clears"]["fields"] == ["start_month", "end_month", "employer"]
    achievements = sets["achievements"]
    assert achievements["group_field"] == "kind"
    paper_title = field_of(achievements, "paper_title")
    assert paper_title["groups"] == ["3"] and paper_title["required"] is True
    assert field_of(sets["qualification"], "first_registration_date")["readonly"] is True


def test_describe_code_tables_lists_every_table_with_its_version():
    tables = json.loads(json.dumps(describe_code_tables(), ensure_ascii=False))
    assert {t["name"] for t in tables} == set(CODE_TABLES)
    contract = next(t for t in tables if t["name"] == "contract")
    assert contract["codes"] == [
        {"code": "1", "label": "聘用合同"},
        {"code": "2", "label": "劳动合同"},
    ]
