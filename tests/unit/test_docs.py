"""The documents in docs/ say what the code does: the generated part of indicators.md is
the generator's output for today's definitions, and api.md describes exactly the routes of
the gateway's route table, and design.md lists every event each service publishes with
the services that follow it."""

import importlib
import re
from pathlib import Path

import pytest

from services.gateway.routes import ROUTES
from shared.errors import DomainError, all_error_types, http_status
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


# docs/design.md: a table of events per publishing service, each row
# "| `EventType` | stream | says | followed by |"
PUBLISHERS = ("accounts", "records", "audit")
# what each producer's contract says it publishes (tests/unit/test_layering.py keeps the
# contracts equal to the producers' domain/events.py)
PUBLISHED = {s: importlib.import_module(f"contracts.{s}.events").PUBLISHED for s in PUBLISHERS}
CONSUMERS = ("accounts", "records", "audit", "reporting")


def subscribers() -> dict[tuple[str, str], set[str]]:
    """(source, event type) → the services whose subscription table follows it."""
    found: dict[tuple[str, str], set[str]] = {}
    for consumer in CONSUMERS:
        table = importlib.import_module(f"services.{consumer}.wiring").SUBSCRIPTIONS
        for source, handlers in table.items():
            for event_type in handlers:
                found.setdefault((source, event_type), set()).add(consumer)
    return found


def documented_events(text: str) -> dict[str, dict[str, set[str]]]:
    """{service: {event type: followers}} from the '### Events of <service>' tables."""
    found: dict[str, dict[str, set[str]]] = {}
    service = None
    for line in text.splitlines():
        heading = re.match(r"^#{2,3} (.*)$", line)
        if heading:
            named = re.fullmatch(r"Events of (\w+)", heading.group(1).strip())
            service = named.group(1) if named else None
            if service:
                found[service] = {}
            continue
        row = re.match(r"^\| `(\w+)` \|.*\| ([^|]*) \|\s*$", line)
        if service and row:
            followers = {name.strip() for name in row.group(2).split(",")} - {"—", ""}
            assert row.group(1) not in found[service], f"{row.group(1)} is listed twice"
            found[service][row.group(1)] = followers
    return found


def test_the_design_lists_every_event_each_service_publishes_and_who_follows_it():
    documented = documented_events((DOCS / "design.md").read_text(encoding="utf-8"))
    assert sorted(documented) == sorted(PUBLISHERS)
    followed = subscribers()
    for service in PUBLISHERS:
        assert set(documented[service]) == set(PUBLISHED[service]), service
        for event_type, followers in documented[service].items():
            assert followers == followed.get((service, event_type), set()), (
                f"{service}.{event_type}: docs/design.md says {sorted(followers)}"
            )


def test_the_event_check_reads_the_tables_it_is_meant_to():
    text = (
        "### Events of audit\n\n| event | stream | says | followed by |\n|---|---|---|---|\n"
        "| `ReviewDecided` | `review-<id>` | a decision | records, reporting |\n"
        "| `ReviewTaskOpened` | `review-<id>` | a task | — |\n\n## Next\n| `Other` | x | y | z |\n"
    )
    assert documented_events(text) == {
        "audit": {"ReviewDecided": {"records", "reporting"}, "ReviewTaskOpened": set()}
    }


def test_every_relative_link_of_the_documents_points_into_the_repository():
    root = DOCS.parent
    broken = []
    for page in [root / "README.md", *sorted(DOCS.glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text("utf-8")):
            if "://" in target:
                continue
            resolved = (page.parent / target).resolve()
            if not resolved.is_relative_to(root) or not resolved.exists():
                broken.append(f"{page.name} → {target}")
    assert broken == []


def test_the_api_document_names_every_error_code_with_its_status():
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| (\d{3}) \| `([A-Z_]+)` \|", text, re.MULTILINE))
    expected = {
        (str(http_status(cls("x"))), cls.code)
        for cls in all_error_types()
        if cls is not DomainError
    }
    # the gateway's own: no route, no method, a service down, a defect
    expected |= {
        ("404", "NOT_FOUND"),
        ("405", "METHOD_NOT_ALLOWED"),
        ("503", "SERVICE_UNAVAILABLE"),
        ("500", "INTERNAL"),
    }
    assert sorted(expected - rows) == [], "error codes missing from the table in docs/api.md"
    assert sorted(rows - expected) == [], "docs/api.md names error codes nothing answers"
