"""The records service over the whole indicator system: who fills each set, one a
year, derived fields, masking for query accounts, completeness across sets."""

from datetime import date

import pytest
from test_records_domain import BASIC, EDUCATION, MANAGER, QUERY, SCHOOL_MANAGER, TEACHER, History

from services.records.domain import record as domain
from services.records.read_model import views
from shared.caller import Caller
from shared.errors import Conflict, Forbidden, ValidationError
from shared.indicators import SCHOOL_LEVEL_SETS, SETS

PROVINCE_MANAGER = Caller("acc-p", "p1", "info_manager", "province", ("province",))
LAST_YEAR = date.today().year - 1
PAY = {
    "year": LAST_YEAR,
    "annual_income": "120000",
    "basic_salary": "4000",
    "performance_pay": "3000",
    "rural_allowance": "0",
    "other_allowances": "500",
    "other_pay": "0",
    "insurance": ["1", "2", "6"],
}
CONTACT = {
    "mobile": "13812345678",
    "office_phone": "0898-66279000",
    "email": "zhang@example.edu.cn",
    "address": "海南省海口市人民大道58号",
}
SAMPLES = {
    "post_appointment": {"post_category": "1", "start_month": "2015-01"},
    "title_appointment": {"title": "0"},
    "pay": PAY,
    "assessment": {"year": LAST_YEAR, "result": "1"},
    "ethics": {"assessment_month": "2024-12"},
    "achievements": {"kind": "3"},
    "training": {"year": LAST_YEAR},
    "rotation": {"start_month": "2024-03"},
}


def test_the_school_level_sets_are_the_ones_the_source_names():
    assert set(SCHOOL_LEVEL_SETS) == {
        "post_appointment",
        "title_appointment",
        "pay",
        "assessment",
        "ethics",
        "achievements",
        "training",
        "rotation",
    }


def test_a_teacher_cannot_fill_the_sets_only_managers_fill():
    manager_only = [s for s in SCHOOL_LEVEL_SETS if not SETS[s].can_fill("teacher")]
    assert {
        "post_appointment",
        "title_appointment",
        "pay",
        "assessment",
        "ethics",
        "rotation",
    } <= set(manager_only)
    for set_name in manager_only:
        with pytest.raises(Forbidden) as error:
            History().fill(TEACHER, set_name, SAMPLES[set_name], adding=True)
        assert "set" in error.value.fields


def test_a_school_manager_fills_every_school_level_set():
    history = History()
    for set_name in SCHOOL_LEVEL_SETS:
        event = history.fill(SCHOOL_MANAGER, set_name, SAMPLES[set_name], adding=True)
        assert event.set == set_name and event.new_entry


def test_a_unit_managers_entry_in_a_school_level_set_waits_for_the_school_review():
    history = History()
    history.complete()
    entry = history.fill(MANAGER, "pay", PAY, adding=True)
    submission = domain.submit(history.record, TEACHER, "sub-1")
    [change] = [c for c in submission.changes if c["entry_id"] == entry.entry_id]
    assert change["effective_by"] == "school" and change["filled_by"] == ["acc-m"]
    assert not SETS["pay"].can_make_effective("unit") and SETS["pay"].can_make_effective("school")


def test_a_province_account_is_not_a_filler():
    assert domain.caller_level(PROVINCE_MANAGER) == "province"
    with pytest.raises(Forbidden):
        History().fill(PROVINCE_MANAGER, "basic_info", {"former_name": "x"})


def test_pay_is_one_a_year_and_the_current_year_is_refused():
    history = History()
    first = history.fill(MANAGER, "pay", PAY, adding=True)
    with pytest.raises(Conflict) as error:
        history.fill(MANAGER, "pay", PAY, adding=True)
    assert "year" in error.value.fields
    with pytest.raises(ValidationError) as error:
        history.fill(MANAGER, "pay", {**PAY, "year": date.today().year}, adding=True)
    assert "未满一年请下年度填报" in error.value.fields["year"][0]
    # the entry itself may change; another year is another entry
    history.fill(MANAGER, "pay", {"basic_salary": "4100"}, entry_id=first.entry_id)
    history.fill(MANAGER, "pay", {**PAY, "year": LAST_YEAR - 1}, adding=True)
    assert len(history.record.entries_of("pay")) == 2


