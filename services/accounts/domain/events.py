"""Facts of the accounts service. Secrets (password hashes, signing keys) never
enter the log: the events say that a password was set, not what it is."""
from dataclasses import dataclass

from shared.events import DomainEvent


@dataclass(frozen=True)
class OrgCreated(DomainEvent):
    code: str
    name: str
    level: str
    parent_code: str | None
    path: list  # org codes from the root down to this org


@dataclass(frozen=True)
class AccountCreated(DomainEvent):
    account_id: str
    username: str
    name: str
    role: str
    org_code: str
    org_path: list
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
    unit_path: list


@dataclass(frozen=True)
class PasswordChanged(DomainEvent):
    account_id: str
    reason: str  # "changed" by the owner, "reset" by an admin
