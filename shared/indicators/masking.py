"""Personal data as each role sees it: one rule for every service that shows teacher
information (records' views and teacher list, audit's review tasks and change
requests, accounts' workgroup rosters). docs/personal-data.md explains the choice.

- A teacher (its own record), an info manager and a system admin (in scope) see every
  field as entered: they enter, review and correct it.
- A query account (信息查询员, `info_query`) sees every field a set flags `personal`
  masked, and the masks are chosen together, so that what one answer shows side by
  side does not give the ID number back:
  - 身份证件号: the first 2 characters, the rest `*` (`46****************`,
    `shared.idnumbers.mask_id_number`);
  - 出生日期 and any other personal date: the year and month (`1985-03-**`);
  - phone numbers (手机号码, 办公电话, a roster's phone and QQ): the first 3 and the last 4
    digits (`138****5678`);
  - other text (电子邮箱, 通讯地址): the first 3 and the last 4 characters;
  - amounts and other numbers: `***`; a list of codes: `***` for each.
  Gender, name and the non-personal fields stay readable: queries and statistics
  need them.
"""

import re
from typing import Any

from shared import idnumbers
from shared.indicators.fielddefs import FieldDef
from shared.indicators.sets import SETS

MASKED_NUMBER = "***"
MASKED_ROLES = frozenset({"info_query"})
_DATE = re.compile(r"^(\d{4}-\d{2})-\d{2}$")


def masked_for(caller: object) -> bool:
    """Does this caller see personal data masked?"""
    return getattr(caller, "role", None) in MASKED_ROLES


def mask_date(value: str) -> str:
    """`1985-03-15` → `1985-03-**`; anything that is not a date, all `*`."""
    found = _DATE.match(value.strip())
    return f"{found.group(1)}-**" if found else "*" * len(value)


def mask_phone(value: str) -> str:
    """Digits hidden in the middle: 138****5678, 089*-****9000; short values keep less."""
    text = (value or "").strip()
    head, tail = (3, 4) if len(text) >= 11 else (1, 2)
    if len(text) <= head + tail:
        return "*" * len(text)
    middle = "".join("*" if c.isdigit() else c for c in text[head:-tail])
    return text[:head] + middle + text[-tail:]


def mask_text(value: str) -> str:
    """The first 3 and the last 4 characters; shorter values keep less."""
    text = (value or "").strip()
    if len(text) >= 10:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    if len(text) >= 4:
        return text[0] + "*" * (len(text) - 2) + text[-1]
    return "*" * len(text)


# text fields with a mask of their own; other personal text gets `mask_text`
_TEXT_MASKS = {
    "id_number": idnumbers.mask_id_number,
    "mobile": mask_phone,
    "office_phone": mask_phone,
}


def mask_value(field_def: FieldDef, value: object) -> object:
    if value is None or value == "" or value == []:
        return value
    if field_def.type in ("decimal", "integer"):
        return MASKED_NUMBER
    if isinstance(value, list):
        return [MASKED_NUMBER for _ in value]
    if field_def.type == "date":
        return mask_date(str(value))
    return _TEXT_MASKS.get(field_def.name, mask_text)(str(value))


def masked_fields(set_name: str | None, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields of an entry of `set_name` with its personal fields masked."""
    set_def = SETS.get(set_name) if set_name is not None else None
    if set_def is None:
        return dict(fields)
    personal = set(set_def.personal_fields)
    return {
        name: mask_value(set_def.field(name), value) if name in personal else value
        for name, value in fields.items()
    }