def test_assessment_is_one_a_year():
    history = History()
    history.fill(MANAGER, "assessment", SAMPLES["assessment"], adding=True)
    with pytest.raises(Conflict):
        history.fill(
            SCHOOL_MANAGER, "assessment", {**SAMPLES["assessment"], "result": "2"}, adding=True
        )


def test_a_query_account_sees_every_personal_field_masked():
    history = History()
    history.fill(MANAGER, "pay", PAY, adding=True)
    history.fill(MANAGER, "contact", CONTACT)
    shown = views.record_view(history.record, masked=True)["sets"]
    [basic] = shown["basic_info"]["entries"]
    assert basic["fields"]["id_number"] == "46" + "*" * 16
    assert basic["fields"]["birth_date"] == "1985-03-**"
    [pay] = shown["pay"]["entries"]
    for name in SETS["pay"].personal_fields:
        assert pay["fields"][name] == "***", name
    assert pay["fields"]["year"] == LAST_YEAR and pay["fields"]["insurance"] == ["1", "2", "6"]
    [contact] = shown["contact"]["entries"]
    assert contact["fields"]["mobile"] == "138****5678"
    for name in SETS["contact"].personal_fields:
        assert contact["fields"][name] != CONTACT[name] and "*" in contact["fields"][name]
    domain.check_can_read(QUERY, history.record)
    plain = views.record_view(history.record, masked=False)["sets"]
    assert plain["pay"]["entries"][0]["fields"]["annual_income"] == "120000"
    assert plain["contact"]["entries"][0]["fields"] == CONTACT


def test_every_personal_field_of_every_set_is_masked():
    for set_def in SETS.values():
        for name in set_def.personal_fields:
            value = 1234 if set_def.field(name).type in ("integer", "decimal") else "13812345678"
            masked = views.masked_fields(set_def.name, {name: value})[name]
            assert masked != value and "*" in masked, (set_def.name, name)


def test_the_highest_education_is_derived_from_study_entries_and_shown_in_basic_info():
    history = History()
    history.fill(TEACHER, "education", EDUCATION, adding=True)
    history.fill(
        TEACHER,
        "education",
        {
            **EDUCATION,
            "education_level": "14",
            "degree_level": "2",
            "start_month": "2006-09",
            "end_month": "2009-07",
        },
        adding=True,
    )
    [basic] = views.record_view(history.record, masked=False)["sets"]["basic_info"]["entries"]
    assert basic["fields"]["highest_education_level"] == "14"
    assert basic["fields"]["highest_degree_level"] == "2"
    assert "highest_education_level" not in history.record.entries_of("basic_info")[0].fields
    with pytest.raises(ValidationError) as error:
        history.fill(TEACHER, "basic_info", {"highest_education_level": "11"})
    assert "highest_education_level" in error.value.fields


def test_completeness_names_each_missing_field_across_sets():
    history = History()
    history.fill(TEACHER, "basic_info", {**BASIC, "discipline": None})
    education = history.fill(TEACHER, "education", {**EDUCATION, "study_mode": None}, adding=True)
    pay = history.fill(MANAGER, "pay", {"year": LAST_YEAR, "annual_income": "1"}, adding=True)
    history.fill(MANAGER, "assessment", {"year": LAST_YEAR}, adding=True)
    with pytest.raises(ValidationError) as error:
        domain.submit(history.record, TEACHER, "sub-1")
    fields = error.value.fields
    assert "discipline" in fields
    assert f"education.{education.entry_id}.study_mode" in fields
    assert (
        f"pay.{pay.entry_id}.basic_salary" in fields and f"pay.{pay.entry_id}.insurance" in fields
    )
    assert any(key.startswith("assessment.") and key.endswith(".result") for key in fields)
    assert "education" not in fields and "name" not in fields
    assert "基本工资" in fields[f"pay.{pay.entry_id}.basic_salary"][0]
