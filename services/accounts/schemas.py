"""Inputs of the accounts RPCs (the gateway loads the same schemas from HTTP bodies)."""
from marshmallow import Schema, fields, validate

from services.accounts.domain.rules import ORG_CODE, STAFF_ROLES
from shared.indicators import CODE_TABLES

_required = {"required": "必填 (required)"}


class LoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80),
                             error_messages=_required)
    password = fields.String(required=True, validate=validate.Length(min=1, max=200),
                             error_messages=_required)


class ChangePasswordSchema(Schema):
    old_password = fields.String(required=True, error_messages=_required)
    new_password = fields.String(required=True, validate=validate.Length(max=200),
                                 error_messages=_required)


class CreateOrgSchema(Schema):
    code = fields.String(required=True, validate=validate.Regexp(
        ORG_CODE, error="letters, digits, - and _ only, at most 40"), error_messages=_required)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200),
                         error_messages=_required)
    level = fields.String(required=True, validate=validate.OneOf(["school", "unit"]),
                          error_messages=_required)
    parent_code = fields.String(required=True, error_messages=_required)


class CreateAccountSchema(Schema):
    username = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9_.-]{3,80}$", error="3 to 80 letters, digits, '.', '-' or '_'"),
        error_messages=_required)
    name = fields.String(required=True, validate=validate.Length(min=1, max=100),
                         error_messages=_required)
    role = fields.String(required=True, validate=validate.OneOf(STAFF_ROLES),
                         error_messages=_required)
    org_code = fields.String(required=True, error_messages=_required)


class GenerateTeacherSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100),
                         error_messages=_required)
    gender = fields.String(required=True, validate=validate.OneOf(
        [c for c, _ in CODE_TABLES["gender"].codes]), error_messages=_required)
    birth_month = fields.String(required=True, validate=validate.Regexp(
        r"^\d{4}-(0[1-9]|1[0-2])$", error="YYYY-MM"), error_messages=_required)
    id_type = fields.String(load_default="1", validate=validate.OneOf(
        [c for c, _ in CODE_TABLES["id_type"].codes]))
    id_number = fields.String(required=True, validate=validate.Length(min=1, max=40),
                              error_messages=_required)
    unit_code = fields.String(required=True, error_messages=_required)


class PageSchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))
