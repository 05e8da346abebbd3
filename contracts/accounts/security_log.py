"""Input of the security log listing of accounts (安全日志)."""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from marshmallow import ValidationError, fields, validate

from contracts.paging import PageSchema
from contracts.vocabulary.accounts import SECURITY_KINDS
from shared.schema_text import Text


class UtcTime(fields.Field):
    """An ISO 8601 date or time (no zone: UTC), loaded as the UTC text the log stores."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> str:
        try:
            moment = datetime.fromisoformat(str(value).strip())
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return moment.astimezone(UTC).isoformat(timespec="microseconds")
        except (ValueError, OverflowError):  # not a time, or none in UTC (0001-01-01+08:00)
            raise ValidationError(
                "ISO 8601 date or time, e.g. 2026-03-01 or 2026-03-01T08:00:00+08:00"
            ) from None


class SecurityLogQuerySchema(PageSchema):
    org_code = Text(load_default=None, validate=validate.Length(min=1, max=40))
    kind = fields.String(load_default=None, validate=validate.OneOf(SECURITY_KINDS))
    since = UtcTime(load_default=None)
