"""Every error the services raise on purpose, in one place.

Pure Python, so domain code raises them too. `shared.rpc` registers each with
nameko so that it crosses RPC as itself (not as a RemoteError), and the gateway
maps each to one HTTP status (`HTTP_STATUS`).
"""

import json
from typing import Any

# the message of a required field left out, wherever input is checked (schemas, sheets)
REQUIRED = "必填 (required)"


class DomainError(Exception):
    code = "ERROR"

    def __init__(self, message: str, fields: dict[str, Any] | str | None = None) -> None:
        # as it crossed RPC (see below), the fields are JSON text
        named: dict[str, Any] = (json.loads(fields) if isinstance(fields, str) else fields) or {}
        # nameko turns every non-text value of an error's args into text (a row number
        # 5 into "5"); the fields travel as JSON text instead and keep their types
        super().__init__(message, json.dumps(named, ensure_ascii=False, default=str))
        self.message = message
        self.fields = named

    def __str__(self) -> str:
        return self.message


class ValidationError(DomainError):
    code = "VALIDATION_ERROR"


class Unauthorized(DomainError):
    code = "UNAUTHORIZED"


class Forbidden(DomainError):
    code = "FORBIDDEN"


class PasswordChangeRequired(DomainError):
    code = "PASSWORD_CHANGE_REQUIRED"


class AccountDisabled(Forbidden):
    """The right password of a disabled account: it cannot log in."""

    code = "ACCOUNT_DISABLED"


class NotFound(DomainError):
    code = "NOT_FOUND"


class Conflict(DomainError):
    code = "CONFLICT"


class ConcurrencyConflict(Conflict):
    """An append with a stale expected version: someone else wrote the stream first."""

    code = "STALE_VERSION"


class Locked(DomainError):
    code = "LOCKED"


class TooManyAttempts(DomainError):
    code = "TOO_MANY_ATTEMPTS"


HTTP_STATUS = {
    ValidationError: 400,
    Unauthorized: 401,
    Forbidden: 403,
    PasswordChangeRequired: 403,
    NotFound: 404,
    ConcurrencyConflict: 409,
    Conflict: 409,
    Locked: 423,
    TooManyAttempts: 429,
}


def http_status(error: Exception) -> int:
    for cls in type(error).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 500


def all_error_types() -> list[type[DomainError]]:
    found: list[type[DomainError]] = []
    todo: list[type[DomainError]] = [DomainError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found
