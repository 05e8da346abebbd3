"""Inputs of the accounts RPCs (the gateway loads the same schemas from HTTP bodies)."""
from datetime import datetime, timezone

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.accounts.domain import roster as roster_rules
from services.accounts.domain.rules import ORG_CODE, STAFF_ROLES
from services.accounts.domain.security import KINDS as SECURITY_KINDS
from services.accounts.domain.tree import INSTITUTION_CODE
from shared.indicators import CODE_TABLES
from shared.schema_text import Text

_required = {"required": "必填 (required)"}
_NOT_BLANK = validate.Regexp(r"^\s*\S", error="不能为空 (must not be blank)")
_CODE = validate.Regexp(ORG_CODE, error="letters, digits, - and _ only, at most 40")


class LoginSchema(Schema):
    username = Text(required=True, validate=validate.Length(min=1, max=80),
                    error_messages=_required)
    password = Text(required=True, multiline=True, validate=validate.Length(min=1, max=200),
                    error_messages=_required)


class ChangePasswordSchema(Schema):
    old_password = Text(required=True, multiline=True, error_messages=_required)
    new_password = Text(required=True, multiline=True, validate=validate.Length(max=200),
                        error_messages=_required)


class CreateOrgSchema(Schema):
    code = fields.String(required=True, validate=validate.Regexp(
        ORG_CODE, error="letters, digits, - and _ only, at most 40"), error_messages=_required)
    name = Text(required=True, validate=[validate.Length(min=1, max=200), _NOT_BLANK],
                error_messages=_required)
    level = fields.String(required=True, validate=validate.OneOf(["school", "unit"]),
                          error_messages=_required)
    parent_code = fields.String(required=True, validate=validate.Regexp(
        ORG_CODE, error="letters, digits, - and _ only, at most 40"), error_messages=_required)
    institution_code = fields.String(load_default=None, validate=validate.Regexp(
        INSTITUTION_CODE, error="机构代码为 10 位数字 (10 digits)"))

    class Meta:
        # what _institution_code_for_schools checks, for the OpenAPI document
        openapi = {"anyOf": [
            {"properties": {"level": {"enum": ["school"]},
                            "institution_code": {"type": "string"}},
             "required": ["institution_code"]},
            {"properties": {"level": {"enum": ["unit"]}, "institution_code": {"enum": [None]}}},
        ]}

    @validates_schema
    def _institution_code_for_schools(self, data, **kwargs):
        if data.get("level") == "school" and not data.get("institution_code"):
            raise ValidationError("学校必须填写机构代码 (required for a school)", "institution_code")
        if data.get("level") == "unit" and data.get("institution_code"):
            raise ValidationError("只有学校有机构代码 (schools only)", "institution_code")




class RenameOrgSchema(Schema):
    name = Text(validate=[validate.Length(min=1, max=200), _NOT_BLANK])
    institution_code = fields.String(validate=validate.Regexp(
        INSTITUTION_CODE, error="机构代码为 10 位数字 (10 digits)"))

    class Meta:
        openapi = {"minProperties": 1}  # what _something_to_change checks

    @validates_schema
    def _something_to_change(self, data, **kwargs):
        if not data:
            raise ValidationError("给出 name 或 institution_code (name or institution_code)",
                                  "name")


class MoveOrgSchema(Schema):
    parent_code = fields.String(required=True, validate=validate.Regexp(
        ORG_CODE, error="letters, digits, - and _ only, at most 40"), error_messages=_required)


class CloseOrgSchema(Schema):
    reason = Text(required=True, multiline=True,
                  validate=[validate.Length(min=1, max=500), _NOT_BLANK], error_messages=_required)


class CreateAccountSchema(Schema):
    username = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9_.-]{3,80}\Z", error="3 to 80 letters, digits, '.', '-' or '_'"),
        error_messages=_required)
    name = Text(required=True, validate=[validate.Length(min=1, max=100), _NOT_BLANK],
                error_messages=_required)
    role = fields.String(required=True, validate=validate.OneOf(STAFF_ROLES),
                         error_messages=_required)
    org_code = fields.String(required=True, validate=_CODE, error_messages=_required)


