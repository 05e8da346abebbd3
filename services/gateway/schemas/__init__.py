"""Schemas the gateway itself needs: the query arguments of each route (the owning
service's own input schema, read from a query string), and the answers' shapes for the
OpenAPI document.

A query schema is the service's schema with the same fields and rules, so the gateway
refuses what the service would refuse, and the document says exactly that; unknown query
arguments are ignored, arguments not given are left out (the service fills its defaults,
which the document shows), and fields the gateway fills from elsewhere (a path value, the
uploaded file) are not query arguments.
"""

import copy

from marshmallow import EXCLUDE, INCLUDE, Schema, fields
from marshmallow.utils import missing

from contracts import accounts, reporting
from contracts.audit import change_requests as audit_changes
from contracts.audit import reviews as audit
from contracts.records import record as records


def query_schema(schema: type[Schema], *filled_elsewhere: str) -> type[Schema]:
    """`schema` read from a query string: its fields and rules without their defaults
    (documented as `default`), never null, one line, unknown arguments ignored."""
    declared = {}
    for name, field in schema._declared_fields.items():
        if name in filled_elsewhere:
            continue
        field = copy.copy(field)
        default = field.load_default
        if default is not missing and default is not None and not callable(default):
            field.metadata = {"default": field._serialize(default, None, None), **field.metadata}
        field.load_default = missing
        field.allow_none = False
        # a query argument is one line of text (http.read_query), whatever the field's
        # type; openapi.py reads this of every field
        field.multiline = False  # type: ignore[attr-defined]
        declared[name] = field
    meta = type("Meta", (), {"unknown": EXCLUDE, "exclude": filled_elsewhere})
    name = schema.__name__.removesuffix("Schema") + "Query"
    return type(name, (schema,), {**declared, "Meta": meta})


TeacherListQuery = query_schema(records.ListTeachersSchema)
RecordQuery = query_schema(records.AsOfSchema)
ReviewListQuery = query_schema(audit.ListTasksSchema)
ChangeRequestListQuery = query_schema(audit_changes.ListChangeRequestsSchema)
MonthlyReportQuery = query_schema(reporting.MonthlyReportSchema)
AccountListQuery = query_schema(accounts.AccountListSchema)
SecurityLogQuery = query_schema(accounts.SecurityLogQuerySchema)
ImportTemplateQuery = query_schema(accounts.ImportTemplateSchema)
ImportQuery = query_schema(accounts.ImportTeachersSchema, "content")
RosterQuery = query_schema(accounts.RosterQuerySchema)


# answers (documentation only; answers may carry more fields) ---------------
class _Answer(Schema):
    class Meta:
        unknown = INCLUDE


class Account(_Answer):
    id = fields.String()
    username = fields.String()
    name = fields.String()
    role = fields.String()
    org_code = fields.String()
    teacher_id = fields.String(metadata={"description": "teacher accounts only"})
    teacher_no = fields.String(metadata={"description": "teacher accounts only"})


class LoginAnswer(_Answer):
    token = fields.String()
    account = fields.Nested(Account)
    must_change_password = fields.Boolean()


class OrgSummary(_Answer):
    code = fields.String()
    name = fields.String()
    level = fields.String()
    parent_code = fields.String(allow_none=True)
    path = fields.List(fields.String())
    institution_code = fields.String(allow_none=True, metadata={"description": "schools only"})
    closed = fields.Boolean()
    closed_at = fields.String(allow_none=True)


class Org(OrgSummary):
    children = fields.List(fields.Nested(OrgSummary))


# a command's repeated answer (the same Idempotency-Key) withholds the initial password
SHOWN_ONCE = {
    "description": "shown once: null in a repeated answer, which names it under `withheld`"
}


class AccountIssued(_Answer):
    account = fields.Nested(Account)
    initial_password = fields.String(allow_none=True, metadata=SHOWN_ONCE)
    withheld = fields.Dict(keys=fields.String(), values=fields.String())


class ManagedAccount(Account):
    """An account as its system admin sees it."""

    disabled = fields.Boolean()
    locked_until = fields.String(allow_none=True, metadata={"description": "while locked"})
    must_change_password = fields.Boolean()
    last_login_at = fields.String(allow_none=True)


class PasswordIssued(_Answer):
    account = fields.Nested(ManagedAccount)
    initial_password = fields.String(allow_none=True, metadata=SHOWN_ONCE)
    withheld = fields.Dict(keys=fields.String(), values=fields.String())


class TeacherIssued(_Answer):
    teacher_id = fields.String()
    teacher_no = fields.String()
    username = fields.String()
    initial_password = fields.String(allow_none=True, metadata=SHOWN_ONCE)
    withheld = fields.Dict(keys=fields.String(), values=fields.String())


class Page(_Answer):
    items = fields.List(fields.Dict())
    total = fields.Integer()


class Items(_Answer):
    items = fields.List(fields.Dict())


