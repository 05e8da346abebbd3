"""Settings of every process: one typed object read from the environment.

`Settings` has one field per environment variable, with its type, default and meaning
(the README's settings table lists exactly these). `settings()` is the current
environment's: it is read again only when the environment changed, so a value set before
a process starts (or by a test, before the code that uses it runs) takes effect. A bad
value is refused with the variable's name: `RELAY_POLL_INTERVAL must be a number, got 'x'`.
Nothing else in the services, `shared/` or `deploy/` reads the environment
(tests/unit/shared/test_settings.py).

Per-service database URLs are a family, `<SERVICE>_DATABASE_URL`: `database_url(service)`.
"""

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

DEFAULT_AMQP_URI = "amqp://guest:guest@localhost:5672/"
SERVICES = ("accounts", "records", "audit", "reporting")
DATABASE_URL_SUFFIX = "_DATABASE_URL"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("plain", "json")
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


class SettingsError(ValueError):
    """A setting's value cannot be used; the message names the variable."""


def setting(
    env: str,
    default: Any,
    help: str,
    *,
    minimum: float | None = None,
    choices: tuple[str, ...] | None = None,
    shown: str | None = None,
    factory: Any = None,
) -> Any:
    """A field read from the environment variable `env`. `shown` is how the README shows
    a default that is not a plain value (e.g. "generated, printed once"); `factory` makes
    the default of a field whose value is a mapping."""
    metadata = {"env": env, "help": help, "minimum": minimum, "choices": choices, "shown": shown}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Settings:
    amqp_uri: str = setting("AMQP_URI", DEFAULT_AMQP_URI, "the broker (and vhost)")
    data_dir: Path = setting(  # noqa: RUF009 - a field, its default a Path
        "DATA_DIR", Path("./var"), "SQLite databases, one per service", shown="`./var`"
    )
    database_urls: Mapping[str, str] = setting(
        "<SERVICE>_DATABASE_URL",
        None,
        "a service's own database, e.g. RECORDS_DATABASE_URL=postgresql://user@host/ti_records",
        shown="SQLite in `DATA_DIR`",
        factory=lambda: MappingProxyType({}),
    )
    gateway_port: int = setting("GATEWAY_PORT", 8000, "port the gateway listens on", minimum=0)
    gateway_host: str = setting(
        "GATEWAY_HOST", "127.0.0.1", "where the gateway listens (0.0.0.0 in a container)"
    )
    admin_password: str | None = setting(
        "ADMIN_PASSWORD", None, "password of the bootstrap admin", shown="generated, printed once"
    )
    reporting_replicas: int = setting(
        "REPORTING_REPLICAS", 1, "reporting processes `make run` starts", minimum=1
    )
    token_ttl_seconds: int = setting(
        "TOKEN_TTL_SECONDS", 8 * 3600, "login token lifetime", minimum=1
    )
    login_max_failures: int = setting(
        "LOGIN_MAX_FAILURES", 5, "consecutive failed logins that lock an account", minimum=1
    )
    lockout_seconds: float = setting(
        "LOCKOUT_SECONDS", 600.0, "how long a locked account stays locked", minimum=0
    )
    login_rate_limit: int = setting(
        "LOGIN_RATE_LIMIT", 20, "login attempts a client may make per window", minimum=1
    )
    login_rate_window_seconds: float = setting(
        "LOGIN_RATE_WINDOW_SECONDS", 60.0, "the window of LOGIN_RATE_LIMIT", minimum=0
    )
    training_required_hours: int = setting(
        "TRAINING_REQUIRED_HOURS",
        72,
        "yearly training hours where the school has not set its own",
        minimum=0,
    )
    trust_forwarded_for: bool = setting(
        "TRUST_FORWARDED_FOR", False, "take the client's address from X-Forwarded-For"
    )
    health_stall_seconds: float = setting(
        "HEALTH_STALL_SECONDS", 30.0, "a lag standing this long is degraded", minimum=0
    )
    health_max_lag: int = setting(
        "HEALTH_MAX_LAG", 10000, "a lag of this many events is degraded", minimum=0
    )
    gateway_rpc_timeout: float = setting(
        "GATEWAY_RPC_TIMEOUT", 5.0, "seconds the gateway waits for a service", minimum=0
    )
    stop_timeout: float = setting(
        "STOP_TIMEOUT", 3.0, "seconds a service gets to stop gracefully", minimum=0
    )
    restart_limit: int = setting(
        "RESTART_LIMIT", 5, "deaths of a service after which `make run` stops", minimum=1
    )
    restart_window: float = setting(
        "RESTART_WINDOW", 600.0, "seconds within which RESTART_LIMIT counts", minimum=0
    )
    health_timeout: float = setting(
        "HEALTH_TIMEOUT", 2.0, "seconds /api/health waits for each service", minimum=0
    )
    max_workers: int = setting(
        "MAX_WORKERS", 10, "concurrent workers of each service process", minimum=1
    )
    log_level: str = setting(
        "LOG_LEVEL", "INFO", "the log level of every process", choices=LOG_LEVELS
    )
    log_format: str = setting(
        "LOG_FORMAT",
        "plain",
        "log lines as text (plain) or one JSON object each (json)",
        choices=LOG_FORMATS,
    )
    root_org_code: str = setting(
        "ROOT_ORG_CODE", "province", "code of the root org created on the first start"
    )
    root_org_name: str = setting(
        "ROOT_ORG_NAME", "省教育厅", "name of the root org created on the first start"
    )
    password_hash_time_cost: int = setting(
        "PASSWORD_HASH_TIME_COST", 3, "argon2id time cost of chosen passwords", minimum=1
    )
    password_hash_memory_kib: int = setting(
        "PASSWORD_HASH_MEMORY_KIB", 65536, "argon2id memory of chosen passwords", minimum=8
    )
    relay_batch_size: int = setting("RELAY_BATCH_SIZE", 500, "events per relay message", minimum=1)
    relay_poll_interval: float = setting(
        "RELAY_POLL_INTERVAL", 0.5, "seconds between relay polls when nothing woke it", minimum=0
    )
    relay_linger: float = setting(
        "RELAY_LINGER", 0.005, "seconds the relay lingers so commits share a message", minimum=0
    )
    consumer_retries: int = setting(
        "CONSUMER_RETRIES", 3, "tries of a failing event before it is parked", minimum=1
    )
    consumer_backoff: float = setting(
        "CONSUMER_BACKOFF", 0.2, "first wait between those tries (doubling)", minimum=0
    )
    catch_up_interval: float = setting(
        "CATCH_UP_INTERVAL", 5.0, "seconds between a consumer's catch-ups", minimum=0
    )
    catch_up_rpc_timeout: float = setting(
        "CATCH_UP_RPC_TIMEOUT", 30.0, "seconds one events_since call may take", minimum=0
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> "Settings":
        """The settings `environ` gives; an unset or empty variable keeps its default."""
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name == "database_urls":
                continue
            raw = environ.get(f.metadata["env"], "").strip()
            if raw:
                values[f.name] = _parse(f, raw)
        values["database_urls"] = MappingProxyType(
            {
                name[: -len(DATABASE_URL_SUFFIX)].lower(): url.strip()
                for name, url in environ.items()
                if name.endswith(DATABASE_URL_SUFFIX) and url.strip()
            }
        )
        values["data_dir"] = Path(values.get("data_dir", cls.data_dir)).resolve()
        return cls(**values)

    def database_url(self, service: str) -> str:
        """The service's own database: `<SERVICE>_DATABASE_URL`, else a SQLite file in
        DATA_DIR (made when missing)."""
        url = self.database_urls.get(service.lower())
        if url:
            return normalize_database_url(url)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / (service + '.db')}"


