"""Facts of the accounts service. Secrets (password hashes, signing keys) never
enter the log: the events say that a password was set, not what it is."""

from dataclasses import dataclass
from typing import Any, ClassVar

from shared.events import DomainEvent


@dataclass(frozen=True)
class OrgCreated(DomainEvent):
    code: str
    name: str
    level: str
    parent_code: str | None
    path: list[str]  # org codes from the root down to this org
    # 机构代码 (10 digits), schools only; older events have none
    institution_code: str | None = None


@dataclass(frozen=True)
class OrgRenamed(DomainEvent):
    code: str
    name: str
    institution_code: str | None = None  # schools: the code after the change


@dataclass(frozen=True)
class OrgMoved(DomainEvent):
    """A unit and its whole subtree now hang below another parent of the same school."""

    code: str
    old_parent_code: str
    parent_code: str
    old_path: list[str]
    path: list[str]  # the moved org's new path; its descendants' paths change with it


@dataclass(frozen=True)
class OrgClosed(DomainEvent):
    """Closed, never deleted: its accounts and teachers keep their history."""

    code: str
    reason: str


@dataclass(frozen=True)
class AccountCreated(DomainEvent):
    account_id: str
    username: str
    name: str
    role: str
    org_code: str
    org_path: list[str]
    # false only for the bootstrap admin whose password the operator chose
    must_change_password: bool = True


@dataclass(frozen=True)
class TeacherAccountGenerated(DomainEvent):
    account_id: str
    teacher_id: str
    teacher_no: str
    username: str
    name: str
    gender: str
    birth_month: str
    id_type: str
    id_number: str
    unit_code: str
    unit_path: list[str]


@dataclass(frozen=True)
class TeacherAccountMoved(DomainEvent):
    """The teacher was transferred to another unit (records' TeacherTransferred): the
    account's org follows, so the new unit's system admins manage it."""

    account_id: str
    teacher_id: str
    unit_code: str
    unit_path: list[str]


@dataclass(frozen=True)
class PasswordChanged(DomainEvent):
    account_id: str
    reason: str  # "changed" by the owner, "reset" by an admin
    client: str | None = None  # the client address the command came from, when known


# login security and account lifecycle (security log) -------------------------
@dataclass(frozen=True)
class LoginSucceeded(DomainEvent):
    account_id: str
    username: str
    client: str | None = None


@dataclass(frozen=True)
class LoginFailed(DomainEvent):
    """On the account's stream, or on `login-unknown` (account_id None) for a username
    that does not exist. Version 2: under `login-unknown` nothing of what was typed is
    kept, since a password typed into the username field would stay in the log for good
    (shared.events upcasts version 1 the same way)."""

    version: ClassVar[int] = 2
    account_id: str | None
    username: str  # the account's username; "" under login-unknown
    reason: str  # wrong_password, unknown_username, locked, disabled
    failures: int = 0  # the account's consecutive failures after this one
    client: str | None = None


@dataclass(frozen=True)
class AccountLocked(DomainEvent):
    account_id: str
    username: str
    until: str  # ISO 8601, UTC: logins are refused until then
    failures: int
    client: str | None = None


@dataclass(frozen=True)
class RoleGranted(DomainEvent):
    """Also ends every token of the account (the credential version moves on)."""

    account_id: str
    role: str
    previous_role: str
    client: str | None = None


@dataclass(frozen=True)
class AccountDisabled(DomainEvent):
    """No login, and every token of the account stops working for good."""

    account_id: str
    reason: str = ""
    client: str | None = None


@dataclass(frozen=True)
class AccountEnabled(DomainEvent):
    account_id: str
    reason: str = ""
    client: str | None = None


@dataclass(frozen=True)
class RosterFiled(DomainEvent):
    """A unit's workgroup roster (附表三), filed again whole whenever it changes;
    stream `roster-<unit_code>`. `leader` and `staff`: {name, post, phone, qq, note}."""

    unit_code: str
    leader: dict[str, Any]
    staff: dict[str, Any]
    filed_by: dict[str, Any]  # the filer's actor: account_id, username, role, org_code
