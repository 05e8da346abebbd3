"""Instances of one service that start together each create the schema without failing."""

import eventlet
import sqlalchemy as sa

from shared import config, db
from shared.storage import service_metadata


def test_two_instances_creating_the_same_schema_at_once_both_succeed():
    metadata, _ = service_metadata()
    sa.Table("race_probe", metadata, sa.Column("id", sa.Integer, primary_key=True))
    url = config.database_url("contract")
    engines = [db.make_engine(url), db.make_engine(url)]
    metadata.drop_all(engines[0])
    try:
        pool = eventlet.GreenPool()
        for engine in engines:
            pool.spawn(db.create_schema, engine, metadata)
        pool.waitall()
        with engines[0].connect() as conn:
            assert sa.inspect(conn).has_table("race_probe")
            head = metadata.info["shared_tables"]["head"]
            assert conn.execute(sa.select(sa.func.count()).select_from(head)).scalar_one() == 1
    finally:
        metadata.drop_all(engines[0])
        for engine in engines:
            engine.dispose()
