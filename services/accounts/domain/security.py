"""Login security and account management rules (pure).

- Lockout: `max_failures` consecutive failed logins lock the account for
  `lockout_seconds`; a locked account is refused even with the right password;
  a successful login (or an admin's password reset) clears the count. The
  failure that reaches the limit starts the lock and the count starts again
  from zero, so after the lock runs out the next limit-many failures lock again.
- Managing an account (reset its password, disable, enable, grant a role) is
  for a system admin whose subtree holds the account, never on its own
  account. An account out of scope answers 404, as if it did not exist.
- Roles: staff accounts move among the staff roles; a teacher account stays a
  teacher and no staff account becomes one.
- A failed login under a username that no account has keeps nothing of the text
  typed, in the log or the security log: people type passwords into the username
  field, and the log is never rewritten.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from contracts.vocabulary.accounts import STAFF_ROLES
from shared.caller import Caller
from shared.errors import Forbidden, NotFound, ValidationError

# why a login failed (LoginFailed.reason)
WRONG_PASSWORD = "wrong_password"
UNKNOWN_USERNAME = "unknown_username"
LOCKED = "locked"
DISABLED = "disabled"

# A login under a username no account has: its failure goes to this stream, with an actor
# that names nobody. What was typed is not kept anywhere: it may be a password.
UNKNOWN_LOGIN_STREAM = "login-unknown"
ANONYMOUS = {"account_id": "anonymous", "username": "", "role": "anonymous", "org_code": None}


@dataclass(frozen=True)
class LoginState:
    """Consecutive failures since the last success or lock, and the lock's end."""

    failures: int = 0
    locked_until: datetime | None = None

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


@dataclass(frozen=True)
class FailureOutcome:
    failures: int  # consecutive failures, this one included
    locked_until: datetime | None = None  # set when this failure locks the account


def after_failure(
    state: LoginState, now: datetime, max_failures: int, lockout_seconds: float
) -> FailureOutcome:
    """What one more wrong password does to an account that is not locked."""
    failures = state.failures + 1
    if failures >= max(1, max_failures):
        return FailureOutcome(failures, now + timedelta(seconds=lockout_seconds))
    return FailureOutcome(failures)


def over_rate_limit(attempts_in_window: int, limit: int) -> bool:
    """True when a client already made `limit` attempts in the window (this one is refused)."""
    return attempts_in_window > limit


def check_manage(caller: Caller, account_id: str, account_org_path: list[str]) -> None:
    """A system admin over the account's org, and not the caller's own account."""
    if caller.role != "system_admin":
        raise Forbidden("only a system admin manages accounts (仅系统管理员可管理账号)")
    if not caller.covers(account_org_path):
        raise NotFound("no such account", {"account_id": ["没有这个账号 (no such account)"]})
    if account_id == caller.account_id:
        raise Forbidden(
            "an admin does not manage its own account this way; use "
            "/api/v1/auth/password (不能管理自己的账号)"
        )


def check_list(caller: Caller) -> None:
    if caller.role != "system_admin":
        raise Forbidden(
            "only a system admin lists accounts and the security log (仅系统管理员可查看)"
        )


def check_role_grant(current_role: str, new_role: str) -> None:
    if new_role not in STAFF_ROLES:
        raise ValidationError(
            "only staff roles can be granted",
            {"role": [f"must be one of {', '.join(STAFF_ROLES)}"]},
        )
    if current_role not in STAFF_ROLES:
        raise ValidationError(
            "a teacher account cannot take a staff role",
            {"role": ["教师账号不能授予管理角色 (a teacher account cannot take a staff role)"]},
        )


def kind_of(event_type: str, data: dict[str, Any]) -> str | None:
    """The security log's kind for an event, or None when it is not a security event."""
    if event_type == "PasswordChanged":
        return "password_reset" if data.get("reason") == "reset" else "password_changed"
    if event_type in ("AccountCreated", "TeacherAccountGenerated"):
        return "account_created"
    return {
        "LoginSucceeded": "login_succeeded",
        "LoginFailed": "login_failed",
        "AccountLocked": "account_locked",
        "RoleGranted": "role_granted",
        "AccountDisabled": "account_disabled",
        "AccountEnabled": "account_enabled",
    }.get(event_type)


def detail_of(event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """What the security log shows of an event besides who, when and where (no secrets,
    no ID numbers)."""
    keys = {
        "LoginFailed": ("reason", "failures"),
        "AccountLocked": ("until", "failures"),
        "RoleGranted": ("previous_role", "role"),
        "AccountDisabled": ("reason",),
        "AccountEnabled": ("reason",),
        "AccountCreated": ("role",),
    }.get(event_type, ())
    detail = {key: data[key] for key in keys if data.get(key) not in (None, "")}
    if event_type == "TeacherAccountGenerated":
        detail["role"] = "teacher"
    return detail
