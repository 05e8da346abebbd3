"""Every information set has a marshmallow schema generated from its definition."""

import pytest

from contracts.records.sets import load_set_input, schema_for
from shared.errors import NotFound, ValidationError
from shared.indicators import SETS


def test_every_set_has_a_schema_with_every_field():
    for name, set_def in SETS.items():
        assert set(schema_for(name).fields) == {f.name for f in set_def.fields}


def test_a_code_outside_its_table_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as error:
        load_set_input("education", {"education_level": "99x"})
    assert "education_level" in error.value.fields


def test_an_unknown_field_is_refused_naming_it():
    with pytest.raises(ValidationError) as error:
        load_set_input("education", {"favourite_colour": "blue"})
    assert "favourite_colour" in error.value.fields


def test_dates_months_and_whole_numbers_are_checked():
    with pytest.raises(ValidationError) as error:
        load_set_input("training", {"year": "two thousand", "hours": "x"})
    assert {"year", "hours"} <= set(error.value.fields)
    with pytest.raises(ValidationError) as error:
        load_set_input("education", {"start_month": "2002-13"})
    assert "start_month" in error.value.fields


def test_a_draft_may_leave_required_fields_out_and_values_pass_through_unchanged():
    values = {"education_level": "21", "start_month": "2002-09"}
    assert load_set_input("education", values) is values


def test_an_unknown_set_is_not_found():
    with pytest.raises(NotFound):
        load_set_input("no_such_set", {})


def test_a_body_that_is_not_an_object_is_refused():
    with pytest.raises(ValidationError):
        load_set_input("education", ["not", "an", "object"])
