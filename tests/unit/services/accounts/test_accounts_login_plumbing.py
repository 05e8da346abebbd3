"""What login security needs around the rules: the client address in the call
context, settings read at call time, tokens that expire, and the input schemas."""

import time
from types import SimpleNamespace

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from contracts import accounts as schemas
from services.accounts.adapters import credentials
from services.accounts.handlers import auth
from services.gateway.endpoint import client_address
from shared import errors
from shared.rpc import CallContext
from shared.schemas import load

pytestmark = pytest.mark.unit


def http_request(headers=None, remote="10.0.0.9") -> Request:
    return Request(
        EnvironBuilder(
            method="POST",
            path="/api/v1/auth/login",
            headers=headers,
            environ_base={"REMOTE_ADDR": remote},
        ).get_environ()
    )


# the client address ------------------------------------------------------------
def test_the_client_travels_in_the_call_context_next_to_the_caller():
    context = CallContext(SimpleNamespace(data={}, call_id="c1"))
    assert context.client is None
    context.set_client("203.0.113.7")
    assert context.client == "203.0.113.7"
    assert context.worker_ctx.data["client"] == "203.0.113.7"
    context.set_client(None)
    assert context.client is None


def test_the_client_is_the_peer_address_by_default_even_with_a_forwarded_header(monkeypatch):
    monkeypatch.delenv("TRUST_FORWARDED_FOR", raising=False)
    request = http_request({"X-Forwarded-For": "198.51.100.1"})
    assert client_address(request) == "10.0.0.9"


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_appended(monkeypatch):
    monkeypatch.setenv("TRUST_FORWARDED_FOR", "1")
    assert (
        client_address(http_request({"X-Forwarded-For": "1.2.3.4, 198.51.100.1"})) == "198.51.100.1"
    )
    assert client_address(http_request()) == "10.0.0.9"


# tokens --------------------------------------------------------------------------
def test_the_token_lifetime_is_read_at_each_call(monkeypatch):
    monkeypatch.setenv("TOKEN_TTL_SECONDS", "5")
    assert auth.token_ttl() == 5
    monkeypatch.delenv("TOKEN_TTL_SECONDS")
    assert auth.token_ttl() == 8 * 3600


def test_a_token_is_refused_once_it_expires_and_when_its_signature_is_wrong():
    token = credentials.issue_token("key", "a1", 3, ttl_seconds=60)
    assert credentials.read_token("key", token)["pwv"] == 3
    assert credentials.read_token("other-key", token) is None
    expired = credentials.issue_token("key", "a1", 3, ttl_seconds=-1)
    assert credentials.read_token("key", expired) is None


# inputs --------------------------------------------------------------------------
def test_a_role_grant_names_the_role_field_when_the_role_is_not_a_staff_role():
    with pytest.raises(errors.ValidationError) as caught:
        load(schemas.GrantRoleSchema(), {"role": "teacher"})
    assert list(caught.value.fields) == ["role"]
    with pytest.raises(errors.ValidationError) as caught:
        load(schemas.GrantRoleSchema(), {})
    assert list(caught.value.fields) == ["role"]


def test_the_disable_reason_is_optional_and_bounded():
    assert load(schemas.AccountReasonSchema(), {}) == {"reason": ""}
    with pytest.raises(errors.ValidationError) as caught:
        load(schemas.AccountReasonSchema(), {"reason": "x" * 501})
    assert "reason" in caught.value.fields


@pytest.mark.parametrize(
    "since, stored",
    [
        ("2026-03-01", "2026-03-01T00:00:00.000000+00:00"),
        ("2026-03-01T08:00:00+08:00", "2026-03-01T00:00:00.000000+00:00"),
        ("2026-03-01T08:00:00Z", "2026-03-01T08:00:00.000000+00:00"),
    ],
)
def test_since_reads_a_date_or_a_time_as_utc(since, stored):
    assert load(schemas.SecurityLogQuerySchema(), {"since": since})["since"] == stored


@pytest.mark.parametrize(
    "query, field",
    [
        ({"since": "yesterday"}, "since"),
        ({"kind": "coffee_break"}, "kind"),
        ({"limit": "0"}, "limit"),
        ({"offset": "-1"}, "offset"),
    ],
)
def test_bad_security_log_queries_name_the_field(query, field):
    with pytest.raises(errors.ValidationError) as caught:
        load(schemas.SecurityLogQuerySchema(), query)
    assert field in caught.value.fields


def test_an_account_listing_refuses_an_unknown_role():
    with pytest.raises(errors.ValidationError) as caught:
        load(schemas.AccountListSchema(), {"role": "janitor"})
    assert "role" in caught.value.fields


def test_login_failures_cost_the_same_hashing_for_unknown_usernames():
    """The dummy hash of logins.py is a real argon2 hash: verifying against it takes the
    same work as a real account's and never succeeds."""
    from services.accounts.handlers import logins

    started = time.monotonic()
    assert not credentials.verify_password(logins._dummy(), "anything")
    assert time.monotonic() - started < 5
