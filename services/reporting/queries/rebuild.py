"""What a rebuild answers besides what it replayed: the rows of each projection table."""

import sqlalchemy as sa

from services.reporting.tables import PROJECTIONS


def counts(conn) -> dict:
    return {
        table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for table in PROJECTIONS
    }