class GenerateTeacherSchema(Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=100),
                error_messages=_required)
    gender = fields.String(required=True, validate=validate.OneOf(
        [c for c, _ in CODE_TABLES["gender"].codes]), error_messages=_required)
    birth_month = fields.String(required=True, validate=validate.Regexp(
        r"^\d{4}-(0[1-9]|1[0-2])$", error="YYYY-MM"), error_messages=_required)
    id_type = fields.String(load_default="1", validate=validate.OneOf(
        [c for c, _ in CODE_TABLES["id_type"].codes]))
    id_number = Text(required=True, validate=validate.Length(min=1, max=40),
                     error_messages=_required)
    unit_code = Text(required=True, validate=validate.Length(min=1, max=40),
                     error_messages=_required)


class PageSchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    # past the end of any listing; a larger one would overflow the database's integers
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10**9))


# account lifecycle and the security log ----------------------------------------
class AccountReasonSchema(Schema):
    """The body of disable and enable: an optional reason."""
    reason = Text(load_default="", multiline=True, validate=validate.Length(max=500))


class GrantRoleSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(
        STAFF_ROLES, error=f"must be one of {', '.join(STAFF_ROLES)} "
                           "(teacher accounts are generated, not granted)"),
        error_messages=_required)


class AccountListSchema(PageSchema):
    org_code = Text(load_default=None, validate=validate.Length(min=1, max=40))
    role = fields.String(load_default=None, validate=validate.OneOf(
        STAFF_ROLES + ("teacher",)))


class UtcTime(fields.Field):
    """An ISO 8601 date or time (no zone: UTC), loaded as the UTC text the log stores."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            moment = datetime.fromisoformat(str(value).strip())
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")
        except (ValueError, OverflowError):  # not a time, or none in UTC (0001-01-01+08:00)
            raise ValidationError("ISO 8601 date or time, e.g. 2026-03-01 or "
                                  "2026-03-01T08:00:00+08:00") from None


class SecurityLogQuerySchema(PageSchema):
    org_code = Text(load_default=None, validate=validate.Length(min=1, max=40))
    kind = fields.String(load_default=None, validate=validate.OneOf(SECURITY_KINDS))
    since = UtcTime(load_default=None)


# teachers in bulk (批量导入) ----------------------------------------------------
class ImportTemplateSchema(Schema):
    format = fields.String(load_default="xlsx", validate=validate.OneOf(["xlsx", "csv"]))


class ImportTeachersSchema(Schema):
    content = fields.String(required=True, error_messages=_required,
                            metadata={"description": "the .xlsx or CSV file, base64-encoded"})
    dry_run = fields.Boolean(load_default=True)
    unit_code = Text(load_default=None, validate=validate.Length(min=1, max=40))


# workgroup rosters (附表三) ------------------------------------------------------
class _Text(Text):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, strip=True, **kwargs)


def _whole(*rules, optional=False) -> str:
    """The pattern of a value (surrounding whitespace stripped) one of `rules` matches."""
    either = "|".join(rule.pattern.removeprefix("^").removesuffix("$") for rule in rules)
    return rf"^\s*({either}){'?' if optional else ''}\s*$"


def _rule(problem, optional=False):
    def check(value):
        message = None if optional and value == "" else problem(value)
        if message:
            raise ValidationError(message)
    return check


class RosterPersonSchema(Schema):
    name = _Text(required=True, validate=validate.Length(min=1, max=50), error_messages=_required)
    post = _Text(required=True, validate=validate.Length(min=1, max=50), error_messages=_required,
                 metadata={"description": "职务"})
    phone = _Text(required=True, validate=_rule(roster_rules.phone_problem),
                  error_messages=_required,
                  metadata={"description": "a mobile (1[3-9] + 9 digits) or a landline "
                                           "with its area code (spaces and brackets between "
                                           "the digits are also taken)",
                            "pattern": _whole(roster_rules.MOBILE, roster_rules.LANDLINE)})
    qq = _Text(load_default="", validate=_rule(roster_rules.qq_problem, optional=True),
               metadata={"description": "5 to 11 digits, or empty",
                         "pattern": _whole(roster_rules.QQ, optional=True)})
    note = _Text(load_default="", validate=validate.Length(max=200))


class RosterSchema(Schema):
    leader = fields.Nested(RosterPersonSchema, required=True, error_messages=_required)
    staff = fields.Nested(RosterPersonSchema, required=True, error_messages=_required)


class RosterQuerySchema(Schema):
    org_code = Text(load_default=None, validate=validate.Length(min=1, max=40))
