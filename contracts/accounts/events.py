"""The event types accounts publishes, each with the schema version of its payload as it
is written now (the org tree, accounts and their lifecycle, logins, rosters).

A consumer subscribes only to a type named here, and reads an older stored version
through the upcasters of `shared.events`; the producer's `domain/events.py` defines the
payloads, and a unit test keeps the two equal."""

PUBLISHED: dict[str, int] = {
    "OrgCreated": 1,
    "OrgRenamed": 1,
    "OrgMoved": 1,
    "OrgClosed": 1,
    "AccountCreated": 1,
    "TeacherAccountGenerated": 1,
    "TeacherAccountMoved": 1,
    "PasswordChanged": 1,
    "LoginSucceeded": 1,
    "LoginFailed": 2,
    "AccountLocked": 1,
    "RoleGranted": 1,
    "AccountDisabled": 1,
    "AccountEnabled": 1,
    "RosterFiled": 1,
}
