"""Password hashing (argon2id) and signed, expiring tokens."""

import base64
import functools
import hashlib
import hmac
import json
import time

import eventlet.tpool
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from shared.config import settings


@functools.cache
def _hasher_for(time_cost: int, memory_cost: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=1)


def _hasher() -> PasswordHasher:
    """The hasher of chosen passwords, at PASSWORD_HASH_TIME_COST / PASSWORD_HASH_MEMORY_KIB."""
    current = settings()
    return _hasher_for(current.password_hash_time_cost, current.password_hash_memory_kib)


# Generated initial passwords are random (about 60 bits) and must be changed at the
# first login: guessing one is hopeless whatever the hash costs, so a lighter argon2
# keeps the generation of thousands of teacher accounts in a bulk import quick.
_initial_hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)


def hash_password(password: str) -> str:
    # in a real thread: hashing is CPU-bound and would stall the eventlet hub
    return eventlet.tpool.execute(_hasher().hash, password)


def hash_initial_password(password: str) -> str:
    """For a password the system generated, never for one a person chose."""
    return eventlet.tpool.execute(_initial_hasher.hash, password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return eventlet.tpool.execute(_hasher().verify, password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue_token(key: str, account_id: str, password_version: int, ttl_seconds: int) -> str:
    claims = {"sub": account_id, "pwv": password_version, "exp": int(time.time()) + ttl_seconds}
    body = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = _b64(hmac.new(key.encode(), body.encode(), hashlib.sha256).digest())
    return f"{body}.{signature}"


def read_token(key: str, token: str) -> dict | None:
    """The token's claims when the signature is right and it has not expired, else None."""
    try:
        body, signature = token.split(".")
        expected = _b64(hmac.new(key.encode(), body.encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(signature, expected):
            return None
        claims = json.loads(_unb64(body))
    except (ValueError, TypeError):
        return None
    if claims.get("exp", 0) < time.time():
        return None
    return claims
