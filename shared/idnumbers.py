"""Identity document numbers (身份证件号): validation, parsing, masking.

Pure Python, no I/O. Document type codes are the 身份证件类型 codes of the
national indicator system (see `shared.indicators.codetables.ID_TYPE`):

- "1" 居民身份证: GB 11643-1999, 18 characters, check character ISO 7064
  MOD 11-2; birth date and gender are read from the number.
- "C" 港澳台居民居住证: a local extension of the code list (the national
  list has no code for it; "C" is the next free letter after "B" 户口簿).
  Same 18-character format and check as "1", with region 810000 (香港),
  820000 (澳门) or 830000 (台湾). A "1" number with such a region is refused
  with a hint to choose "C".
- "6" / "7" 港澳居民来往内地通行证: H (Hong Kong) or M (Macau) + 8 digits,
  optionally followed by the 2-digit renewal count.
- "8" 台湾居民来往大陆通行证: 8 digits (card since 2015), or 10 digits.
- "A" 护照: 5 to 17 letters and digits.
- The other national codes (2 军官证 … 5 部队离退休证, 9, B, Z): 1 to 30
  visible characters, no format check.
Any other code is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

RESIDENT_ID = "1"
OFFICER_ID = "2"
SOLDIER_ID = "3"
CIVILIAN_CADRE_ID = "4"
ARMY_RETIREE_ID = "5"
HONG_KONG_PERMIT = "6"
MACAU_PERMIT = "7"
TAIWAN_PERMIT = "8"
FOREIGN_PERMANENT_RESIDENCE = "9"
PASSPORT = "A"
HOUSEHOLD_REGISTER = "B"
HMT_RESIDENCE_PERMIT = "C"  # local extension, see the module docstring
OTHER = "Z"

# Types whose number is an 18-character GB 11643 number.
RESIDENT_FORMAT_TYPES = frozenset({RESIDENT_ID, HMT_RESIDENCE_PERMIT})
HMT_REGIONS = frozenset({"810000", "820000", "830000"})

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_MAP = "10X98765432"
# GB/T 2260 province-level prefixes (71 台湾 has no issued numbers, 81-83 are
# used by the residence permits only).
_PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "81",
        "82",
        "83",
    ]
)
_RESIDENT_RE = re.compile(r"^\d{17}[\dX]$")
_LOOSE_TYPES = frozenset(
    {
        OFFICER_ID,
        SOLDIER_ID,
        CIVILIAN_CADRE_ID,
        ARMY_RETIREE_ID,
        FOREIGN_PERMANENT_RESIDENCE,
        HOUSEHOLD_REGISTER,
        OTHER,
    }
)
_PATTERNS = {
    HONG_KONG_PERMIT: (
        re.compile(r"^H\d{8}(\d{2})?$"),
        "应为 H 加 8 位数字(可再加 2 位换证次数) (expected H + 8 digits, optionally 2 more)",
    ),
    MACAU_PERMIT: (
        re.compile(r"^M\d{8}(\d{2})?$"),
        "应为 M 加 8 位数字(可再加 2 位换证次数) (expected M + 8 digits, optionally 2 more)",
    ),
    TAIWAN_PERMIT: (
        re.compile(r"^\d{8}(\d{2})?$"),
        "应为 8 位或 10 位数字 (expected 8 or 10 digits)",
    ),
    PASSPORT: (
        re.compile(r"^[A-Z0-9]{5,17}$"),
        "应为 5 至 17 位字母或数字 (expected 5 to 17 letters or digits)",
    ),
}


class IdNumberError(ValueError):
    """A document number that cannot be right. `message` is Chinese (English)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ResidentId:
    number: str  # normalized: 18 characters, upper-case X
    region: str  # 6-digit GB/T 2260 region code
    birth_date: date
    sequence: str  # 3 digits
    gender: str  # GB/T 2261.1: "1" male (odd sequence), "2" female

    @property
    def birth_month(self) -> str:
        return self.birth_date.strftime("%Y-%m")


def check_character(first17: str) -> str:
    """The 18th character of a GB 11643 number (ISO 7064 MOD 11-2)."""
    if len(first17) != 17 or not first17.isdigit() or not first17.isascii():
        raise IdNumberError("前 17 位应为数字 (the first 17 characters must be digits)")
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=False))
    return _CHECK_MAP[total % 11]


def _normalize(number: object) -> str:
    if not isinstance(number, str):
        raise IdNumberError("证件号码应为文本 (the number must be a string)")
    return number.strip().upper()


