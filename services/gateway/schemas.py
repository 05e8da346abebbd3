"""Schemas the gateway itself needs: query arguments, the one body no service
publishes a schema for, and the answers' shapes for the OpenAPI document.

The query schemas check types only (the owning service checks the values);
unknown query arguments are ignored.
"""
from marshmallow import EXCLUDE, INCLUDE, Schema, fields, validate


class _Query(Schema):
    class Meta:
        unknown = EXCLUDE


class PageQuery(_Query):
    limit = fields.Integer(validate=validate.Range(min=1, max=500),
                           metadata={"description": "page size (default 50)"})
    offset = fields.Integer(validate=validate.Range(min=0),
                            metadata={"description": "skip this many"})


class TeacherListQuery(PageQuery):
    unit_code = fields.String(metadata={"description": "only teachers of this org's subtree"})
    state = fields.String(metadata={"description": "only records in this state"})


class RecordQuery(_Query):
    as_of = fields.String(metadata={"description": "the record as it stood then (YYYY-MM-DD)"})


class ReviewListQuery(PageQuery):
    state = fields.String(metadata={"description": "pending (default), approved, rejected"})


class MonthlyReportQuery(_Query):
    org_code = fields.String(metadata={"description": "a school or unit in scope"})
    month = fields.String(metadata={"description": "YYYY-MM"})


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


class Org(OrgSummary):
    children = fields.List(fields.Nested(OrgSummary))


class AccountIssued(_Answer):
    account = fields.Nested(Account)
    initial_password = fields.String()


class TeacherIssued(_Answer):
    teacher_id = fields.String()
    teacher_no = fields.String()
    username = fields.String()
    initial_password = fields.String()


class Page(_Answer):
    items = fields.List(fields.Dict())
    total = fields.Integer()


class Items(_Answer):
    items = fields.List(fields.Dict())


class Entry(_Answer):
    entry_id = fields.String()
    state = fields.String()
    fields_ = fields.Dict(data_key="fields")
    filled_by = fields.Raw()
    reviewed_by = fields.Raw()


class Submitted(_Answer):
    state = fields.String()
    submission_id = fields.String()


class ReviewTask(_Answer):
    task_id = fields.String()
    teacher_id = fields.String()
    kind = fields.String()
    state = fields.String()
    submitted_by = fields.Dict()
    submitted_at = fields.String()
    changes = fields.List(fields.Dict())


class MonthlyReport(_Answer):
    org_code = fields.String()
    month = fields.String()
    rows = fields.List(fields.Dict())
    totals = fields.Dict()


class Health(_Answer):
    status = fields.String(metadata={"description": "ok or unavailable"})
    services = fields.Dict(keys=fields.String(), values=fields.String())


class ErrorDetail(_Answer):
    code = fields.String()
    message = fields.String()
    fields_ = fields.Dict(data_key="fields", keys=fields.String(), values=fields.Raw(),
                          metadata={"description": "field name → messages"})


class Error(_Answer):
    error = fields.Nested(ErrorDetail)
