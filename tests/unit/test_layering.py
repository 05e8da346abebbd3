"""Every subscription names an event type its source declares.

The import boundaries (a pure domain, services that never import each other, contracts
and shared that import no service, no cycles) are import-linter contracts in
pyproject.toml, checked by `make lint`."""


def declared_event_types(service: str) -> set[str]:
    """The event types a service publishes: the event classes of its domain/events.py."""
    import dataclasses
    import importlib

    events = importlib.import_module(f"services.{service}.domain.events")
    return {
        name
        for name, value in vars(events).items()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == events.__name__
    }


def test_every_subscription_names_an_event_type_its_source_declares():
    import importlib

    unknown = []
    for consumer in ("accounts", "records", "audit", "reporting"):
        table = importlib.import_module(f"services.{consumer}.wiring").SUBSCRIPTIONS
        for source, handlers in table.items():
            declared = declared_event_types(source)
            unknown += [f"{consumer} follows {source}.{t}" for t in handlers if t not in declared]
    assert unknown == []


def test_every_wiring_row_maps_an_event_type_to_a_list_of_handlers():
    """`{source: {event_type: [handlers]}}`: several handlers of one event are listed in
    the order they run, never composed elsewhere."""
    import importlib

    wrong = []
    for consumer in ("accounts", "records", "audit", "reporting"):
        table = importlib.import_module(f"services.{consumer}.wiring").SUBSCRIPTIONS
        for source, handlers in table.items():
            for event_type, listed in handlers.items():
                if not (isinstance(listed, list) and listed and all(map(callable, listed))):
                    wrong.append(f"{consumer}: {source}.{event_type} -> {listed!r}")
    assert wrong == []
