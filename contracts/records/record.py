"""Inputs of the records RPCs of the teacher record: the teacher list, reading a record
(`as_of`) and returning it (退回)."""

from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates

from contracts.paging import PageSchema
from shared.schema_text import Text

STATES = ("draft", "submitted", "approved", "rejected", "returned")
MAX_POSITION = 2**63 - 1  # event positions are 64-bit integers in the store


class ListTeachersSchema(PageSchema):
    unit_code = Text(load_default=None, allow_none=True)
    state = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STATES))
    # 教师变动: active (the default, the collection scope), left, retired, deceased or all
    status = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(("active", "left", "retired", "deceased", "all")),
    )


class AsOfSchema(Schema):
    as_of = Text(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(
            r"^([0-9]+|[0-9]{4}-[0-9]{2}-[0-9]{2}(T.*)?)\Z",
            error="an event position or a date YYYY-MM-DD",
        ),
    )

    @validates("as_of")
    def _in_range(self, value: str | None, **kwargs: Any) -> None:
        """A position the store can hold; a date or time that exists, also in UTC."""
        if not value:
            return
        if value.isdigit():
            if len(value.lstrip("0")) > 19 or int(value) > MAX_POSITION:
                raise ValidationError(
                    f"事件位置不能大于 {MAX_POSITION} (an event position is at most {MAX_POSITION})"
                )
            return
        try:
            moment = datetime.fromisoformat(value if "T" in value else f"{value}T00:00:00")
            if moment.tzinfo is not None:
                moment.astimezone(UTC)
        except (ValueError, OverflowError):
            raise ValidationError(
                "应为存在的日期或时间,换算为 UTC 后也须在范围内 (a real date or time, also in UTC)"
            ) from None


class ReturnSchema(Schema):
    """退回: why the submitted record goes back to its filler."""

    reason = Text(
        required=True,
        multiline=True,
        validate=validate.Length(min=1, max=2000),
        error_messages={"required": "退回需填写原因 (required)"},
    )
