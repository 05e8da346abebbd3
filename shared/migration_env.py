"""The body of every service's migrations/env.py (Alembic runs it for each command)."""

import logging.config
from typing import Any

import sqlalchemy as sa
from alembic import context

from shared import config, db, migrations


def run_env(metadata: sa.MetaData) -> None:
    """Run the migrations Alembic was asked for: on the connection the caller gives
    (`upgrade`, the tests); from the `alembic` command line on the service's own database
    (`<SERVICE>_DATABASE_URL`, else SQLite in DATA_DIR), under the same lock."""
    if context.config.config_file_name is not None:  # the command line: alembic.ini's logging
        logging.config.fileConfig(context.config.config_file_name, disable_existing_loggers=False)
    url = config.database_url(migrations.service_of(metadata))

    def run(**where: Any) -> None:
        # batch mode: SQLite alters a table by copying it; types are compared too
        context.configure(
            target_metadata=metadata,
            render_as_batch=True,
            transactional_ddl=True,
            compare_type=True,
            **where,
        )
        with context.begin_transaction():
            context.run_migrations()

    conn = context.config.attributes.get("connection")
    if context.is_offline_mode():
        run(url=url, literal_binds=True)
    elif conn is not None:
        run(connection=conn)
    else:
        engine = db.make_engine(url)
        try:
            with migrations.locked(engine) as conn:
                run(connection=conn)
        finally:
            engine.dispose()