def _parse(f: dataclasses.Field[Any], raw: str) -> Any:
    env, kind = f.metadata["env"], f.type
    if kind is bool:
        word = raw.lower()
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS
        raise SettingsError(f"{env} must be on or off (1/0, true/false, yes/no), got {raw!r}")
    if kind is int:
        try:
            value: Any = int(raw)
        except ValueError:
            raise SettingsError(f"{env} must be a whole number, got {raw!r}") from None
    elif kind is float:
        try:
            value = float(raw)
        except ValueError:
            raise SettingsError(f"{env} must be a number, got {raw!r}") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise SettingsError(f"{env} must be a number, got {raw!r}")
    elif kind is Path:
        value = Path(raw)
    else:
        value = raw
    minimum, choices = f.metadata["minimum"], f.metadata["choices"]
    if minimum is not None and value < minimum:
        raise SettingsError(f"{env} must be at least {minimum:g}, got {raw!r}")
    if choices is not None:
        value = value.upper() if choices is LOG_LEVELS else value.lower()
        if value not in choices:
            raise SettingsError(f"{env} must be one of {', '.join(choices)}, got {raw!r}")
    return value


def env_names() -> tuple[str, ...]:
    """Every variable a field reads (the database URL family as `<SERVICE>_DATABASE_URL`)."""
    return tuple(f.metadata["env"] for f in dataclasses.fields(Settings))


