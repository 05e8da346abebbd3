"""`Text`: a marshmallow string field held to the one text rule (`shared.text`).

Every input schema's free-text field is a `Text`, so a service checks what it is
given again whoever calls it, with the same rule and messages as the gateway.
"""

from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError, fields

from shared import text
from shared.errors import REQUIRED

# a schema field's `error_messages` for a required field left out
REQUIRED_ERRORS = {"required": REQUIRED}


class Text(fields.String):
    """A string without lone surrogates, control or bidi characters; one line unless
    `multiline=True` (then tab and line breaks are allowed). `strip=True` loads it
    without surrounding whitespace."""

    def __init__(
        self, *args: Any, multiline: bool = False, strip: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.multiline = multiline
        self.strip = strip

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> str:
        loaded: str = super()._deserialize(value, attr, data, **kwargs)
        problem = text.problem(loaded, multiline=self.multiline)
        if problem:
            raise ValidationError(problem)
        return loaded.strip() if self.strip else loaded
