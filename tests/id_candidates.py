"""The reader's side of masking: how many 18-character resident ID numbers (GB 11643-1999)
agree with everything a reader sees of one teacher.

A number is 6 region digits, 8 birth-date digits (YYYYMMDD), 3 sequence digits (odd for a
man, even for a woman) and a check character (ISO 7064 MOD 11-2 over the first 17). The
counter takes the positions a masked number shows, the birth date as shown (a whole date,
`YYYY-MM-**`, `YYYY-MM` or `YYYY`), the gender code, and, for the worst case, a 6-digit
region the reader knows from elsewhere (籍贯, 出生地, where the unit is). Every hidden
position is enumerated against those: the calendar (1900-01-01 to today), the gender's
parity and the check character. Region digits are any digits that fit, since no list of
region codes is at hand; the `region` case is the bound that does not depend on it.

The count is exact, not sampled: the check character depends only on the weighted digit sum
mod 11, so each part contributes a histogram of residues and the parts are convolved.

The arithmetic is written out here from the standard, not taken from shared/idnumbers.py,
so the masking is tested against an independent reading.
"""

from collections import Counter
from datetime import date, timedelta

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"  # the check character for weighted sum % 11 = 0, 1, 2, ...
DIGITS = "0123456789"
HIDDEN = "*"


def _fits(shown: str, value: str) -> bool:
    return all(s in (HIDDEN, v) for s, v in zip(shown, value, strict=False))


def _residue(digits: str, first: int) -> int:
    return (
        sum(int(d) * w for d, w in zip(digits, WEIGHTS[first : first + len(digits)], strict=False))
        % 11
    )


def _convolve(a: Counter, b: Counter) -> Counter:
    out = Counter()
    for ra, na in a.items():
        for rb, nb in b.items():
            out[(ra + rb) % 11] += na * nb
    return out


def _region_residues(shown: str, region: str | None) -> Counter:
    hist = Counter({0: 1})
    for i in range(6):
        allowed = DIGITS if shown[i] == HIDDEN else shown[i]
        if region is not None:
            allowed = [d for d in allowed if d == region[i]]
        hist = _convolve(hist, Counter((int(d) * WEIGHTS[i]) % 11 for d in allowed))
    return hist


def _birth_bounds(birth: str | None, today: date) -> tuple[date, date]:
    """The span of days a shown birth date leaves."""
    first, last = date(1900, 1, 1), today
    if not birth:
        return first, last
    parts = birth.split("-")
    year = int(parts[0])
    if len(parts) == 1 or HIDDEN in parts[1]:
        return max(first, date(year, 1, 1)), min(last, date(year, 12, 31))
    month = int(parts[1])
    if len(parts) == 3 and HIDDEN not in parts[2]:
        day = date(year, month, int(parts[2]))
        return day, day
    end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return max(first, date(year, month, 1)), min(last, end)


def _date_residues(shown: str, birth: str | None, today: date) -> Counter:
    hist, (day, last) = Counter(), _birth_bounds(birth, today)
    while day <= last:
        digits = day.strftime("%Y%m%d")
        if _fits(shown[6:14], digits):
            hist[_residue(digits, 6)] += 1
        day += timedelta(days=1)
    return hist


def _sequence_residues(shown: str, gender: str | None) -> Counter:
    hist = Counter()
    for n in range(1000):
        if (gender == "1" and n % 2 == 0) or (gender == "2" and n % 2 == 1):
            continue
        digits = f"{n:03d}"
        if _fits(shown[14:17], digits):
            hist[_residue(digits, 14)] += 1
    return hist


def candidates(
    shown: str,
    *,
    birth: str | None = None,
    gender: str | None = None,
    region: str | None = None,
    today: date | None = None,
) -> int:
    """How many valid resident ID numbers agree with all of it."""
    if len(shown) != 18:
        raise ValueError(f"a resident ID number shows 18 characters, not {shown!r}")
    today = today or date.today()
    total = _convolve(
        _convolve(_region_residues(shown, region), _date_residues(shown, birth, today)),
        _sequence_residues(shown, gender),
    )
    if shown[17] == HIDDEN:
        return sum(total.values())
    return sum(n for r, n in total.items() if CHECK[r] == shown[17])


# what one reader sees of one teacher, gathered from answers -------------------------------
def merge_numbers(numbers) -> str:
    """One number from several masked views of it: a position any view shows is known."""
    numbers = list(numbers)
    if not numbers or len({len(n) for n in numbers}) != 1:
        raise ValueError(f"views of one number differ in length: {numbers}")
    return "".join(
        next((c for c in chars if c != HIDDEN), HIDDEN) for chars in zip(*numbers, strict=False)
    )


def most_precise(births) -> str | None:
    """The birth date that tells most: a whole date before a year-month before a year."""

    def told(value):
        parts = value.split("-")
        return len([p for p in parts if HIDDEN not in p])

    births = [b for b in births if b]
    return max(births, key=told) if births else None


def seen(*answers) -> dict:
    """Every `id_number`, `birth_date` and `gender` anywhere in the answers, combined:
    `{"id_number", "birth_date", "gender"}`."""
    found = {"id_number": [], "birth_date": [], "gender": []}

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in found and isinstance(item, str):
                    found[key].append(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for answer in answers:
        walk(answer)
    genders = set(found["gender"])
    if len(genders) > 1:
        raise ValueError(f"one teacher, two genders: {genders}")
    return {
        "id_number": merge_numbers(found["id_number"]),
        "birth_date": most_precise(found["birth_date"]),
        "gender": genders.pop() if genders else None,
    }


def candidates_seen(*answers, region: str | None = None, today: date | None = None) -> int:
    view = seen(*answers)
    return candidates(
        view["id_number"],
        birth=view["birth_date"],
        gender=view["gender"],
        region=region,
        today=today,
    )
