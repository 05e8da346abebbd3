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
    pure_shared = [ROOT / p for p in ("shared/errors.py", "shared/events.py", "shared/caller.py",
                                      "shared/idnumbers.py")]
    pure_shared += list(ROOT.glob("shared/indicators/*.py"))
    for path in domain_files + pure_shared:
        for module in imported_modules(path):
            if module.split(".")[0] in FRAMEWORKS:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert offenders == []
