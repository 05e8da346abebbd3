"""The documents in docs/ say what the code does: the generated part of indicators.md is
the generator's output for today's definitions, and api.md describes exactly the routes of
the gateway's route table."""

import re
from pathlib import Path

import pytest

from services.gateway.routes import ROUTES
from shared.indicators import CODE_TABLES, SETS, document

DOCS = Path(__file__).resolve().parents[2] / "docs"

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


# docs/api.md: one heading per route, as "#### `METHOD /path`"
ROUTE_HEADING = re.compile(r"^#{2,5} `(GET|POST|PUT|PATCH|DELETE) (/\S*)`\s*$", re.MULTILINE)


def documented_routes() -> list[tuple[str, str]]:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    return ROUTE_HEADING.findall(text)


def test_the_api_document_describes_every_route_of_the_gateway_and_no_other():
    documented = documented_routes()
    table = {(route.method, route.path) for route in ROUTES}
    assert len(documented) == len(set(documented)), "a route is described twice"
    assert sorted(table - set(documented)) == [], "routes missing from docs/api.md"
    assert sorted(set(documented) - table) == [], "docs/api.md names routes that do not exist"


def test_the_route_check_reads_the_headings_it_is_meant_to():
    found = ROUTE_HEADING.findall("#### `GET /api/v1/me`\n#### `POST /api/v1/nowhere`\nGET /x\n")
    assert found == [("GET", "/api/v1/me"), ("POST", "/api/v1/nowhere")]
