"""The one table of the gateway's HTTP routes.

`service.py` declares each endpoint with `@endpoint(method, path)`, which finds
its row here (and fails at import when there is none); `openapi.py` documents
exactly these rows. A test checks that the two agree, so they cannot drift.
"""

import re
from dataclasses import dataclass

from contracts import accounts
from contracts import records as records_modules
from contracts.audit import reviews as audit_schemas
from contracts.records import change_requests as change_schemas
from contracts.records import record as records_schemas
from services.gateway import schemas as gw
from services.gateway.schemas import business, info_sheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
XLS_CSV = "application/vnd.ms-excel"  # what Windows browsers call a .csv file

# the body of the record endpoints: one set's fields by name, checked by records
SET_FIELDS = {
    "type": "object",
    "additionalProperties": True,
    "description": "the set's fields by name; GET /api/v1/schema/sets lists them",
}


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # OpenAPI template: /api/v1/orgs/{code}
    summary: str
    tag: str
    status: int = 200  # of a success
    answer: type | None = None  # schema of the success's body (documentation)
    body: type | dict | None = None  # a schema that loads the body, or a free-form object
    query: type | None = None  # schema of the query arguments
    auth: bool = True
    before_password_change: bool = False  # allowed while the initial password is unchanged
    errors: tuple = ()  # statuses besides the ones every route can answer
    upload: tuple = ()  # media types of a file sent as the raw body (`file`)
    produces: tuple = ()  # media types of a file answer (a download)
    timeout: float | None = None  # seconds for the whole call; None: the gateway's default

    @property
    def rule(self) -> str:
        """The werkzeug URL rule nameko's @http needs. A path value is one segment, never
        a literal segment another route has at the same place: `/teachers/import` is the
        import's path for every method (a GET there is 405, Allow: POST), not the teacher
        `import` (the `value` converter, services/gateway/web.py)."""
        parts = self.path.split("/")
        for depth, part in enumerate(parts):
            name = re.fullmatch(r"\{(\w+)\}", part)
            if name:
                literals = sorted(
                    {
                        other[depth]
                        for other in (r.path.split("/") for r in ROUTES)
                        if len(other) > depth
                        and other[:depth] == parts[:depth]
                        and not other[depth].startswith("{")
                    }
                )
                words = f"({', '.join(repr(word) for word in literals)})" if literals else ""
                parts[depth] = f"<value{words}:{name.group(1)}>"
        return "/".join(parts)

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.path)


