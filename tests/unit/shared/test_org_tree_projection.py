"""shared.org_tree: a service's own copy of the org tree, fed with accounts'
org events, in an in-memory SQLite database."""

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from shared import org_tree

pytestmark = pytest.mark.unit

AT = "2026-03-01T08:00:00+08:00"
METADATA = sa.MetaData()
TEACHERS = sa.Table(
    "teachers", METADATA, sa.Column("unit_code", sa.String), sa.Column("unit_path", sa.String)
)
org_tree.define_table(METADATA)


class Uow:
    def __init__(self, conn):
        self.conn = conn


def event(event_type, **data):
    return {"type": event_type, "data": data, "occurred_at": AT}


def created(code, path, level="unit"):
    return event(
        "OrgCreated",
        code=code,
        name=code,
        level=level,
        parent_code=path[-2] if len(path) > 1 else None,
        path=path,
    )


@pytest.fixture
def conn():
    engine = sa.create_engine("sqlite://", poolclass=StaticPool)
    METADATA.create_all(engine)
    with engine.begin() as connection:
        for envelope in (
            created("province", ["province"], "province"),
            created("S1", ["province", "S1"], "school"),
            created("U1", ["province", "S1", "U1"]),
            created("U2", ["province", "S1", "U2"]),
            created("U1_a", ["province", "S1", "U1", "U1_a"]),
            created("U1_a-x", ["province", "S1", "U1", "U1_a", "U1_a-x"]),
        ):
            apply(connection, envelope)
        connection.execute(
            TEACHERS.insert(),
            [
                {"unit_code": "U1_a-x", "unit_path": "/province/S1/U1/U1_a/U1_a-x/"},
                {"unit_code": "GONE", "unit_path": "/province/S1/U1/GONE/"},
            ],
        )
        yield connection


def apply(conn, envelope):
    for handler in org_tree.HANDLERS[envelope["type"]]:
        handler(Uow(conn), envelope)


def codes_in(conn, org_code):
    return sorted(
        conn.execute(
            sa.select(TEACHERS.c.unit_code).where(
                org_tree.in_subtree(TEACHERS.c.unit_code, org_code, TEACHERS.c.unit_path)
            )
        ).scalars()
    )


def test_a_move_gives_the_org_and_its_whole_subtree_the_new_path(conn):
    apply(
        conn,
        event(
            "OrgMoved",
            code="U1_a",
            old_parent_code="U1",
            parent_code="U2",
            old_path=["province", "S1", "U1", "U1_a"],
            path=["province", "S1", "U2", "U1_a"],
        ),
    )
    assert org_tree.path_of(conn, "U1_a") == ["province", "S1", "U2", "U1_a"]
    assert org_tree.path_of(conn, "U1_a-x") == ["province", "S1", "U2", "U1_a", "U1_a-x"]
    assert org_tree.path_of(conn, "U1") == ["province", "S1", "U1"]
    parent = conn.execute(
        sa.select(org_tree.ORGS.c.parent_code).where(org_tree.ORGS.c.code == "U1_a")
    ).scalar()
    assert parent == "U2"


def test_scope_follows_the_current_tree_and_falls_back_to_the_copied_path(conn):
    assert codes_in(conn, "U1") == ["GONE", "U1_a-x"]
    apply(
        conn,
        event(
            "OrgMoved",
            code="U1_a",
            old_parent_code="U1",
            parent_code="U2",
            old_path=["province", "S1", "U1", "U1_a"],
            path=["province", "S1", "U2", "U1_a"],
        ),
    )
    assert codes_in(conn, "U1") == ["GONE"]  # unknown here: its copied path counts
    assert codes_in(conn, "U2") == ["U1_a-x"]
    assert codes_in(conn, "S1") == ["GONE", "U1_a-x"]


def test_a_code_with_like_wildcards_matches_only_itself(conn):
    assert codes_in(conn, "U1_a") == ["U1_a-x"]
    assert codes_in(conn, "U1%a") == []


def test_rename_and_close_are_kept_and_a_repeated_creation_is_a_no_op(conn):
    apply(conn, event("OrgRenamed", code="S1", name="海南大学", institution_code="4146010589"))
    apply(conn, event("OrgClosed", code="U2", reason="机构调整"))
    apply(conn, created("U2", ["province", "S1", "U2"]))
    rows = {r.code: r for r in conn.execute(sa.select(org_tree.ORGS))}
    assert (rows["S1"].name, rows["S1"].institution_code) == ("海南大学", "4146010589")
    assert rows["U2"].closed is True and rows["U2"].closed_at == "2026-03-01T00:00:00.000000+00:00"
    assert rows["U1"].closed is False


def test_current_path_falls_back_to_the_copied_one_for_an_unknown_org(conn):
    assert org_tree.current_path(conn, "GONE", ["province", "S1", "GONE"]) == [
        "province",
        "S1",
        "GONE",
    ]
    assert org_tree.current_path(conn, "U1", ["old"]) == ["province", "S1", "U1"]
