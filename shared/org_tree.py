"""A service's own copy of the org tree, fed from accounts' org events.

Records, audit and reporting resolve scope with it: a teacher's or a task's
unit is looked up here for its *current* path (from the root down to the unit),
so scope follows the tree after a unit moves. Each service adds the table to
its metadata (`define_table`) and the handlers to its `accounts` subscription
(`HANDLERS`); the subscription applies each event once, in order.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    from shared.unit_of_work import UnitOfWork

Apply = Callable[[sa.Connection, dict[str, Any], str], None]

# the template; `define_table` copies it into a service's MetaData, and the
# statements below (built on the template) run against any of those databases
_template = sa.MetaData()
ORGS = sa.Table(
    "orgs",
    _template,
    sa.Column("code", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("level", sa.String(20), nullable=False),
    sa.Column("parent_code", sa.String(40), nullable=True, index=True),
    sa.Column("path", sa.String(1000), nullable=False, index=True),  # "/province/school/unit/"
    sa.Column("institution_code", sa.String(10), nullable=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("closed", sa.Boolean, nullable=False, default=False),
    sa.Column("closed_at", sa.String(40), nullable=True),
)


def define_table(metadata: sa.MetaData) -> sa.Table:
    return ORGS.to_metadata(metadata)


def path_text(path: list[str]) -> str:
    return "/" + "/".join(path) + "/"


def path_list(text: str) -> list[str]:
    return [p for p in text.split("/") if p]


# reading -------------------------------------------------------------------
def path_of(conn: sa.Connection, code: str) -> list[str] | None:
    """The org's current path from the root, or None when the org is unknown here."""
    text = conn.execute(sa.select(ORGS.c.path).where(ORGS.c.code == code)).scalar()
    return path_list(text) if text is not None else None


def current_path(conn: sa.Connection, code: str, copied: list[str]) -> list[str]:
    """The current path of `code`; the path copied into an event when the tree
    here has not heard of the org yet (another source's events came first)."""
    return path_of(conn, code) or list(copied)


def in_subtree(
    code_column: sa.ColumnElement[str],
    org_code: str,
    copied_path_column: sa.ColumnElement[str] | None = None,
) -> sa.ColumnElement[bool]:
    """A condition: the row's org (`code_column`) lies in `org_code`'s subtree now.
    Rows whose org is unknown here fall back to their copied path."""
    below = sa.select(ORGS.c.code).where(ORGS.c.path.contains(f"/{org_code}/", autoescape=True))
    condition = code_column.in_(below)
    if copied_path_column is None:
        return condition
    unknown = ~sa.exists().where(ORGS.c.code == code_column)
    return sa.or_(
        condition, sa.and_(unknown, copied_path_column.contains(f"/{org_code}/", autoescape=True))
    )


# applying accounts' events -------------------------------------------------
def org_created(conn: sa.Connection, data: dict[str, Any], at: str) -> None:
    if conn.execute(sa.select(ORGS.c.code).where(ORGS.c.code == data["code"])).first():
        return
    conn.execute(
        ORGS.insert().values(
            code=data["code"],
            name=data["name"],
            level=data["level"],
            parent_code=data.get("parent_code"),
            path=path_text(data["path"]),
            institution_code=data.get("institution_code"),
            created_at=at,
            closed=False,
        )
    )


def org_renamed(conn: sa.Connection, data: dict[str, Any], at: str) -> None:
    values = {"name": data["name"]}
    if data.get("institution_code"):
        values["institution_code"] = data["institution_code"]
    conn.execute(ORGS.update().where(ORGS.c.code == data["code"]).values(**values))


def org_moved(conn: sa.Connection, data: dict[str, Any], at: str) -> None:
    """The org and its whole subtree get the new path prefix."""
    old = conn.execute(sa.select(ORGS.c.path).where(ORGS.c.code == data["code"])).scalar()
    if old is None:
        return
    new = path_text(data["path"])
    conn.execute(
        ORGS.update()
        .where(ORGS.c.path.startswith(old, autoescape=True))
        .values(path=sa.literal(new) + sa.func.substr(ORGS.c.path, len(old) + 1))
    )
    conn.execute(
        ORGS.update().where(ORGS.c.code == data["code"]).values(parent_code=data["parent_code"])
    )


def org_closed(conn: sa.Connection, data: dict[str, Any], at: str) -> None:
    conn.execute(ORGS.update().where(ORGS.c.code == data["code"]).values(closed=True, closed_at=at))


APPLY: dict[str, Apply] = {
    "OrgCreated": org_created,
    "OrgRenamed": org_renamed,
    "OrgMoved": org_moved,
    "OrgClosed": org_closed,
}


def utc_at(value: str) -> str:
    """An ISO 8601 instant in the one form whose string order is time order."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _subscriber(handler: Apply) -> Callable[["UnitOfWork", dict[str, Any]], None]:
    def handle(uow: "UnitOfWork", envelope: dict[str, Any]) -> None:
        handler(uow.conn, envelope["data"], utc_at(envelope["occurred_at"]))

    handle.__name__ = f"on_{handler.__name__}"
    return handle


# `{event_type: [fn(uow, envelope)]}`: the rows of a wiring table for a service that
# keeps its copy of the tree from accounts' events
HANDLERS = {event_type: [_subscriber(handler)] for event_type, handler in APPLY.items()}
