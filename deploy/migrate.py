"""Upgrade the service databases to the head of their migrations, or show where they are.

    python -m deploy.migrate [upgrade] [<service>...]   (make migrate)
    python -m deploy.migrate current [<service>...]

Services: accounts, records, audit, reporting (default: all). Each database is the
service's own (`<SERVICE>_DATABASE_URL`, else SQLite in DATA_DIR). An upgrade takes the
same lock as a starting service (shared.migrations), so it may run while instances start;
a database made before the migrations is stamped at the first revision when its tables
match it, and refused (exit 1, nothing changed) when they do not. `current` changes
nothing: it prints the revision each database is at and the head of its history.
Services upgrade their own database when they start, so this is for doing it ahead of a
deployment, or for looking.
"""

import warnings

# the services' tables import nameko, and with it eventlet, which announces its deprecation
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import importlib  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from shared import config, db, migrations  # noqa: E402

SERVICES = ("accounts", "records", "audit", "reporting")


def metadata_of(service: str) -> sa.MetaData:
    return importlib.import_module(f"services.{service}.tables").metadata


def where(url: str) -> str:
    return sa.make_url(url).render_as_string(hide_password=True)


def describe(service: str, engine: sa.Engine, metadata: sa.MetaData) -> str:
    with engine.connect() as conn:
        at = migrations.current(conn)
        tables = sa.inspect(conn).get_table_names()
    head = migrations.head(metadata)
    if at == head:
        state = "at head"
    elif at is None:
        state = "no migration history (made before the migrations)" if tables else "empty"
    else:
        state = "behind head"
    return f"{service}: {where(str(engine.url))}  current {at or '-'}  head {head}  ({state})"


def main(argv: list[str] | None = None) -> int:
    # what shared.migrations logs for a starting service, this prints itself
    logging.getLogger("shared.migrations").setLevel(logging.ERROR)
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in args):
        print(__doc__.strip())
        return 0
    action = args.pop(0) if args and args[0] in ("upgrade", "current") else "upgrade"
    unknown = [a for a in args if a not in SERVICES]
    if unknown:
        print(f"unknown service(s): {', '.join(unknown)}; services: {', '.join(SERVICES)}")
        return 2
    failed = False
    for service in args or SERVICES:
        metadata = metadata_of(service)
        engine = db.make_engine(config.database_url(service))
        try:
            if action == "upgrade":
                done = migrations.upgrade(engine, metadata)
                start = done.before
                if done.adopted:
                    start = migrations.first(metadata)
                    print(f"{service}: made before the migrations, stamped at {start}")
                if start != done.after:
                    print(f"{service}: upgraded {start or 'empty'} -> {done.after}")
            print(describe(service, engine, metadata))
        except migrations.SchemaMismatch as exc:
            print(f"{service}: refused: {exc}")
            failed = True
        finally:
            engine.dispose()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
