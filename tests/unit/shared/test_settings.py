"""The one settings object: its parsing, that nothing else reads the environment, and
that the README's settings table lists exactly its fields with their defaults."""

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from shared import config
from shared.config import Settings, SettingsError
from tests.support import REPO

SCANNED = ("services", "shared", "deploy")
ENV_NAMES = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}


def test_an_empty_environment_gives_every_default():
    settings = Settings.from_env({})
    for f in dataclasses.fields(Settings):
        if f.name == "data_dir":
            assert settings.data_dir == Path("./var").resolve()
        elif f.name == "database_urls":
            assert dict(settings.database_urls) == {}
        else:
            assert getattr(settings, f.name) == f.default, f.name


def test_values_are_read_with_their_types():
    settings = Settings.from_env(
        {
            "RELAY_POLL_INTERVAL": "0.25",
            "MAX_WORKERS": " 4 ",
            "TRUST_FORWARDED_FOR": "Yes",
            "LOG_LEVEL": "debug",
            "ADMIN_PASSWORD": "Secret-1",
            "GATEWAY_PORT": "",  # empty: the default
        }
    )
    assert settings.relay_poll_interval == 0.25
    assert settings.max_workers == 4
    assert settings.trust_forwarded_for is True
    assert settings.log_level == "DEBUG"
    assert settings.admin_password == "Secret-1"
    assert settings.gateway_port == 8000
    assert Settings.from_env({"TRUST_FORWARDED_FOR": "off"}).trust_forwarded_for is False


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("RELAY_POLL_INTERVAL", "x", "RELAY_POLL_INTERVAL must be a number, got 'x'"),
        ("CATCH_UP_INTERVAL", "nan", "CATCH_UP_INTERVAL must be a number, got 'nan'"),
        ("MAX_WORKERS", "1.5", "MAX_WORKERS must be a whole number, got '1.5'"),
        ("REPORTING_REPLICAS", "0", "REPORTING_REPLICAS must be at least 1, got '0'"),
        ("CONSUMER_BACKOFF", "-1", "CONSUMER_BACKOFF must be at least 0, got '-1'"),
        ("TRUST_FORWARDED_FOR", "maybe", "TRUST_FORWARDED_FOR must be on or off"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ],
)
def test_a_bad_value_is_refused_naming_the_variable(name, value, message):
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({name: value})
    assert str(refused.value).startswith(message)


def test_each_service_may_have_its_own_database_url(tmp_path):
    settings = Settings.from_env(
        {"RECORDS_DATABASE_URL": "postgresql://u@h/ti_records", "DATA_DIR": str(tmp_path)}
    )
    assert settings.database_url("records") == "postgresql+pg8000://u@h/ti_records"
    assert settings.database_url("audit") == f"sqlite:///{tmp_path / 'audit.db'}"


def test_the_current_settings_follow_the_environment(monkeypatch):
    monkeypatch.setenv("RELAY_BATCH_SIZE", "7")
    assert config.settings().relay_batch_size == 7
    monkeypatch.setenv("RELAY_BATCH_SIZE", "8")
    assert config.settings().relay_batch_size == 8
    monkeypatch.delenv("RELAY_BATCH_SIZE")
    assert config.settings().relay_batch_size == 500
    monkeypatch.setenv("AUDIT_DATABASE_URL", "sqlite:////tmp/elsewhere.db")
    assert config.database_url("audit") == "sqlite:////tmp/elsewhere.db"


# nothing but shared/config.py reads the environment ------------------------------------
def environment_reads(source: str) -> list[int]:
    """Lines of `source` that read or change the process environment through `os`."""
    tree = ast.parse(source)
    os_names = {"os"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            os_names |= {a.asname or a.name for a in node.names if a.name == "os"}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            if any(a.name in ENV_NAMES for a in node.names):
                lines.append(node.lineno)
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in ENV_NAMES
            and isinstance(node.value, ast.Name)
            and node.value.id in os_names
        ):
            lines.append(node.lineno)
    return sorted(lines)


def test_the_scan_finds_every_way_of_reading_the_environment():
    source = (
        "import os\nimport os as system\nfrom os import getenv\n"
        "a = os.environ.get('A')\nb = system.getenv('B')\nc = request.environ.get('C')\n"
    )
    assert environment_reads(source) == [3, 4, 5]


def test_only_shared_config_reads_the_environment():
    found = []
    for folder in SCANNED:
        for path in sorted((REPO / folder).rglob("*.py")):
            relative = path.relative_to(REPO).as_posix()
            if relative == "shared/config.py":
                continue
            found += [f"{relative}:{n}" for n in environment_reads(path.read_text("utf-8"))]
    assert found == [], "read the environment through shared.config.settings(): " + ", ".join(found)


# the README's settings table ----------------------------------------------------------
def shown_default(f: dataclasses.Field) -> str:
    if f.metadata["shown"] is not None:
        return f.metadata["shown"]
    if f.type is bool:
        return "on" if f.default else "off"
    value = f"{f.default:g}" if isinstance(f.default, float) else str(f.default)
    return f"`{value}`"


def readme_settings() -> dict[str, str]:
    text = (REPO / "README.md").read_text("utf-8")
    section = text.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    table = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        names = re.findall(r"`([^`]+)`", cells[0])
        defaults = [d.strip() for d in cells[1].split(" / ")]
        assert len(names) == len(defaults), f"one default per name: {line}"
        assert cells[2], f"a meaning: {line}"
        for name, default in zip(names, defaults, strict=True):
            assert name not in table, f"{name} twice in the README"
            table[name] = default
    return table


def test_the_readme_lists_every_setting_with_its_default():
    expected = {f.metadata["env"]: shown_default(f) for f in dataclasses.fields(Settings)}
    assert readme_settings() == expected


def test_every_setting_says_what_it_means():
    for f in dataclasses.fields(Settings):
        assert f.metadata["help"].strip(), f.name
        assert "\n" not in f.metadata["help"], f.name
