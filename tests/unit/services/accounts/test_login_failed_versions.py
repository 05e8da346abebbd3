"""A failed login under a username no account has keeps nothing of the text typed (it is
often a password typed into the wrong field). LoginFailed 2 stores none; events stored as
version 1 are upcast on reading, the one way the owner and every consumer read them."""

import pytest

from services.accounts.domain import security
from services.accounts.domain.events import LoginFailed
from services.accounts.read_model import security_log
from shared.events import NewEvent, current

pytestmark = pytest.mark.unit

TYPED = "Wr0ng-field-Pa55"


def stored_v1(account_id=None, username=TYPED, actor_username=TYPED) -> dict:
    """A LoginFailed as version 1 stored it (logins.py before version 2)."""
    return {
        "source": "accounts",
        "position": 41,
        "event_id": "e41",
        "stream_id": security.UNKNOWN_LOGIN_STREAM,
        "version": 7,
        "type": "LoginFailed",
        "schema_version": 1,
        "data": {
            "account_id": account_id,
            "username": username,
            "reason": security.UNKNOWN_USERNAME,
            "failures": 0,
            "client": "203.0.113.9",
        },
        "metadata": {
            "actor": {
                "account_id": "anonymous",
                "username": actor_username,
                "role": "anonymous",
                "org_code": None,
            },
            "correlation_id": "c1",
            "causation_id": None,
        },
        "occurred_at": "2026-03-01T00:00:00.000000+00:00",
        "prev_hash": "p",
        "hash": "h",
    }


def test_an_old_failure_under_an_unknown_username_is_read_without_the_text_typed():
    envelope = current(stored_v1())
    assert envelope["schema_version"] == LoginFailed.version == 2
    assert envelope["data"]["username"] == ""
    assert TYPED not in repr(envelope["data"])
    assert envelope["data"]["reason"] == security.UNKNOWN_USERNAME
    assert envelope["data"]["client"] == "203.0.113.9"
    assert LoginFailed.from_data(envelope["data"]).account_id is None


def test_an_old_failure_of_an_existing_account_keeps_the_accounts_username():
    envelope = current(stored_v1(account_id="a1", username="m1", actor_username="m1"))
    assert envelope["data"]["username"] == "m1" and envelope["data"]["account_id"] == "a1"


def test_a_new_failure_is_stored_as_version_2_without_the_text_typed():
    new = NewEvent.of(
        LoginFailed(
            account_id=None, username="", reason=security.UNKNOWN_USERNAME, client="203.0.113.9"
        )
    )
    assert new.schema_version == 2 and new.data["username"] == ""
    assert security.ANONYMOUS["username"] == ""
    assert current({"type": new.type, "schema_version": 2, "data": new.data})["data"] == new.data


def test_the_security_log_row_of_an_old_failure_shows_nothing_typed():
    row = security_log._row(None, current(stored_v1()), "login_failed")
    assert TYPED not in repr(row)
    assert row["username"] == row["actor_username"] == "" and row["actor_role"] == "anonymous"
    assert row["account_id"] is None and '"unknown_username"' in row["detail"]
