"""Inputs of the accounts RPCs, one module per feature: logins, one's own password (`auth`),
the org tree (`orgs`), accounts and their lifecycle (`accounts`), the security log
(安全日志, `security_log`), the teacher import (批量导入, `teacher_import`) and workgroup
rosters (附表三, `rosters`). The schema classes are also named here, for whoever takes
several features' at once (the gateway loads the same schemas from HTTP bodies)."""

from contracts.accounts.accounts import (
    AccountListSchema,
    AccountReasonSchema,
    CreateAccountSchema,
    GenerateTeacherSchema,
    GrantRoleSchema,
)
from contracts.accounts.auth import ChangePasswordSchema
from contracts.accounts.logins import LoginSchema
from contracts.accounts.orgs import CloseOrgSchema, CreateOrgSchema, MoveOrgSchema, RenameOrgSchema
from contracts.accounts.rosters import RosterPersonSchema, RosterQuerySchema, RosterSchema
from contracts.accounts.security_log import SecurityLogQuerySchema, UtcTime
from contracts.accounts.teacher_import import ImportTeachersSchema, ImportTemplateSchema

__all__ = [
    "AccountListSchema",
    "AccountReasonSchema",
    "ChangePasswordSchema",
    "CloseOrgSchema",
    "CreateAccountSchema",
    "CreateOrgSchema",
    "GenerateTeacherSchema",
    "GrantRoleSchema",
    "ImportTeachersSchema",
    "ImportTemplateSchema",
    "LoginSchema",
    "MoveOrgSchema",
    "RenameOrgSchema",
    "RosterPersonSchema",
    "RosterQuerySchema",
    "RosterSchema",
    "SecurityLogQuerySchema",
    "UtcTime",
]
