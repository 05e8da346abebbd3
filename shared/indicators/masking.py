"""Personal data masked for query accounts (信息查询员): every field a set flags
`personal` — text like the ID number (`460***********1234`), amounts and other
numbers as "***". One rule for every service that shows entries."""
from shared import idnumbers
from shared.indicators.sets import SETS

MASKED_NUMBER = "***"


def mask_value(field_def, value):
    if value is None or value == "" or value == []:
        return value
    if field_def.type in ("decimal", "integer"):
        return MASKED_NUMBER
    if isinstance(value, list):
        return [MASKED_NUMBER for _ in value]
    return idnumbers.mask_id_number(str(value))


def masked_fields(set_name: str | None, fields: dict) -> dict:
    """The fields of an entry of `set_name` with its personal fields masked."""
    set_def = SETS.get(set_name)
    if set_def is None:
        return dict(fields)
    personal = set(set_def.personal_fields)
    return {name: mask_value(set_def.field(name), value) if name in personal else value
            for name, value in fields.items()}
