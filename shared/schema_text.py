"""`Text`: a marshmallow string field held to the one text rule (`shared.text`).

Every input schema's free-text field is a `Text`, so a service checks what it is
given again whoever calls it, with the same rule and messages as the gateway.
"""

from marshmallow import ValidationError, fields

from shared import text


class Text(fields.String):
    """A string without lone surrogates, control or bidi characters; one line unless
    `multiline=True` (then tab and line breaks are allowed). `strip=True` loads it
    without surrounding whitespace."""

    def __init__(self, *args, multiline: bool = False, strip: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.multiline = multiline
        self.strip = strip

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        problem = text.problem(value, multiline=self.multiline)
        if problem:
            raise ValidationError(problem)
        return value.strip() if self.strip else value
