"""Inputs of the accounts RPCs on accounts and their lifecycle: a staff account, a
generated teacher account (教师账号生成), the listing, disable and enable, a role grant."""

from marshmallow import Schema, fields, validate

from contracts.paging import PageSchema
from contracts.vocabulary.accounts import ORG_CODE, STAFF_ROLES
from shared.indicators import CODE_TABLES
from shared.schema_text import REQUIRED_ERRORS, Text

_NOT_BLANK = validate.Regexp(r"^\s*\S", error="不能为空 (must not be blank)")
_CODE = validate.Regexp(ORG_CODE, error="letters, digits, - and _ only, at most 40")


class CreateAccountSchema(Schema):
    username = fields.String(
        required=True,
        validate=validate.Regexp(
            r"^[A-Za-z0-9_.-]{3,80}\Z", error="3 to 80 letters, digits, '.', '-' or '_'"
        ),
        error_messages=REQUIRED_ERRORS,
    )
    name = Text(
        required=True,
        validate=[validate.Length(min=1, max=100), _NOT_BLANK],
        error_messages=REQUIRED_ERRORS,
    )
    role = fields.String(
        required=True, validate=validate.OneOf(STAFF_ROLES), error_messages=REQUIRED_ERRORS
    )
    org_code = fields.String(required=True, validate=_CODE, error_messages=REQUIRED_ERRORS)


class GenerateTeacherSchema(Schema):
    name = Text(
        required=True, validate=validate.Length(min=1, max=100), error_messages=REQUIRED_ERRORS
    )
    gender = fields.String(
        required=True,
        validate=validate.OneOf([c for c, _ in CODE_TABLES["gender"].codes]),
        error_messages=REQUIRED_ERRORS,
    )
    birth_month = fields.String(
        required=True,
        validate=validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="YYYY-MM"),
        error_messages=REQUIRED_ERRORS,
    )
    id_type = fields.String(
        load_default="1", validate=validate.OneOf([c for c, _ in CODE_TABLES["id_type"].codes])
    )
    id_number = Text(
        required=True, validate=validate.Length(min=1, max=40), error_messages=REQUIRED_ERRORS
    )
    unit_code = Text(
        required=True, validate=validate.Length(min=1, max=40), error_messages=REQUIRED_ERRORS
    )


# account lifecycle ----------------------------------------------------------------
class AccountReasonSchema(Schema):
    """The body of disable and enable: an optional reason."""

    reason = Text(load_default="", multiline=True, validate=validate.Length(max=500))


class GrantRoleSchema(Schema):
    role = fields.String(
        required=True,
        validate=validate.OneOf(
            STAFF_ROLES,
            error=f"must be one of {', '.join(STAFF_ROLES)} "
            "(teacher accounts are generated, not granted)",
        ),
        error_messages=REQUIRED_ERRORS,
    )


class AccountListSchema(PageSchema):
    org_code = Text(load_default=None, validate=validate.Length(min=1, max=40))
    role = fields.String(load_default=None, validate=validate.OneOf((*STAFF_ROLES, "teacher")))
