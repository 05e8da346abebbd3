"""Login security and account management rules (services/accounts/domain/security.py)."""

from datetime import UTC, datetime, timedelta

import pytest

from contracts.vocabulary.accounts import SECURITY_KINDS
from services.accounts.domain import security
from services.accounts.domain.security import LoginState, after_failure
from shared.caller import Caller
from shared.errors import Forbidden, NotFound, ValidationError

pytestmark = pytest.mark.unit

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
SCHOOL_ADMIN = Caller(
    account_id="sa",
    username="sa",
    role="system_admin",
    org_code="hainu",
    org_path=("province", "hainu"),
)


# lockout ---------------------------------------------------------------------
def test_failures_below_the_limit_count_up_without_locking():
    state = LoginState()
    for expected in range(1, 5):
        outcome = after_failure(state, NOW, max_failures=5, lockout_seconds=600)
        assert (outcome.failures, outcome.locked_until) == (expected, None)
        state = LoginState(failures=outcome.failures)


def test_the_fifth_consecutive_failure_locks_for_ten_minutes():
    outcome = after_failure(LoginState(failures=4), NOW, max_failures=5, lockout_seconds=600)
    assert outcome.failures == 5
    assert outcome.locked_until == NOW + timedelta(minutes=10)


def test_the_limit_and_the_lock_length_come_from_the_settings_given():
    outcome = after_failure(LoginState(failures=1), NOW, max_failures=2, lockout_seconds=2)
    assert outcome.locked_until == NOW + timedelta(seconds=2)


def test_a_lock_holds_until_its_end_and_not_after():
    state = LoginState(failures=0, locked_until=NOW + timedelta(seconds=600))
    assert state.locked_at(NOW)
    assert state.locked_at(NOW + timedelta(seconds=599))
    assert not state.locked_at(NOW + timedelta(seconds=600))
    assert not LoginState(failures=3).locked_at(NOW)


# the per-client rate limit -------------------------------------------------------
def test_a_client_may_make_as_many_attempts_as_the_limit_and_no_more():
    assert not security.over_rate_limit(20, 20)
    assert security.over_rate_limit(21, 20)


# who manages an account --------------------------------------------------------
def test_a_system_admin_manages_accounts_in_its_subtree():
    security.check_manage(SCHOOL_ADMIN, "t1", ["province", "hainu", "cs"])
    security.check_manage(SCHOOL_ADMIN, "a2", ["province", "hainu"])


def test_an_account_outside_the_admins_subtree_is_not_found():
    with pytest.raises(NotFound):
        security.check_manage(SCHOOL_ADMIN, "x", ["province", "other-school"])
    with pytest.raises(NotFound):
        security.check_manage(SCHOOL_ADMIN, "root-admin", ["province"])


def test_an_admin_does_not_reset_disable_or_regrant_its_own_account():
    with pytest.raises(Forbidden):
        security.check_manage(SCHOOL_ADMIN, "sa", ["province", "hainu"])


@pytest.mark.parametrize("role", ["info_manager", "info_query", "teacher"])
def test_only_system_admins_manage_and_list_accounts(role):
    caller = Caller(
        account_id="m", username="m", role=role, org_code="hainu", org_path=("province", "hainu")
    )
    with pytest.raises(Forbidden):
        security.check_manage(caller, "t1", ["province", "hainu", "cs"])
    with pytest.raises(Forbidden):
        security.check_list(caller)


# roles -------------------------------------------------------------------------
@pytest.mark.parametrize("current", security.STAFF_ROLES)
@pytest.mark.parametrize("new", security.STAFF_ROLES)
def test_staff_accounts_move_among_the_staff_roles(current, new):
    security.check_role_grant(current, new)


def test_a_teacher_account_cannot_take_a_staff_role():
    with pytest.raises(ValidationError) as caught:
        security.check_role_grant("teacher", "info_manager")
    assert "role" in caught.value.fields


def test_no_account_is_granted_the_teacher_role():
    with pytest.raises(ValidationError) as caught:
        security.check_role_grant("info_query", "teacher")
    assert "role" in caught.value.fields


# the security log's kinds and details ------------------------------------------
@pytest.mark.parametrize(
    "event_type, data, kind",
    [
        ("LoginSucceeded", {}, "login_succeeded"),
        ("LoginFailed", {}, "login_failed"),
        ("AccountLocked", {}, "account_locked"),
        ("RoleGranted", {}, "role_granted"),
        ("AccountDisabled", {}, "account_disabled"),
        ("AccountEnabled", {}, "account_enabled"),
        ("AccountCreated", {}, "account_created"),
        ("TeacherAccountGenerated", {}, "account_created"),
        ("PasswordChanged", {"reason": "reset"}, "password_reset"),
        ("PasswordChanged", {"reason": "changed"}, "password_changed"),
        ("OrgCreated", {}, None),
    ],
)
def test_each_security_event_has_its_kind_and_others_none(event_type, data, kind):
    assert security.kind_of(event_type, data) == kind
    assert kind is None or kind in SECURITY_KINDS


def test_the_log_detail_never_carries_an_id_number():
    detail = security.detail_of(
        "TeacherAccountGenerated",
        {"id_number": "46010019850314001X", "name": "张三", "account_id": "a"},
    )
    assert detail == {"role": "teacher"}


def test_the_log_detail_names_the_reason_and_the_roles():
    assert security.detail_of("LoginFailed", {"reason": "locked", "failures": 0}) == {
        "reason": "locked",
        "failures": 0,
    }
    assert security.detail_of(
        "RoleGranted", {"role": "info_query", "previous_role": "info_manager"}
    ) == {"role": "info_query", "previous_role": "info_manager"}
    assert security.detail_of("AccountDisabled", {"reason": ""}) == {}
