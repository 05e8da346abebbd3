"""Commands arrive at least once (nameko redelivers an RPC whose worker died, a
client retries); their effects happen once.

Each command that creates something runs under the idempotency key of its
request (the `Idempotency-Key` header, else one the gateway draws per HTTP
request, which a redelivered RPC carries again). The command's own transaction
records the key with the command's name, so the effect and the record commit
together; the answer is remembered right after. A repeat returns the first
answer; if the answer was lost between the two (the process died), the repeat
is refused with a conflict instead of acting twice. Records older than a day
are pruned.
"""
import json
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from shared.errors import Conflict
from shared.eventstore import utcnow_iso

KEEP = timedelta(days=1)


def define_tables(metadata: sa.MetaData) -> dict[str, sa.Table]:
    commands = sa.Table(
        "command_results", metadata,
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("command", sa.String(80), primary_key=True),
        sa.Column("result", sa.Text, nullable=True),
        sa.Column("at", sa.String(40), nullable=False, index=True),
    )
    return {"command_results": commands}


def record(conn, table: sa.Table, key: str, command: str):
    """In the command's transaction: this key's command has taken effect."""
    exists = conn.execute(sa.select(table.c.key).where(
        table.c.key == key, table.c.command == command)).first()
    if exists is None:
        conn.execute(table.insert().values(key=key, command=command, result=None,
                                           at=utcnow_iso()))


def run_once(engine: sa.Engine, table: sa.Table, key: str | None, command: str, run):
    """`run()` unless this key's command already took effect; then its first answer."""
    if not key:
        return run()
    with engine.connect() as conn:
        row = conn.execute(sa.select(table.c.result).where(
            table.c.key == key, table.c.command == command)).first()
    if row is not None:
        if row.result is None:
            raise Conflict("this request was carried out already, but its answer was lost; "
                           "look the result up instead of repeating it",
                           {"idempotency_key": ["已执行 (already carried out)"]})
        return json.loads(row.result)
    result = run()
    with engine.begin() as conn:
        conn.execute(table.update().where(table.c.key == key, table.c.command == command)
                     .values(result=json.dumps(result, ensure_ascii=False)))
        cutoff = (datetime.now(timezone.utc) - KEEP).isoformat(timespec="microseconds")
        conn.execute(table.delete().where(table.c.at < cutoff))
    return result
