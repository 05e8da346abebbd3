"""The documents in docs/ say what the code does: the generated part of indicators.md is
the generator's output for today's definitions."""

import pytest

from shared.indicators import CODE_TABLES, SETS, document

pytestmark = pytest.mark.unit


def test_the_indicator_document_is_generated_from_today_s_definitions():
    committed = document.DOCUMENT.read_text(encoding="utf-8")
    generated = document.introduction(committed) + document.render()
    assert committed == generated, "docs/indicators.md is out of date: run `make docs`"


def test_the_indicator_document_names_every_set_field_and_code_table():
    text = document.render()
    for s in SETS.values():
        assert f"### {s.order}. {s.label} — `{s.name}`" in text
        for fd in s.fields:
            assert f"| `{fd.name}` | {fd.label} |" in text, f"{s.name}.{fd.name}"
    for table in CODE_TABLES.values():
        assert f"— `{table.name}` (" in text
        for code, label in table:
            assert f"`{code}` {label}" in text, f"{table.name} {code}"


def test_the_introduction_is_kept_and_a_missing_marker_is_refused():
    committed = document.DOCUMENT.read_text(encoding="utf-8")
    assert document.introduction(committed).startswith("# The indicator system")
    with pytest.raises(ValueError):
        document.introduction("# a document without its generated part\n")
