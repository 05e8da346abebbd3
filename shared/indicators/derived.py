"""Derived fields (计算项): values computed from other entries, never entered.

Pure functions over plain field dicts (the `fields` of entries). The caller
chooses which entries count (e.g. only effective ones, or drafts too).

- 最高学历, 最高学位层次 ← 学习经历 (`highest_education`), ranked by the order of
  the 学历 and 学位层次 tables (highest first);
- 现任岗位类别/等级 ← 岗位聘任 (`current_post`);
- 现任专业技术职务 ← 专业技术职务聘任 (`current_title`);
- 出生日期 ← 身份证件号 digits 7–14 (`birth_date_from_id`).

`derived_basic_fields` gathers the ones 基本信息 shows, under its field names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from shared.idnumbers import RESIDENT_FORMAT_TYPES, IdNumberError, parse_resident_id
from shared.indicators.codetables import CODE_TABLES


def _ranked_best(values: Iterable[Any], table_name: str) -> str | None:
    table = CODE_TABLES[table_name]
    known = [v for v in values if isinstance(v, str) and v in table]
    return min(known, key=table.rank) if known else None


def highest_education(education_entries: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """{highest_education_level, highest_degree_level} of the 学习经历 entries;
    None where no entry names one. 学位层次 0 无 counts only when no entry has a
    degree."""
    entries = list(education_entries)
    return {
        "highest_education_level": _ranked_best(
            (e.get("education_level") for e in entries), "education_level"
        ),
        "highest_degree_level": _ranked_best(
            (e.get("degree_level") for e in entries), "degree_level"
        ),
    }


def _month(today: date | str | None) -> str:
    if today is None:
        today = date.today()
    return today[:7] if isinstance(today, str) else today.strftime("%Y-%m")


def _latest_started(
    entries: Iterable[Mapping[str, Any]], month: str, *, need: str
) -> Mapping[str, Any] | None:
    """The entry with the latest start_month on or before `month` (a later entry wins
    a tie), among those that name `need`."""
    best = None
    for entry in entries:
        start = entry.get("start_month")
        if (
            entry.get(need)
            and start
            and start <= month
            and (best is None or start >= best["start_month"])
        ):
            best = entry
    return best


def current_post(
    post_appointments: Iterable[Mapping[str, Any]], today: date | str | None = None
) -> dict[str, Any]:
    """{post_category, post_level} of the latest 岗位聘任 started on or before today."""
    latest = _latest_started(post_appointments, _month(today), need="post_category")
    return {
        "post_category": latest.get("post_category") if latest else None,
        "post_level": latest.get("post_level") if latest else None,
    }


def current_title(
    title_appointments: Iterable[Mapping[str, Any]], today: date | str | None = None
) -> dict[str, Any]:
    """{title} of the latest 专业技术职务聘任 started on or before today and not ended
    before this month; "0" (无) when the only entries say 无; None when there are none."""
    month = _month(today)
    entries = list(title_appointments)
    running = [e for e in entries if not e.get("end_month") or e["end_month"] >= month]
    latest = _latest_started([e for e in running if e.get("title") != "0"], month, need="title")
    if latest is not None:
        return {"title": latest["title"]}
    if any(e.get("title") == "0" for e in entries):
        return {"title": "0"}
    return {"title": None}


def birth_date_from_id(
    id_type: str | None, id_number: str | None, today: date | None = None
) -> str | None:
    """出生日期 (YYYY-MM-DD) read from digits 7–14 of an 18-character resident ID
    (type 1, or C 港澳台居民居住证); None for other documents or a number that
    does not pass GB 11643. A missing type counts as 1 (the default)."""
    if not id_number or (id_type or "1") not in RESIDENT_FORMAT_TYPES:
        return None
    try:
        return parse_resident_id(id_number, today=today).birth_date.isoformat()
    except IdNumberError:
        return None


def derived_basic_fields(
    entries_by_set: Mapping[str, Iterable[Mapping[str, Any]]], today: date | str | None = None
) -> dict[str, Any]:
    """The derived fields of 基本信息, by its field names, from the entries (field
    dicts) of 学习经历, 岗位聘任 and 专业技术职务聘任."""
    education = highest_education(entries_by_set.get("education", ()))
    post = current_post(entries_by_set.get("post_appointment", ()), today)
    title = current_title(entries_by_set.get("title_appointment", ()), today)
    return {
        **education,
        "current_post_category": post["post_category"],
        "current_post_level": post["post_level"],
        "current_title": title["title"],
    }


# the functions `Derived.function` may name
FUNCTIONS = {
    "highest_education": highest_education,
    "current_post": current_post,
    "current_title": current_title,
    "birth_date_from_id": birth_date_from_id,
}
