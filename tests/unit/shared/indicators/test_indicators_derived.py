"""Derived fields: 最高学历/学位 from 学习经历, 现任岗位 and 现任专业技术职务 from the
appointment sets, 出生日期 from the ID number."""

from datetime import date

import pytest

from shared.idnumbers import make_resident_id
from shared.indicators import (
    birth_date_from_id,
    current_post,
    current_title,
    derived_basic_fields,
    highest_education,
)
from shared.indicators.derived import FUNCTIONS
from shared.indicators.sets import SETS

pytestmark = pytest.mark.unit

TODAY = date(2026, 5, 15)


def test_highest_education_ranks_by_the_code_tables_not_by_entry_order():
    entries = [
        {"education_level": "21", "degree_level": "3"},
        {"education_level": "11", "degree_level": "1"},
        {"education_level": "14", "degree_level": "2"},
    ]
    assert highest_education(entries) == {
        "highest_education_level": "11",
        "highest_degree_level": "1",
    }


def test_a_degree_beats_no_degree_and_no_degree_counts_when_it_is_all_there_is():
    assert highest_education(
        [
            {"education_level": "31", "degree_level": "0"},
            {"education_level": "21", "degree_level": "3"},
        ]
    ) == {"highest_education_level": "21", "highest_degree_level": "3"}
    assert highest_education([{"education_level": "31", "degree_level": "0"}]) == {
        "highest_education_level": "31",
        "highest_degree_level": "0",
    }


def test_highest_education_without_entries_is_none():
    assert highest_education([]) == {"highest_education_level": None, "highest_degree_level": None}
    assert highest_education([{"major": "数学"}])["highest_education_level"] is None


def test_current_post_is_the_latest_started_on_or_before_today():
    posts = [
        {"post_category": "1", "post_level": "110", "start_month": "2016-01"},
        {"post_category": "1", "post_level": "107", "start_month": "2022-01"},
        {"post_category": "3", "post_level": "205", "start_month": "2027-01"},  # not yet
        {"post_category": "1", "post_level": "109", "start_month": "2019-01"},
    ]
    assert current_post(posts, TODAY) == {"post_category": "1", "post_level": "107"}
    assert current_post(posts, date(2027, 1, 1)) == {"post_category": "3", "post_level": "205"}
    assert current_post(posts, date(2015, 12, 31)) == {"post_category": None, "post_level": None}
    assert current_post([], TODAY) == {"post_category": None, "post_level": None}


def test_current_post_accepts_the_appointment_of_this_month():
    posts = [
        {"post_category": "1", "post_level": "110", "start_month": "2016-01"},
        {"post_category": "1", "post_level": "106", "start_month": "2026-05"},
    ]
    assert current_post(posts, TODAY)["post_level"] == "106"


def test_current_title_skips_ended_and_future_appointments():
    titles = [
        {"title": "013", "start_month": "2010-01", "end_month": "2015-12"},
        {"title": "012", "start_month": "2016-01", "end_month": "2030-12"},
        {"title": "011", "start_month": "2027-01"},
        {"title": "014", "start_month": "2005-01", "end_month": "2009-12"},
    ]
    assert current_title(titles, TODAY) == {"title": "012"}
    assert current_title(titles, date(2027, 3, 1)) == {"title": "011"}
    assert current_title(titles[:1], TODAY) == {"title": None}  # ended, none running


def test_current_title_is_none_code_when_only_none_was_entered():
    assert current_title([{"title": "0"}], TODAY) == {"title": "0"}
    assert current_title([{"title": "0"}, {"title": "013", "start_month": "2020-01"}], TODAY) == {
        "title": "013"
    }
    assert current_title([], TODAY) == {"title": None}


def test_birth_date_comes_from_digits_7_to_14_of_a_resident_id():
    assert birth_date_from_id("1", "11010519491231002X") == "1949-12-31"
    assert (
        birth_date_from_id(None, make_resident_id("460100", date(1985, 3, 14), 101)) == "1985-03-14"
    )
    assert birth_date_from_id("C", make_resident_id("810000", date(1990, 7, 1), 12)) == "1990-07-01"


@pytest.mark.parametrize(
    "id_type, number",
    [
        ("A", "E12345678"),
        ("1", "110105194912310021"),
        ("1", ""),
        ("1", None),
        ("1", "11010519491231"),
    ],
)
def test_birth_date_is_none_for_other_documents_or_bad_numbers(id_type, number):
    assert birth_date_from_id(id_type, number) is None


def test_derived_basic_fields_use_the_names_of_basic_info():
    values = derived_basic_fields(
        {
            "education": [{"education_level": "14", "degree_level": "2"}],
            "post_appointment": [
                {"post_category": "2", "post_level": "108", "start_month": "2020-01"}
            ],
            "title_appointment": [{"title": "063", "start_month": "2020-01"}],
        },
        TODAY,
    )
    assert values == {
        "highest_education_level": "14",
        "highest_degree_level": "2",
        "current_post_category": "2",
        "current_post_level": "108",
        "current_title": "063",
    }
    basic = SETS["basic_info"]
    assert all(basic.field(name).derived for name in values)


def test_every_derivation_names_a_function_of_the_derived_module():
    for s in SETS.values():
        for fd in s.fields:
            if fd.derived:
                assert fd.derived.function in FUNCTIONS
