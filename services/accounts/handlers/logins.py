"""Login: the per-client rate limit, lockout, and the login events.

Order of checks: the client's rate (429, before any password work), the
account's lock (423, even with the right password), the password (401; a
username that does not exist answers the same 401 after the same hashing
work), the account's state (403 ACCOUNT_DISABLED, only to whoever knows the
password). Every outcome is an event: LoginSucceeded, LoginFailed and
AccountLocked on the account's stream, or LoginFailed on `login-unknown`, which
keeps nothing of the username typed (it may be a password; domain/security.py).

Settings, read at each call (tests shorten them): LOGIN_MAX_FAILURES (5),
LOCKOUT_SECONDS (600), LOGIN_RATE_LIMIT (20), LOGIN_RATE_WINDOW_SECONDS (60),
TOKEN_TTL_SECONDS (auth.token_ttl).
"""

import time
from datetime import UTC, datetime

import sqlalchemy as sa

from services.accounts.adapters import credentials as creds
from services.accounts.domain import security
from services.accounts.domain.events import AccountLocked, LoginFailed, LoginSucceeded
from services.accounts.handlers.auth import caller_of, issue_token
from services.accounts.read_model.accounts import account_view
from services.accounts.repository import Accounts, UnknownLogins
from services.accounts.tables import accounts, credentials, login_attempts, login_state
from shared.config import settings
from shared.errors import AccountDisabled, Locked, TooManyAttempts, Unauthorized
from shared.events import DomainEvent

WRONG = "用户名或密码错误 (wrong username or password)"
_dummy_hash: list[str] = []


def now_utc() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def login(storage, username: str, password: str, client: str | None) -> dict:
    throttle(storage, client)
    row = _find(storage, username)
    if row is None:
        creds.verify_password(_dummy(), password)  # the same work as for a real account
        _append(
            storage,
            UnknownLogins,
            UnknownLogins.KEY,
            dict(security.ANONYMOUS),
            [
                LoginFailed(
                    account_id=None, username="", reason=security.UNKNOWN_USERNAME, client=client
                )
            ],
        )
        raise Unauthorized(WRONG)
    if _state(row).locked_at(now_utc()):
        _refuse(storage, row, client, security.LOCKED)
    if not creds.verify_password(row.password_hash, password):
        _wrong_password(storage, row, client)
    if row.disabled:
        _refuse(storage, row, client, security.DISABLED)
    return _succeed(storage, row, client)


# the per-client rate limit ----------------------------------------------------
def throttle(storage, client: str | None):
    """Count this attempt for the client, or refuse it (429) when the client made
    LOGIN_RATE_LIMIT attempts in the last LOGIN_RATE_WINDOW_SECONDS. The counter is a
    table of the accounts database, so every accounts instance sees the same count."""
    client, now = (client or "unknown")[:64], time.time()
    current = settings()
    window, limit = current.login_rate_window_seconds, current.login_rate_limit
    with storage.engine.begin() as conn:
        storage.store.lock(conn)  # one counter update at a time, across instances
        conn.execute(login_attempts.delete().where(login_attempts.c.at < now - window))
        recent = conn.execute(
            sa.select(sa.func.count(), sa.func.min(login_attempts.c.at)).where(
                login_attempts.c.client == client
            )
        ).one()
        refused = security.over_rate_limit(recent[0] + 1, limit)
        if not refused:
            conn.execute(login_attempts.insert().values(client=client, at=now))
    if refused:
        wait = max(1, int((recent[1] or now) + window - now + 0.999))
        raise TooManyAttempts(
            f"登录尝试过于频繁，请 {wait} 秒后再试 (too many login attempts "
            f"from this client; try again in {wait} s)"
        )


# outcomes ---------------------------------------------------------------------
def _refuse(storage, row, client, reason: str):
    """A locked or disabled account: the attempt is logged, the count stays."""
    state = _state(row)
    _append(
        storage,
        Accounts,
        row.account_id,
        caller_of(row).actor(),
        [
            LoginFailed(
                account_id=row.account_id,
                username=row.username,
                reason=reason,
                failures=state.failures,
                client=client,
            )
        ],
    )
    if reason == security.DISABLED:
        raise AccountDisabled("账号已停用 (the account is disabled)")
    raise _locked(state.locked_until)