_NAMES = tuple(name for name in env_names() if not name.startswith("<"))
_current: tuple[tuple[Any, ...], Settings] | None = None


def settings() -> Settings:
    """The settings of the process's environment as it is now (read again when it changed)."""
    global _current
    key = (
        tuple(os.environ.get(name) for name in _NAMES),
        tuple(sorted((k, v) for k, v in os.environ.items() if k.endswith(DATABASE_URL_SUFFIX))),
    )
    known = _current
    if known is None or known[0] != key:
        known = (key, Settings.from_env(os.environ))
        _current = known
    return known[1]


def environment() -> dict[str, str]:
    """A copy of the whole environment, for child processes (deploy.run passes it on)."""
    return dict(os.environ)


# the settings most processes ask for, by name ---------------------------------------------
def amqp_uri() -> str:
    return settings().amqp_uri


def data_dir() -> Path:
    return settings().data_dir


def gateway_port() -> int:
    return settings().gateway_port


def gateway_host() -> str:
    """Where the gateway listens: 127.0.0.1 locally, 0.0.0.0 in a container."""
    return settings().gateway_host


def database_url(service: str) -> str:
    """The service's own database: `<SERVICE>_DATABASE_URL`, else a SQLite file in DATA_DIR."""
    return settings().database_url(service)


def normalize_database_url(url: str) -> str:
    """PostgreSQL goes through pg8000, the driver that yields to eventlet."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+pg8000://" + url[len(prefix) :]
    return url


def nameko_config(**extra: Any) -> dict[str, Any]:
    current = settings()
    config = {
        "AMQP_URI": current.amqp_uri,
        "WEB_SERVER_ADDRESS": f"{current.gateway_host}:{current.gateway_port}",
        "serializer": "json",
        "max_workers": current.max_workers,
        "LOGGING": logging_config(current),
    }
    config.update(extra)
    return config


def logging_config(current: Settings | None = None) -> dict[str, Any]:
    """Every process's logging: LOG_LEVEL, LOG_FORMAT, and each record's service and
    correlation id (shared.logs)."""
    current = current or settings()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"chosen": {"()": f"shared.logs.{current.log_format.title()}Formatter"}},
        "filters": {
            "refusals": {"()": "shared.log_filters.RefusalsOnOneLine"},
            "correlation": {"()": "shared.logs.CorrelationFilter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "chosen",
                "filters": ["correlation"],
            }
        },
        "loggers": {"nameko.containers": {"filters": ["refusals"]}},
        "root": {"level": current.log_level, "handlers": ["console"]},
    }