class Entry(_Answer):
    entry_id = fields.String()
    state = fields.String()
    version = fields.Integer(
        metadata={
            "description": "moves on with every change of the fields; send it back as If-Match"
        }
    )
    fields_ = fields.Dict(data_key="fields")
    filled_by = fields.Raw()
    reviewed_by = fields.Raw()


class Submitted(_Answer):
    state = fields.String()
    submission_id = fields.String()
    entries = fields.List(fields.String())
    review_levels = fields.List(
        fields.String(),
        metadata={
            "description": "the levels whose review makes the entries effective: unit, school"
        },
    )


class Returned(_Answer):
    state = fields.String()
    submission_id = fields.String()
    entries = fields.List(fields.String(), metadata={"description": "the returned entries"})
    reason = fields.String()


class ReviewTask(_Answer):
    task_id = fields.String()
    teacher_id = fields.String()
    kind = fields.String()
    state = fields.String()
    submitted_by = fields.Dict()
    submitted_at = fields.String()
    changes = fields.List(fields.Dict())
    review_level = fields.String(
        metadata={
            "description": "unit, or school: only an info manager at the school or above decides"
        }
    )


class ChangeRequest(_Answer):
    change_id = fields.String()
    teacher_id = fields.String()
    set = fields.String()
    entry_id = fields.String()
    state = fields.String(
        metadata={"description": "filed, school_approved, province_approved or rejected"}
    )
    fields_ = fields.Dict(data_key="fields", metadata={"description": "the entry once changed"})
    previous = fields.Dict(metadata={"description": "the effective entry when filed"})
    changes = fields.List(fields.Dict(), metadata={"description": "[{field, old, new}]"})
    reason = fields.String()
    evidence = fields.List(fields.Dict(), metadata={"description": "[{name, note}]"})
    filed_by = fields.Dict()
    filed_at = fields.String()
    decisions = fields.List(
        fields.Dict(),
        metadata={"description": "[{level, decision, reason, username, role, org_code, at}]"},
    )
    outcome = fields.String(
        allow_none=True,
        metadata={
            "description": "after the province: applied, or not_applied (stale) with outcome_reason"
        },
    )


class MonthlyReport(_Answer):
    org_code = fields.String()
    month = fields.String()
    rows = fields.List(fields.Dict())
    totals = fields.Dict()


class RowError(_Answer):
    row = fields.Integer(metadata={"description": "the sheet's row number (the header is row 1)"})
    field = fields.String()
    column = fields.String(metadata={"description": "the column header, e.g. 身份证件号码"})
    message = fields.String()
    code = fields.String(
        metadata={
            "description": "VALIDATION_ERROR, or CONFLICT for a number "
            "twice in the sheet or already registered"
        }
    )


class ImportedTeacher(TeacherIssued):
    row = fields.Integer()


class ImportAnswer(_Answer):
    rows = fields.Integer(metadata={"description": "dry run: rows read"})
    valid = fields.Integer(metadata={"description": "dry run: rows without an error"})
    errors = fields.List(
        fields.Nested(RowError),
        metadata={
            "description": "dry run: every bad row and field; an import with bad rows answers "
            "400 (409 when every error is a conflict) with them in error.fields.rows"
        },
    )
    created = fields.List(fields.Nested(ImportedTeacher), metadata={"description": "import"})


class RosterMember(_Answer):
    name = fields.String()
    post = fields.String()
    phone = fields.String(metadata={"description": "masked for info_query"})
    qq = fields.String(metadata={"description": "masked for info_query"})
    note = fields.String()


class UnitRoster(_Answer):
    unit_code = fields.String()
    unit_name = fields.String()
    filed = fields.Boolean()
    leader = fields.Nested(RosterMember, allow_none=True)
    staff = fields.Nested(RosterMember, allow_none=True)
    filed_at = fields.String(allow_none=True)
    filed_by = fields.Dict(allow_none=True)


class RosterOverview(_Answer):
    org_code = fields.String()
    total = fields.Integer()
    filed = fields.Integer()
    not_filed = fields.List(fields.String(), metadata={"description": "units without a roster"})
    items = fields.List(fields.Nested(UnitRoster))


class Health(_Answer):
    status = fields.String(
        metadata={
            "description": "ok; degraded (200): every service answers, but events are parked, a "
            "consumer lags without catching up or a relay does not publish; "
            "unavailable (503): a service does not answer"
        }
    )
    problems = fields.List(
        fields.String(),
        metadata={
            "description": "what makes it degraded or unavailable, naming service and source"
        },
    )
    services = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(),
        metadata={
            "description": "each service's status: status, problems, parked, subscriptions "
            "{source: {checkpoint, head, lag, behind_for, silent_for, parked}}; "
            "an event-sourced service also its head and relay {checkpoint, "
            "unpublished, waiting_for}"
        },
    )


class ErrorDetail(_Answer):
    code = fields.String()
    message = fields.String()
    fields_ = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.Raw(),
        metadata={"description": "field name → messages"},
    )


class Error(_Answer):
    error = fields.Nested(ErrorDetail)
