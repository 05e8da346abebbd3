"""The service databases as tests and benchmarks start them: empty, migration history too,
so the services' own upgrade on start makes them (shared.migrations)."""

import sqlalchemy as sa


def empty_database(engine: sa.Engine) -> None:
    """Drop every table the database holds, its migration history (`alembic_version`) too."""
    present = sa.MetaData()
    present.reflect(engine)
    present.drop_all(engine)
