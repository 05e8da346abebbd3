"""accounts' aggregates and their streams, loaded and saved through `shared.repository`:
an account (`account-<account_id>`), an org of the tree (`org-<code>`), a unit's
workgroup roster (`roster-<unit_code>`), and the log of logins with a username no account
has (`login-unknown`).

An account's stream holds every login, so it is not folded on each command: the
`accounts` read table is its snapshot, written in the same transaction as each event
(read_model/accounts.py), and read under the append lock (`uow.serialize()`) that the
account's writers take. Orgs are read the same way, from the `orgs` table."""

from typing import ClassVar

import sqlalchemy as sa

from services.accounts.domain import security
from services.accounts.domain.account import Account
from services.accounts.tables import accounts
from shared.org_tree import path_list
from shared.repository import Repository


class Accounts(Repository[Account]):
    stream_prefix = "account"
    missing: ClassVar = ("no such account", {"account_id": ["没有这个账号 (no such account)"]})

    def key_of(self, account: Account) -> str:
        return account.account_id

    def find(self, key: str, *, until_position: int | None = None) -> Account | None:
        if until_position is not None:
            raise ValueError("an account is read as it is now")
        return self._account(accounts.c.account_id == key)

    def of_teacher(self, teacher_id: str) -> Account | None:
        """The account of a teacher's record, or None."""
        return self._account(accounts.c.teacher_id == teacher_id)

    def _account(self, condition) -> Account | None:
        row = self.conn.execute(sa.select(accounts).where(condition)).first()
        if row is None:
            return None
        return Account(
            account_id=row.account_id,
            username=row.username,
            role=row.role,
            org_code=row.org_code,
            org_path=path_list(row.org_path),
            disabled=bool(row.disabled),
            teacher_id=row.teacher_id,
            version=self.head(row.account_id).version,
        )


class Orgs(Repository):
    """The org tree's nodes (机构): each org's stream; its state is the `orgs` table."""

    stream_prefix = "org"


class Rosters(Repository):
    """A unit's workgroup roster (附表三), filed again whole whenever it changes; its state
    is the `rosters` table."""

    stream_prefix = "roster"


class UnknownLogins(Repository):
    """Failed logins with a username that no account has: one stream, appended at its
    head, that keeps nothing of the text typed (domain/security.py)."""

    KEY = "unknown"

    def stream_of(self, key: str) -> str:
        return security.UNKNOWN_LOGIN_STREAM