V1 = "/api/v1"
ROUTES = [
    Route(
        "POST",
        f"{V1}/auth/login",
        "Log in: a token for the account",
        "auth",
        answer=gw.LoginAnswer,
        body=accounts.LoginSchema,
        auth=False,
        errors=(401, 403, 423, 429),
    ),
    Route(
        "POST",
        f"{V1}/auth/password",
        "Change the own password",
        "auth",
        status=204,
        body=accounts.ChangePasswordSchema,
        before_password_change=True,
    ),
    Route(
        "GET",
        f"{V1}/me",
        "The calling account",
        "auth",
        answer=gw.Account,
        before_password_change=True,
    ),
    Route(
        "POST",
        f"{V1}/orgs",
        "Create a school or unit below an org",
        "orgs",
        status=201,
        answer=gw.Org,
        body=accounts.CreateOrgSchema,
        errors=(404,),
    ),
    Route("GET", f"{V1}/orgs/{{code}}", "An org with its children", "orgs", answer=gw.Org),
    Route(
        "PATCH",
        f"{V1}/orgs/{{code}}",
        "Rename an org (a school: also its institution code)",
        "orgs",
        answer=gw.Org,
        body=accounts.RenameOrgSchema,
    ),
    Route(
        "POST",
        f"{V1}/orgs/{{code}}/move",
        "Move a unit below another parent of its school",
        "orgs",
        answer=gw.Org,
        body=accounts.MoveOrgSchema,
    ),
    Route(
        "POST",
        f"{V1}/orgs/{{code}}/close",
        "Close a unit (kept with its history)",
        "orgs",
        answer=gw.Org,
        body=accounts.CloseOrgSchema,
    ),
    Route(
        "POST",
        f"{V1}/accounts",
        "Create a staff account",
        "accounts",
        status=201,
        answer=gw.AccountIssued,
        body=accounts.CreateAccountSchema,
        errors=(404,),
    ),
    Route(
        "GET",
        f"{V1}/accounts",
        "A page of the accounts in scope (system admins)",
        "accounts",
        answer=gw.Page,
        query=gw.AccountListQuery,
        errors=(404,),
    ),
    Route(
        "GET",
        f"{V1}/accounts/{{account_id}}",
        "An account in scope (system admins)",
        "accounts",
        answer=gw.ManagedAccount,
    ),
    Route(
        "POST",
        f"{V1}/accounts/{{account_id}}/password-reset",
        "Reset an account's password: a new initial password, shown once",
        "accounts",
        answer=gw.PasswordIssued,
    ),
    Route(
        "POST",
        f"{V1}/accounts/{{account_id}}/disable",
        "Disable an account: no login, its tokens stop working",
        "accounts",
        answer=gw.ManagedAccount,
        body=accounts.AccountReasonSchema,
    ),
    Route(
        "POST",
        f"{V1}/accounts/{{account_id}}/enable",
        "Enable a disabled account",
        "accounts",
        answer=gw.ManagedAccount,
        body=accounts.AccountReasonSchema,
    ),
    Route(
        "PUT",
        f"{V1}/accounts/{{account_id}}/role",
        "Grant a staff account another staff role; its tokens stop working",
        "accounts",
        answer=gw.ManagedAccount,
        body=accounts.GrantRoleSchema,
    ),
    Route(
        "GET",
        f"{V1}/security-log",
        "Logins, failures, lockouts, grants, resets, disables in scope (system admins)",
        "accounts",
        answer=gw.Page,
        query=gw.SecurityLogQuery,
        errors=(404,),
    ),
    Route(
        "POST",
        f"{V1}/teachers",
        "Generate a teacher and the teacher's account",
        "teachers",
        status=201,
        answer=gw.TeacherIssued,
        body=accounts.GenerateTeacherSchema,
        errors=(404,),
    ),
    Route(
        "GET",
        f"{V1}/teachers",
        "A page of teachers in scope",
        "teachers",
        answer=gw.Page,
        query=gw.TeacherListQuery,
        errors=(404,),
    ),
    Route(
        "GET",
        f"{V1}/teachers/{{teacher_id}}",
        "A teacher's record: every set with its entries",
        "records",
        query=gw.RecordQuery,
    ),
    Route(
        "GET",
        f"{V1}/schema/sets",
        "The information sets, their fields and code tables",
        "records",
        answer=gw.Items,
    ),
    Route(
        "PUT",
        f"{V1}/teachers/{{teacher_id}}/sets/{{set}}",
        "Fill a one-entry set",
        "records",
        answer=gw.Entry,
        body=SET_FIELDS,
    ),
    Route(
        "POST",
        f"{V1}/teachers/{{teacher_id}}/sets/{{set}}/entries",
        "Add an entry to a many-entry set",
        "records",
        status=201,
        answer=gw.Entry,
        body=SET_FIELDS,
    ),
    Route(
        "PUT",
        f"{V1}/teachers/{{teacher_id}}/sets/{{set}}/entries/{{entry_id}}",
        "Change an entry",
        "records",
        answer=gw.Entry,
        body=SET_FIELDS,
    ),
    Route(
        "POST",
        f"{V1}/teachers/{{teacher_id}}/submit",
        "Submit the record for review",
        "records",
        answer=gw.Submitted,
    ),
    Route(
        "POST",
        f"{V1}/teachers/{{teacher_id}}/return",
        "Return (退回) a submitted record: its waiting entries become editable again and "
        "the pending review tasks close as returned; a reason is required",
        "records",
        answer=gw.Returned,
        body=records_schemas.ReturnSchema,
    ),
    Route(
        "GET",
        f"{V1}/reviews",
        "A page of review tasks in scope",
        "reviews",
        answer=gw.Page,
        query=gw.ReviewListQuery,
    ),
    Route("GET", f"{V1}/reviews/{{task_id}}", "A review task", "reviews", answer=gw.ReviewTask),
    Route(
        "POST",
        f"{V1}/reviews/{{task_id}}/decision",
        "Approve or reject a review task",
        "reviews",
        answer=gw.ReviewTask,
        body=audit_schemas.DecisionSchema,
    ),
    Route(
        "POST",
        f"{V1}/teachers/{{teacher_id}}/change-requests",
        "File a change request (变更申请) on an effective entry: the new values, the reason, "
        "the evidence; the school, then the province approves it",
        "change-requests",
        status=201,
        answer=gw.ChangeRequest,
        body=change_schemas.FileChangeSchema,
    ),
    Route(
        "GET",
        f"{V1}/change-requests",
        "A page of change requests in scope (default: what waits for the caller's step)",
        "change-requests",
        answer=gw.Page,
        query=gw.ChangeRequestListQuery,
        errors=(404,),
    ),
    Route(
        "GET",
        f"{V1}/change-requests/{{change_id}}",
        "A change request with its decisions",
        "change-requests",
        answer=gw.ChangeRequest,
    ),
    Route(
        "POST",
        f"{V1}/change-requests/{{change_id}}/decision",
        "Approve or reject a change request: the teacher's school, then the province",
        "change-requests",
        answer=gw.ChangeRequest,
        body=audit_schemas.DecisionSchema,
    ),
    Route(
        "GET",
        f"{V1}/reports/monthly",
        "The monthly progress report (附件4)",
        "reports",
        answer=gw.MonthlyReport,
        query=gw.MonthlyReportQuery,
        errors=(404,),
    ),
    Route(
        "GET",
        f"{V1}/teachers/{{teacher_id}}/trail",
        "Every change of a record in order: who filled, who reviewed",
        "reports",
        answer=gw.Items,
    ),
    Route(
        "GET",
        f"{V1}/teachers/import-template",
        "The sheet template of the teacher import (.xlsx with drop-downs, or CSV)",
        "teachers",
        query=gw.ImportTemplateQuery,
        produces=(XLSX, CSV),
    ),
    Route(
        "POST",
        f"{V1}/teachers/import",
        "Teachers in bulk from a sheet sent as the raw body: dry_run=true (the default) "
        "answers 200 with every bad row and field; dry_run=false creates all rows or none",
        "teachers",
        status=201,
        answer=gw.ImportAnswer,
        query=gw.ImportQuery,
        upload=(XLSX, CSV, XLS_CSV),
        errors=(404,),
        timeout=600,
    ),
    Route(
        "GET",
        f"{V1}/teachers/info-template",
        "The information sheet's template: .xlsx with one sheet per set and the code tables "
        "as drop-downs, or one set as CSV (format=csv&set=)",
        "records",
        query=info_sheets.InfoTemplateQuery,
        produces=(XLSX, CSV),
    ),
    Route(
        "POST",
        f"{V1}/teachers/info-import",
        "Teacher information from a sheet sent as the raw body, rows matched by ID number: "
        "dry_run=true (the default) reports every bad row and field; an import writes every "
        "row or nothing (mode=all_or_nothing) or the good rows (mode=good_rows)",
        "records",
        answer=info_sheets.InfoImportReport,
        query=info_sheets.InfoImportQuery,
        upload=(XLSX, CSV, XLS_CSV),
        timeout=600,
    ),
    Route(
        "PUT",
        f"{V1}/orgs/{{code}}/roster",
        "File a unit's workgroup roster (附表三)",
        "rosters",
        answer=gw.UnitRoster,
        body=accounts.RosterSchema,
    ),
    Route(
        "GET",
        f"{V1}/orgs/{{code}}/roster",
        "A unit's workgroup roster",
        "rosters",
        answer=gw.UnitRoster,
    ),
    Route(
        "GET",
        f"{V1}/rosters",
        "Every unit below an org with its roster, or filed: false",
        "rosters",
        answer=gw.RosterOverview,
        query=gw.RosterQuery,
        errors=(404,),
    ),
    Route(
        "GET",
        f"{V1}/rosters/export",
        "The rosters as .xlsx laid out like 附表三",
        "rosters",
        query=gw.RosterQuery,
        produces=(XLSX,),
        errors=(404,),
    ),
    # business modules: 教师变动, 培训学分（学时）, 交流轮岗
    Route(
        "POST",
        f"{V1}/teachers/{{teacher_id}}/changes",
        "Record a teacher change (教师变动): join, transfer within the school, leave, retire, "
        "death; a status change with its date, never a deletion",
        "modules",
        status=201,
        answer=business.TeacherChangeRecorded,
        body=records_modules.TeacherChangeSchema,
    ),
    Route(
        "PUT",
        f"{V1}/orgs/{{code}}/training-requirement",
        "Set a school's yearly training requirement (学时, optionally 学分)",
        "modules",
        answer=business.TrainingRequirementRecorded,
        body=records_modules.TrainingRequirementSchema,
    ),
    Route(
        "GET",
        f"{V1}/training/summary",
        "Training hours and credits per unit and in total for a year (effective entries "
        "only), and the teachers below the requirement",
        "modules",
        answer=business.TrainingSummary,
        query=business.TrainingSummaryQuery,
        errors=(404,),
    ),
    Route(
        "GET",
        f"{V1}/teachers/{{teacher_id}}/training",
        "A teacher's training hours and credits per year (effective entries only)",
        "modules",
        answer=business.TeacherTraining,
        query=business.TeacherTrainingQuery,
    ),
    Route(
        "GET",
        f"{V1}/rotations",
        "Teachers with effective exchange and rotation (交流轮岗) entries; active=true: "
        "current ones",
        "modules",
        answer=gw.Page,
        query=business.RotationQuery,
        errors=(404,),
    ),
    Route(
        "GET",
        "/api/health",
        "Whether every service answers, and whether any has parked "
        "events or lags (degraded, still 200)",
        "system",
        answer=gw.Health,
        auth=False,
        errors=(503,),
    ),
    Route("GET", "/api/openapi.json", "This document", "system", auth=False),
]


def find(method: str, path: str) -> Route:
    for route in ROUTES:
        if (route.method, route.path) == (method, path):
            return route
    raise LookupError(f"{method} {path} is not in services/gateway/routes.py")
