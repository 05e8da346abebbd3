"""The accounts read tables' side of the org events: the org tree itself (the
same table and handlers as every other service's copy, shared.org_tree) and,
when a unit moves, the paths of the accounts in its subtree."""
import sqlalchemy as sa

from services.accounts.tables import accounts
from shared import org_tree


def _org_moved(conn, data, at):
    old = org_tree.path_of(conn, data["code"])
    org_tree.org_moved(conn, data, at)
    if old is None:
        return
    old_text, new_text = org_tree.path_text(old), org_tree.path_text(data["path"])
    conn.execute(accounts.update().where(
        accounts.c.org_path.startswith(old_text, autoescape=True)).values(
        org_path=sa.literal(new_text) + sa.func.substr(accounts.c.org_path, len(old_text) + 1)))


HANDLERS = {**org_tree.APPLY, "OrgMoved": _org_moved}
