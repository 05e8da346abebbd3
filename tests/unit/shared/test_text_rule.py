"""The one rule for text that comes in (shared/text.py), and the places that use it: an
entry's fields (basic_info) and the services' schema fields."""

import pytest

from shared import text
from shared.indicators import SETS
from shared.indicators.validation import validate_entry

pytestmark = pytest.mark.unit

REFUSED_EVERYWHERE = {
    "\ud800": "U+D800",
    "ab\udfff": "U+DFFF",
    "a\x00b": "U+0000",
    "\x1b[31m": "U+001B",
    "a\x7fb": "U+007F",
    "a\x85b": "U+0085",
    "a\x9fb": "U+009F",
    "a\u202ab": "U+202A",
    "a\u202eb": "U+202E",
    "a\u2066b": "U+2066",
    "a\u2069b": "U+2069",
}
LINE_BREAKS = {
    "a\tb": "U+0009",
    "a\nb": "U+000A",
    "a\r\nb": "U+000D",
    "a\u2028b": "U+2028",
    "a\u2029b": "U+2029",
}
FINE = [
    "",
    "海南大学",
    "计算机　学院",
    "a\u00a0b",
    "O'Brien-Smith (二)",
    "emoji 👩‍🏫",
    "עברית",
    "العربية",
    "\u200e",
    "\ufeff",
    "x" * 10_000,
]


@pytest.mark.parametrize("value,code_point", REFUSED_EVERYWHERE.items())
def test_surrogates_controls_and_bidi_controls_are_refused_in_any_text(value, code_point):
    for multiline in (False, True):
        reason = text.problem(value, multiline=multiline)
        assert reason is not None and code_point in reason


@pytest.mark.parametrize("value,code_point", LINE_BREAKS.items())
def test_tabs_and_line_breaks_are_refused_in_one_line_text_only(value, code_point):
    assert code_point in text.problem(value)
    assert text.problem(value, multiline=True) is None


@pytest.mark.parametrize("value", FINE)
def test_ordinary_text_of_any_script_passes(value):
    assert text.problem(value) is None
    assert text.problem(value, multiline=True) is None


def test_a_message_names_the_code_point_and_never_repeats_the_text():
    reason = text.problem("secret\u202egnp.exe")
    assert "U+202E" in reason and "secret" not in reason
    reason.encode("utf-8")  # always encodable, whatever the input held
    text.problem("\ud800").encode("utf-8")


def test_the_first_reason_is_the_gravest():
    assert "surrogate" in text.problem("\n\x00\ud800")
    assert "control character" in text.problem("\n\x00")


def test_problems_name_each_refused_string_by_its_path():
    body = {
        "name": "a\x00",
        "rows": [{"name": "ok"}, {"name": "b\u202e"}],
        "leader": {"phone": "1\ud800", "note": "two\nlines"},
        "count": 3,
        "none": None,
    }

    found = text.problems(body)

    assert set(found) == {"name", "rows.1.name", "leader.phone"}
    assert all(len(messages) == 1 for messages in found.values())
    assert set(text.problems(body, multiline=False)) == {
        "name",
        "rows.1.name",
        "leader.phone",
        "leader.note",
    }


def test_a_refused_field_name_is_reported_where_it_stands():
    found = text.problems({"a\x00": 1, "ok": {"b\u202e": "x"}})
    assert set(found) == {"_body", "ok"}
    assert "field name" in found["_body"][0]


def nested(levels, inner):
    for _ in range(levels):
        inner = [inner]
    return inner


def test_problems_and_depth_walk_deeper_than_python_recurses():
    assert list(text.problems({"a": nested(5_000, "\x00")})) == ["a." + ".".join(["0"] * 5_000)]
    assert text.depth({"a": nested(100_000, 1)}) == 100_001


@pytest.mark.parametrize(
    "value,expected",
    [(1, 0), ("x", 0), ({}, 1), ([], 1), ({"a": [1]}, 2), ({"a": 1, "b": {"c": {}}}, 3)],
)
def test_depth_counts_levels_of_objects_and_arrays(value, expected):
    assert text.depth(value) == expected


# the same rule where entries are checked -------------------------------------------------
@pytest.mark.parametrize("value", ["张\u202e三", "张\x00三", "张\ud800", "张\n三"])
def test_basic_info_refuses_what_the_rule_refuses(value):
    _, errors = validate_entry(SETS["basic_info"], {"former_name": value}, partial=True)
    assert errors["former_name"] == [text.problem(value.strip())]


def test_basic_info_takes_what_the_rule_takes():
    cleaned, errors = validate_entry(SETS["basic_info"], {"former_name": "张　三"}, partial=True)
    assert errors == {} and cleaned["former_name"] == "张　三"


def test_a_teacher_row_refuses_what_the_rule_refuses_in_the_name():
    from services.accounts.domain.teacher_rows import check_fields

    row = {
        "name": "张\u202e三",
        "gender": "1",
        "birth_month": "1985-03",
        "id_type": "1",
        "id_number": "x",
        "unit_code": "U1",
    }
    _, problems = check_fields(row)
    assert ("name", text.problem("张\u202e三")) in problems


# and in the services' schemas --------------------------------------------------------------
def test_the_services_schemas_hold_their_text_fields_to_the_rule():
    from contracts import accounts
    from contracts.audit import reviews as audit
    from contracts.records import record as records
    from shared.errors import ValidationError
    from shared.schemas import load

    cases = [
        (
            accounts.CreateOrgSchema,
            {"code": "U1", "name": "a\u202eb", "level": "unit", "parent_code": "S1"},
            "name",
        ),
        (
            accounts.CreateOrgSchema,
            {"code": "U1", "name": "a\nb", "level": "unit", "parent_code": "S1"},
            "name",
        ),
        (accounts.RenameOrgSchema, {"name": "\x00"}, "name"),
        (
            accounts.CreateAccountSchema,
            {"username": "abc", "name": "\ud800", "role": "info_query", "org_code": "U1"},
            "name",
        ),
        (accounts.LoginSchema, {"username": "admin\ud800", "password": "x"}, "username"),
        (accounts.LoginSchema, {"username": "admin", "password": "\x00"}, "password"),
        (
            accounts.RosterSchema,
            {
                "leader": {"name": "王\u2066", "post": "p", "phone": "13812345678"},
                "staff": {"name": "赵", "post": "p", "phone": "13812345678"},
            },
            "leader",
        ),
        (records.ReturnSchema, {"reason": "\x1b"}, "reason"),
        (records.AsOfSchema, {"as_of": str(2**63)}, "as_of"),
        (audit.DecisionSchema, {"decision": "reject", "reason": "\u202d"}, "reason"),
    ]
    for schema, data, field in cases:
        with pytest.raises(ValidationError) as caught:
            load(schema(), data)
        assert field in caught.value.fields, (schema, data)

    assert load(records.ReturnSchema(), {"reason": "第一行\n第二行"})["reason"] == "第一行\n第二行"
    assert load(records.AsOfSchema(), {"as_of": str(2**63 - 1)})["as_of"] == str(2**63 - 1)
    assert (
        load(
            accounts.RosterPersonSchema(),
            {"name": " 王五 ", "post": "组长", "phone": "13812345678"},
        )["name"]
        == "王五"
    )
