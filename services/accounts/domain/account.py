"""An account as its lifecycle commands decide on it (pure)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    """The account's state after its stream's last event (`version`)."""

    account_id: str
    username: str
    role: str
    org_code: str
    org_path: list[str]
    disabled: bool
    teacher_id: str | None
    version: int
