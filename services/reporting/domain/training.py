"""培训学分（学时）: totals and the yearly requirement, pure.

- Only effective (approved) training entries count; their 学时 and 学分 add up per
  teacher and year, then per unit and for the whole org.
- The requirement of a year is the school's own when one was recorded
  (TrainingRequirementSet), else the `TRAINING_REQUIRED_HOURS` setting (default
  72 学时, no credit requirement).
- A teacher is below the requirement when the year's hours are fewer than the
  required hours, or, where credits are required too, the credits are fewer.
- Past years are read as the teachers stood on 31 December (unit, in service);
  the current year as they stand today.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date as Date
from typing import Any

DEFAULT_REQUIRED_HOURS = 72


@dataclass(frozen=True)
class Requirement:
    hours: int
    credits: float | None = None
    source: str = "setting"  # "school" when the school recorded its own

    def as_dict(self) -> dict[str, Any]:
        return {"hours": self.hours, "credits": self.credits, "source": self.source}


def requirement_for(
    school_code: str | None,
    year: int,
    recorded: Mapping[tuple[str | None, int], tuple[int, float | None]],
    default_hours: int = DEFAULT_REQUIRED_HOURS,
) -> Requirement:
    """`recorded`: `{(school_code, year): (hours, credits)}`."""
    own = recorded.get((school_code, year))
    if own is None:
        return Requirement(default_hours)
    return Requirement(own[0], own[1], "school")


def is_below(hours: int, credits: float, requirement: Requirement) -> bool:
    if hours < requirement.hours:
        return True
    return requirement.credits is not None and credits < requirement.credits


def reference_day(year: int, today: Date) -> str:
    """The day a year's summary reads units and statuses on (YYYY-MM-DD)."""
    return f"{year:04d}-12-31" if year < today.year else today.isoformat()


def round_credits(value: float | str | None) -> float:
    return round(float(value or 0), 2)


def summarize(
    teachers: list[dict[str, Any]],
    units: list[tuple[str, str]],
    requirement_of: Callable[[dict[str, Any]], Requirement],
) -> dict[str, Any]:
    """Per unit and overall totals, and who is below the requirement.

    `teachers`: dicts `{teacher_id, teacher_no, name, unit_code, hours, credits}`;
    `units`: `[(unit_code, unit_name)]`, the rows in order (a teacher's unit missing
    there gets a row of its own); `requirement_of(teacher) -> Requirement`."""
    rows: dict[str, dict[str, Any]] = {
        code: {
            "unit_code": code,
            "unit_name": name,
            "teachers": 0,
            "hours": 0,
            "credits": 0.0,
            "below_requirement": 0,
        }
        for code, name in units
    }
    below = []
    for t in teachers:
        row = rows.setdefault(
            t["unit_code"],
            {
                "unit_code": t["unit_code"],
                "unit_name": None,
                "teachers": 0,
                "hours": 0,
                "credits": 0.0,
                "below_requirement": 0,
            },
        )
        hours, credits = int(t["hours"] or 0), round_credits(t["credits"])
        row["teachers"] += 1
        row["hours"] += hours
        row["credits"] += credits
        required = requirement_of(t)
        if is_below(hours, credits, required):
            row["below_requirement"] += 1
            below.append(
                {
                    **t,
                    "hours": hours,
                    "credits": credits,
                    "required_hours": required.hours,
                    "required_credits": required.credits,
                }
            )
    for row in rows.values():
        row["credits"] = round_credits(row["credits"])
    totals: dict[str, float] = {
        name: sum(r[name] for r in rows.values())
        for name in ("teachers", "hours", "below_requirement")
    }
    totals["credits"] = round_credits(sum(r["credits"] for r in rows.values()))
    return {"rows": list(rows.values()), "totals": totals, "below": below}