def _wrong_password(storage, row, client):
    """Count the failure under the append lock (concurrent failures all count);
    the one that reaches LOGIN_MAX_FAILURES locks the account."""
    with storage.transaction(caller_of(row).actor()) as uow:
        uow.serialize()
        state, now = _load_state(uow.conn, row.account_id), now_utc()
        if state.locked_at(now):
            events: list[DomainEvent]
            locked_until, events = (
                state.locked_until,
                [
                    LoginFailed(
                        account_id=row.account_id,
                        username=row.username,
                        reason=security.LOCKED,
                        failures=state.failures,
                        client=client,
                    )
                ],
            )
        else:
            outcome = security.after_failure(
                state, now, settings().login_max_failures, settings().lockout_seconds
            )
            locked_until, events = (
                outcome.locked_until,
                [
                    LoginFailed(
                        account_id=row.account_id,
                        username=row.username,
                        reason=security.WRONG_PASSWORD,
                        failures=outcome.failures,
                        client=client,
                    )
                ],
            )
            if locked_until is not None:
                events.append(
                    AccountLocked(
                        account_id=row.account_id,
                        username=row.username,
                        until=iso(locked_until),
                        failures=outcome.failures,
                        client=client,
                    )
                )
        Accounts.writing(uow).append_at_head(row.account_id, events)
    raise _locked(locked_until) if locked_until is not None else Unauthorized(WRONG)


def _succeed(storage, row, client) -> dict:
    with storage.transaction(caller_of(row).actor()) as uow:
        uow.serialize()
        fresh = uow.conn.execute(
            sa.select(accounts).where(accounts.c.account_id == row.account_id)
        ).first()
        if fresh.password_version != row.password_version or fresh.disabled:
            raise Unauthorized(WRONG)  # changed while the password was being checked
        state = _load_state(uow.conn, row.account_id)
        if state.locked_at(now_utc()):  # locked by others' failures meanwhile
            raise _locked(state.locked_until)
        Accounts.writing(uow).append_at_head(
            row.account_id,
            [LoginSucceeded(account_id=row.account_id, username=row.username, client=client)],
        )
        token = issue_token(uow.conn, fresh)
    return {
        "token": token,
        "account": account_view(fresh),
        "must_change_password": fresh.must_change_password,
    }


def _locked(until: datetime | None) -> Locked:
    """The refusal of a locked account, naming when the lock ends (a lock always has an
    end; without one the refusal still says the account is locked)."""
    if until is None:
        return Locked("账号已锁定 (the account is locked)", {"locked_until": []})
    at = iso(until)
    return Locked(
        f"账号已锁定，{at} 后可再登录 (the account is locked until {at})", {"locked_until": [at]}
    )


# reading ----------------------------------------------------------------------
def _find(storage, username: str):
    with storage.connect() as conn:
        return conn.execute(
            sa.select(
                accounts,
                credentials.c.password_hash,
                login_state.c.failures,
                login_state.c.locked_until,
            )
            .join(credentials, credentials.c.account_id == accounts.c.account_id)
            .outerjoin(login_state, login_state.c.account_id == accounts.c.account_id)
            .where(accounts.c.username == username)
        ).first()


def _state(row) -> security.LoginState:
    until = datetime.fromisoformat(row.locked_until) if row.locked_until else None
    return security.LoginState(failures=row.failures or 0, locked_until=until)


def _load_state(conn, account_id: str) -> security.LoginState:
    row = conn.execute(
        sa.select(login_state.c.failures, login_state.c.locked_until).where(
            login_state.c.account_id == account_id
        )
    ).first()
    return _state(row) if row is not None else security.LoginState()


def _append(storage, repository, key: str, actor: dict, events: list):
    """One login outcome in a transaction of its own, under the append lock."""
    with storage.transaction(actor) as uow:
        uow.serialize()
        repository.writing(uow).append_at_head(key, events)


def _dummy() -> str:
    if not _dummy_hash:
        _dummy_hash.append(creds.hash_password("no such account: the same work"))
    return _dummy_hash[0]
