"""Commands arrive at least once (nameko redelivers an RPC whose worker died, a
client retries); their effects happen once.

Every command runs under the idempotency key of its request (the
`Idempotency-Key` header, else one the gateway draws per HTTP request, which a
redelivered RPC carries again). The command's answer is stored under the key
and the command's name in the command's own transaction, together with its
events (shared.storage, `command`): a crash before the commit leaves nothing,
so the redelivery acts afresh; a crash after it leaves both, so the redelivery
gets the first answer. Nothing in between.

An answer is stored without its secrets: an initial password is shown once, to
the first answer; a repeat gets `null` in its place and says so under
`withheld`. Rows older than a day are pruned.
"""

import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from shared.errors import Conflict
from shared.eventstore import utcnow_iso

KEEP = timedelta(days=1)
# answer fields that are shown once and never stored
SECRET_FIELDS = frozenset({"initial_password", "password", "token"})
WITHHELD_NOTE = "只显示一次 (shown once, to the first answer; reset the password for a new one)"


def define_tables(metadata: sa.MetaData) -> dict[str, sa.Table]:
    commands = sa.Table(
        "command_results",
        metadata,
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("command", sa.String(80), primary_key=True),
        sa.Column("result", sa.Text, nullable=True),
        sa.Column("at", sa.String(40), nullable=False, index=True),
    )
    return {"command_results": commands}


def withhold_secrets(answer: object) -> tuple[object, set[str]]:
    """The answer as it may be stored: every secret field's value replaced by None.
    Returns `(stored answer, names withheld)`."""
    withheld: set[str] = set()

    def strip(value: object) -> object:
        if isinstance(value, dict):
            out: dict[str, object] = {}
            for name, item in value.items():
                if name in SECRET_FIELDS and item is not None:
                    withheld.add(name)
                    out[name] = None
                else:
                    out[name] = strip(item)
            return out
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    stored = strip(answer)
    if withheld and isinstance(stored, dict):
        stored["withheld"] = dict.fromkeys(sorted(withheld), WITHHELD_NOTE)
    return stored, withheld


def stored_answer(
    conn: sa.Connection, table: sa.Table, key: str, command: str
) -> tuple[bool, object]:
    """`(True, answer)` when this key's command has taken effect, else `(False, None)`."""
    row = conn.execute(
        sa.select(table.c.result).where(table.c.key == key, table.c.command == command)
    ).first()
    if row is None:
        return False, None
    if row.result is None:
        # recorded by an older release, which stored the answer after the commit
        raise Conflict(
            "this request was carried out already, but its answer was lost; "
            "look the result up instead of repeating it",
            {"idempotency_key": ["已执行 (already carried out)"]},
        )
    return True, json.loads(row.result)


def store_answer(
    conn: sa.Connection, table: sa.Table, key: str, command: str, answer: object
) -> None:
    """In the command's transaction: its answer (without secrets) under its key. A
    concurrent twin with the same key makes the insert fail, rolling this one back."""
    stored, _ = withhold_secrets(answer)
    conn.execute(
        table.insert().values(
            key=key, command=command, result=json.dumps(stored, ensure_ascii=False), at=utcnow_iso()
        )
    )
    prune(conn, table)


def prune(conn: sa.Connection, table: sa.Table) -> None:
    cutoff = (datetime.now(UTC) - KEEP).isoformat(timespec="microseconds")
    conn.execute(table.delete().where(table.c.at < cutoff))


def scrub(engine: sa.Engine, table: sa.Table) -> int:
    """Remove secrets from answers stored before they were withheld (at start); returns
    how many answers were rewritten."""
    rewritten = 0
    with engine.begin() as conn:
        prune(conn, table)
        rows = conn.execute(
            sa.select(table.c.key, table.c.command, table.c.result).where(
                table.c.result.is_not(None)
            )
        ).all()
        for row in rows:
            stored, withheld = withhold_secrets(json.loads(row.result))
            if withheld:
                conn.execute(
                    table.update()
                    .where(table.c.key == row.key, table.c.command == row.command)
                    .values(result=json.dumps(stored, ensure_ascii=False))
                )
                rewritten += 1
    return rewritten
