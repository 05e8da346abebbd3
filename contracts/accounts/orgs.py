"""Inputs of the org tree RPCs of accounts: create, rename, move (调整隶属), close (撤销单位)."""

from typing import Any, ClassVar

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from contracts.vocabulary.accounts import INSTITUTION_CODE, ORG_CODE
from shared.schema_text import REQUIRED_ERRORS, Text

_NOT_BLANK = validate.Regexp(r"^\s*\S", error="不能为空 (must not be blank)")


class CreateOrgSchema(Schema):
    code = fields.String(
        required=True,
        validate=validate.Regexp(ORG_CODE, error="letters, digits, - and _ only, at most 40"),
        error_messages=REQUIRED_ERRORS,
    )
    name = Text(
        required=True,
        validate=[validate.Length(min=1, max=200), _NOT_BLANK],
        error_messages=REQUIRED_ERRORS,
    )
    level = fields.String(
        required=True, validate=validate.OneOf(["school", "unit"]), error_messages=REQUIRED_ERRORS
    )
    parent_code = fields.String(
        required=True,
        validate=validate.Regexp(ORG_CODE, error="letters, digits, - and _ only, at most 40"),
        error_messages=REQUIRED_ERRORS,
    )
    institution_code = fields.String(
        load_default=None,
        validate=validate.Regexp(INSTITUTION_CODE, error="机构代码为 10 位数字 (10 digits)"),
    )

    class Meta:
        # what _institution_code_for_schools checks, for the OpenAPI document
        openapi: ClassVar[dict[str, Any]] = {
            "anyOf": [
                {
                    "properties": {
                        "level": {"enum": ["school"]},
                        "institution_code": {"type": "string"},
                    },
                    "required": ["institution_code"],
                },
                {"properties": {"level": {"enum": ["unit"]}, "institution_code": {"enum": [None]}}},
            ]
        }

    @validates_schema
    def _institution_code_for_schools(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("level") == "school" and not data.get("institution_code"):
            raise ValidationError(
                "学校必须填写机构代码 (required for a school)", "institution_code"
            )
        if data.get("level") == "unit" and data.get("institution_code"):
            raise ValidationError("只有学校有机构代码 (schools only)", "institution_code")


class RenameOrgSchema(Schema):
    name = Text(validate=[validate.Length(min=1, max=200), _NOT_BLANK])
    institution_code = fields.String(
        validate=validate.Regexp(INSTITUTION_CODE, error="机构代码为 10 位数字 (10 digits)")
    )

    class Meta:
        openapi: ClassVar[dict[str, Any]] = {"minProperties": 1}  # what _something_to_change checks

    @validates_schema
    def _something_to_change(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data:
            raise ValidationError(
                "给出 name 或 institution_code (name or institution_code)", "name"
            )


class MoveOrgSchema(Schema):
    parent_code = fields.String(
        required=True,
        validate=validate.Regexp(ORG_CODE, error="letters, digits, - and _ only, at most 40"),
        error_messages=REQUIRED_ERRORS,
    )


class CloseOrgSchema(Schema):
    reason = Text(
        required=True,
        multiline=True,
        validate=[validate.Length(min=1, max=500), _NOT_BLANK],
        error_messages=REQUIRED_ERRORS,
    )