def parse_resident_id(number: str, *, today: date | None = None) -> ResidentId:
    """Parse and check an 18-character resident ID number."""
    value = _normalize(number)
    if len(value) == 15 and value.isdigit():
        raise IdNumberError(
            "15 位旧身份证号码不再受理,请填写 18 位号码 "
            "(15-digit numbers are obsolete; enter the 18-character number)"
        )
    if len(value) != 18:
        raise IdNumberError(
            f"长度应为 18 位,实际 {len(value)} 位 (must be 18 characters, got {len(value)})"
        )
    if not _RESIDENT_RE.match(value) or not value.isascii():
        raise IdNumberError(
            "前 17 位应为数字,最后一位为数字或 X (17 digits followed by a digit or X)"
        )
    region, digits, sequence = value[:6], value[6:14], value[14:17]
    if region[:2] not in _PROVINCES:
        raise IdNumberError(f"地区码 {region} 无效 (region code {region} does not exist)")
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise IdNumberError(
            f"出生日期 {digits} 不存在 (birth date {digits} is impossible)"
        ) from None
    if birth > (today or date.today()):
        raise IdNumberError(f"出生日期 {birth.isoformat()} 晚于今天 (birth date is in the future)")
    if birth.year < 1900:
        raise IdNumberError(f"出生日期 {birth.isoformat()} 早于 1900 年 (birth date before 1900)")
    if check_character(value[:17]) != value[17]:
        raise IdNumberError("校验码错误 (check character is wrong)")
    gender = "1" if int(sequence) % 2 else "2"
    return ResidentId(value, region, birth, sequence, gender)


def validate_id_document(
    id_type: str,
    number: str,
    *,
    birth_month: str | None = None,
    gender: str | None = None,
    today: date | None = None,
) -> str:
    """Check `number` as a document of `id_type`; return it normalized.

    For the 18-character types the birth year-month ("YYYY-MM") and gender
    ("1"/"2"), when given, must agree with the number.
    """
    value = _normalize(number)
    if not value:
        raise IdNumberError("证件号码不能为空 (the number is empty)")
    if id_type in RESIDENT_FORMAT_TYPES:
        parsed = parse_resident_id(value, today=today)
        in_hmt = parsed.region in HMT_REGIONS
        if id_type == RESIDENT_ID and parsed.region[:2] in {"81", "82", "83"}:
            raise IdNumberError(
                "港澳台居民居住证号码请选择证件类型 C "
                "(a Hong Kong/Macau/Taiwan residence permit number: use type C)"
            )
        if id_type == HMT_RESIDENCE_PERMIT and not in_hmt:
            raise IdNumberError(
                "港澳台居民居住证的地区码应为 810000、820000 或 830000 "
                "(residence permit region must be 810000, 820000 or 830000)"
            )
        problems = []
        if birth_month is not None and birth_month != parsed.birth_month:
            problems.append(
                f"出生年月 {birth_month} 与证件号中的 {parsed.birth_month} 不一致 "
                f"(birth month {birth_month} disagrees with {parsed.birth_month} in the number)"
            )
        if gender is not None and gender != parsed.gender:
            problems.append(
                f"性别代码 {gender} 与证件号中的 {parsed.gender} 不一致 "
                f"(gender {gender} disagrees with {parsed.gender} in the number)"
            )
        if problems:
            raise IdNumberError("; ".join(problems))
        return parsed.number
    if id_type in _PATTERNS:
        pattern, expected = _PATTERNS[id_type]
        if not pattern.match(value):
            raise IdNumberError(f"证件号码格式错误:{expected} (wrong format)")
        return value
    if id_type in _LOOSE_TYPES:
        if len(value) > 30 or not value.isprintable() or any(c.isspace() for c in value):
            raise IdNumberError("证件号码应为 1 至 30 个非空白字符 (1 to 30 non-blank characters)")
        return value
    raise IdNumberError(f"未知的证件类型 {id_type!r} (unknown document type)")


def mask_id_number(number: str) -> str:
    """A document number as a query account sees it: the first 2 characters (of a
    resident ID, the province), every other one `*`; under 8 characters, all `*`.

    Region, birth date, sequence and check character stay hidden. The check
    character is what made the old masking weak: beside the birth date and gender,
    `460***********101X` left 90 numbers that pass it. Shown with the birth
    year-month and the gender (shared.indicators.masking), a resident ID leaves at
    least 14,000 candidates even to whoever knows the 6-digit region
    (docs/personal-data.md)."""
    value = (number or "").strip()
    keep = 2 if len(value) >= 8 else 0
    return value[:keep] + "*" * (len(value) - keep)


def make_resident_id(region: str, birth: date, sequence: int) -> str:
    """Build a valid 18-character number (fixtures and tests)."""
    if not (len(region) == 6 and region.isdigit()) or not 0 <= sequence <= 999:
        raise ValueError("region must be 6 digits and sequence 0..999")
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)
