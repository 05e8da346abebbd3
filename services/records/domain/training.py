"""培训学分（学时）: a school's yearly training requirement, pure.

Without one, the requirement is the `TRAINING_REQUIRED_HOURS` setting (default
72 学时, no credit requirement). A school's info manager (or one above it) may
record the school's own for a year; the latest recording wins.
"""

from datetime import date as Date
from decimal import Decimal, InvalidOperation
from typing import Any

from services.records.domain.events import TrainingRequirementSet
from shared.caller import Caller
from shared.errors import Forbidden, NotFound, ValidationError

DEFAULT_REQUIRED_HOURS = 72
SETTER_ROLES = ("info_manager",)


def set_requirement(
    caller: Caller,
    org: dict[str, Any] | None,
    year: int,
    hours: int,
    credits: object,
    today: Date,
) -> TrainingRequirementSet:
    """`org`: `{code, level, path, closed}` as the org tree knows it (None: unknown)."""
    if org is None or not (caller.covers(org["path"]) or org["code"] in caller.org_path):
        raise NotFound("no such org", {"code": ["没有这个机构 (no such org)"]})
    if caller.role not in SETTER_ROLES or not caller.covers(org["path"]):
        raise Forbidden(
            "a training requirement is set by an info manager of the school "
            "or above (由学校信息管理员设置)"
        )
    if org["level"] != "school":
        raise ValidationError(
            "a training requirement is set per school", {"code": ["应为学校 (must be a school)"]}
        )
    if not 1950 <= year <= today.year + 1:
        raise ValidationError(
            "year out of range",
            {"year": [f"应在 1950 与 {today.year + 1} 之间 (between 1950 and next year)"]},
        )
    if isinstance(hours, bool) or not isinstance(hours, int) or hours < 0:
        raise ValidationError(
            "hours must be a whole number",
            {"hours": ["应为非负整数 (a whole number, not negative)"]},
        )
    return TrainingRequirementSet(
        school_code=org["code"], year=year, hours=hours, credits=_credits(credits)
    )


def _credits(value: object) -> str | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise ValidationError(
            "credits must be a number", {"credits": ["应为非负数 (a number, not negative)"]}
        )
    return str(number)
