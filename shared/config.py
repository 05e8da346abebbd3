"""Settings of every process, read from the environment (the README's settings table)."""

import os
from pathlib import Path

DEFAULT_AMQP_URI = "amqp://guest:guest@localhost:5672/"
SERVICES = ("accounts", "records", "audit", "reporting")


def amqp_uri() -> str:
    return os.environ.get("AMQP_URI", DEFAULT_AMQP_URI)


def data_dir() -> Path:
    return Path(os.environ.get("DATA_DIR", "./var")).resolve()


def gateway_port() -> int:
    return int(os.environ.get("GATEWAY_PORT", "8000"))


def gateway_host() -> str:
    """Where the gateway listens: 127.0.0.1 locally, 0.0.0.0 in a container."""
    return os.environ.get("GATEWAY_HOST", "127.0.0.1")


def database_url(service: str) -> str:
    """The service's own database: `<SERVICE>_DATABASE_URL`, else a SQLite file in DATA_DIR."""
    url = os.environ.get(f"{service.upper()}_DATABASE_URL")
    if url:
        return normalize_database_url(url)
    directory = data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{directory / (service + '.db')}"


def normalize_database_url(url: str) -> str:
    """PostgreSQL goes through pg8000, the driver that yields to eventlet."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+pg8000://" + url[len(prefix) :]
    return url


def nameko_config(**extra) -> dict:
    config = {
        "AMQP_URI": amqp_uri(),
        "WEB_SERVER_ADDRESS": f"{gateway_host()}:{gateway_port()}",
        "serializer": "json",
        "max_workers": int(os.environ.get("MAX_WORKERS", "10")),
        "LOGGING": {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"plain": {"format": "%(asctime)s %(name)s %(levelname)s %(message)s"}},
            "filters": {"refusals": {"()": "shared.log_filters.RefusalsOnOneLine"}},
            "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
            "loggers": {"nameko.containers": {"filters": ["refusals"]}},
            "root": {"level": os.environ.get("LOG_LEVEL", "INFO"), "handlers": ["console"]},
        },
    }
    config.update(extra)
    return config


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, str(default)))
