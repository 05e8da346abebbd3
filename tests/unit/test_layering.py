"""Every subscription names an event type its source's contract declares, and each
contract names exactly what its producer defines.

The import boundaries (a pure domain, services that never import each other, contracts
and shared that import no service, no cycles) are import-linter contracts in
pyproject.toml, checked by `make lint`."""

import dataclasses
import importlib

PRODUCERS = ("accounts", "records", "audit")
CONSUMERS = ("accounts", "records", "audit", "reporting")


def defined_events(service: str) -> dict[str, int]:
    """The event classes of a service's domain/events.py and their schema versions."""
    events = importlib.import_module(f"services.{service}.domain.events")
    return {
        name: value.version
        for name, value in vars(events).items()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == events.__name__
    }


def published(service: str) -> dict[str, int]:
    """What a service's contract says it publishes (contracts/<service>/events.py)."""
    return dict(importlib.import_module(f"contracts.{service}.events").PUBLISHED)


def test_each_contract_names_every_event_its_producer_defines_at_its_version():
    for service in PRODUCERS:
        assert published(service) == defined_events(service), service


def test_every_subscription_names_an_event_type_its_source_declares():
    unknown = []
    for consumer in CONSUMERS:
        table = importlib.import_module(f"services.{consumer}.wiring").SUBSCRIPTIONS
        for source, handlers in table.items():
            declared = published(source)
            unknown += [f"{consumer} follows {source}.{t}" for t in handlers if t not in declared]
    assert unknown == []


def test_every_wiring_row_maps_an_event_type_to_a_list_of_handlers():
    """`{source: {event_type: [handlers]}}`: several handlers of one event are listed in
    the order they run, never composed elsewhere."""
    wrong = []
    for consumer in CONSUMERS:
        table = importlib.import_module(f"services.{consumer}.wiring").SUBSCRIPTIONS
        for source, handlers in table.items():
            for event_type, listed in handlers.items():
                if not (isinstance(listed, list) and listed and all(map(callable, listed))):
                    wrong.append(f"{consumer}: {source}.{event_type} -> {listed!r}")
    assert wrong == []


def test_the_tests_mirror_the_source_tree():
    """tests/unit/<package>/ holds the tests of that package of the source, and
    tests/service/<service>/ those of services/<service>/: a test's place says what it
    tests. Only project-wide checks (this file, the documents) sit at tests/unit/."""
    from tests.support import REPO

    misplaced = []
    unit = REPO / "tests" / "unit"
    for test in unit.rglob("test_*.py"):
        package = test.parent.relative_to(unit)
        if package.parts and not any((REPO / package).glob("*.py")):
            misplaced.append(str(test.relative_to(REPO)))
    service = REPO / "tests" / "service"
    for test in service.rglob("test_*.py"):
        package = test.parent.relative_to(service)
        if len(package.parts) != 1 or not (REPO / "services" / package).is_dir():
            misplaced.append(str(test.relative_to(REPO)))
    assert misplaced == []
