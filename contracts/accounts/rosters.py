"""Inputs of the workgroup roster RPCs of accounts (工作组名单, 附表三)."""

import re
from collections.abc import Callable
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from contracts.vocabulary.accounts import LANDLINE, MOBILE, QQ, phone_problem, qq_problem
from shared.schema_text import REQUIRED_ERRORS, Text


class _Text(Text):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, strip=True, **kwargs)


def _whole(*rules: re.Pattern[str], optional: bool = False) -> str:
    """The pattern of a value (surrounding whitespace stripped) one of `rules` matches."""
    either = "|".join(rule.pattern.removeprefix("^").removesuffix("$") for rule in rules)
    return rf"^\s*({either}){'?' if optional else ''}\s*$"


def _rule(problem: Callable[[str], str | None], optional: bool = False) -> Callable[[str], None]:
    def check(value: str) -> None:
        message = None if optional and value == "" else problem(value)
        if message:
            raise ValidationError(message)

    return check


class RosterPersonSchema(Schema):
    name = _Text(
        required=True, validate=validate.Length(min=1, max=50), error_messages=REQUIRED_ERRORS
    )
    post = _Text(
        required=True,
        validate=validate.Length(min=1, max=50),
        error_messages=REQUIRED_ERRORS,
        metadata={"description": "职务"},
    )
    phone = _Text(
        required=True,
        validate=_rule(phone_problem),
        error_messages=REQUIRED_ERRORS,
        metadata={
            "description": "a mobile (1[3-9] + 9 digits) or a landline "
            "with its area code (spaces and brackets between "
            "the digits are also taken)",
            "pattern": _whole(MOBILE, LANDLINE),
        },
    )
    qq = _Text(
        load_default="",
        validate=_rule(qq_problem, optional=True),
        metadata={
            "description": "5 to 11 digits, or empty",
            "pattern": _whole(QQ, optional=True),
        },
    )
    note = _Text(load_default="", validate=validate.Length(max=200))


class RosterSchema(Schema):
    leader = fields.Nested(RosterPersonSchema, required=True, error_messages=REQUIRED_ERRORS)
    staff = fields.Nested(RosterPersonSchema, required=True, error_messages=REQUIRED_ERRORS)


class RosterQuerySchema(Schema):
    org_code = Text(load_default=None, validate=validate.Length(min=1, max=40))
