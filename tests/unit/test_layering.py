"""The domain stays pure: no framework imports under services/*/domain."""

import ast
from pathlib import Path

FRAMEWORKS = {"nameko", "sqlalchemy", "marshmallow", "kombu", "pika", "eventlet", "amqp"}
ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_domain_modules_import_no_framework():
    offenders = []
    domain_files = list(ROOT.glob("services/*/domain/*.py"))
    assert domain_files
    pure_shared = [
        ROOT / p
        for p in ("shared/errors.py", "shared/events.py", "shared/caller.py", "shared/idnumbers.py")
    ]
    pure_shared += list(ROOT.glob("shared/indicators/*.py"))
    for path in domain_files + pure_shared:
        for module in imported_modules(path):
            if module.split(".")[0] in FRAMEWORKS:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


SERVICES = ("accounts", "records", "audit", "reporting", "gateway")


def imports_of_service(name: str):
    for path in ROOT.glob(f"services/{name}/**/*.py"):
        for module in imported_modules(path):
            yield path.relative_to(ROOT), module


def test_services_never_import_each_other_and_the_gateway_only_contracts_and_shared():
    offenders = []
    for name in SERVICES:
        for path, module in imports_of_service(name):
            parts = module.split(".")
            if parts[0] == "services" and len(parts) > 1 and parts[1] != name:
                offenders.append(f"{path} imports {module}")
    assert offenders == []


def test_contracts_import_no_service_machinery():
    """What crosses a boundary is schemas and the constants they check against; a
    contract never pulls in a service's handlers, tables or entrypoints."""
    offenders = []
    for path in ROOT.glob("contracts/**/*.py"):
        for module in imported_modules(path):
            parts = module.split(".")
            if parts[0] == "services" and not (len(parts) > 2 and parts[2] == "domain"):
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
            if parts[0] in {"nameko", "sqlalchemy", "kombu", "eventlet"}:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []


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
