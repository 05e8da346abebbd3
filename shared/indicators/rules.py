"""The cross-field rules of each set that are not plain metadata.

A rule is `rule(cleaned, errors, today)`: it reads the cleaned fields of one
entry, may add messages to `errors` (a defaultdict(list) by field name) and
may clear fields. `today` is a date. `RULES` lists them per set, in the order
they run (after the metadata checks of `validation.py`: types, read-only and
derived fields, clears, groups, exclusive codes, cascades, bounds).
Messages are Chinese with English in parentheses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from shared.idnumbers import (
    RESIDENT_FORMAT_TYPES,
    IdNumberError,
    parse_resident_id,
    validate_id_document,
)
from shared.indicators.derived import birth_date_from_id

Cleaned = dict[str, Any]  # an entry's cleaned fields, by name
Errors = dict[str, list[str]]  # a defaultdict(list): messages by field name
Rule = Callable[[Cleaned, Errors, date], None]

PAY_YEAR_NOT_OVER = "未满一年请下年度填报"


def clear(cleaned: Cleaned, errors: Errors, names: Iterable[str]) -> None:
    """Empty the fields `names` (those present) and forget their errors."""
    for name in names:
        if name in cleaned:
            cleaned[name] = None
        errors.pop(name, None)


# -- rule factories ---------------------------------------------------------------


def after(start: str, end: str, message: str) -> Rule:
    """`end` (a month or a date) must be later than `start`."""

    def rule(cleaned: Cleaned, errors: Errors, today: date) -> None:
        first, last = cleaned.get(start), cleaned.get(end)
        if first and last and last <= first and not errors.get(start):
            errors[end].append(message)

    rule.__name__ = f"{end}_after_{start}"
    return rule


def not_before(start: str, end: str, message: str) -> Rule:
    """`end` must not be earlier than `start`."""

    def rule(cleaned: Cleaned, errors: Errors, today: date) -> None:
        first, last = cleaned.get(start), cleaned.get(end)
        if first and last and last < first and not errors.get(start):
            errors[end].append(message)

    rule.__name__ = f"{end}_not_before_{start}"
    return rule


def not_after_today(name: str, label: str) -> Rule:
    """A date, month or year that cannot lie in the future."""

    def rule(cleaned: Cleaned, errors: Errors, today: date) -> None:
        value = cleaned.get(name)
        if value is None:
            return
        if isinstance(value, int):
            late = value > today.year
        else:
            late = value > today.isoformat()[: len(value)]
        if late:
            errors[name].append(f"{label}不能晚于今天 (must not be in the future)")

    rule.__name__ = f"{name}_not_after_today"
    return rule


def differ(name: str, other: str, message: str) -> Rule:
    """`name` must not equal `other` (text compared without surrounding or inner blanks)."""

    def rule(cleaned: Cleaned, errors: Errors, today: date) -> None:
        a, b = cleaned.get(name), cleaned.get(other)
        if a is not None and b is not None and _plain(a) == _plain(b):
            errors[name].append(message)

    rule.__name__ = f"{name}_differs_from_{other}"
    return rule


def _plain(value: object) -> object:
    return "".join(value.split()) if isinstance(value, str) else value


# -- 基本信息 -------------------------------------------------------------------------


def id_document(cleaned: Cleaned, errors: Errors, today: date) -> None:
    """身份证件号 passes its document type's check and agrees with gender and birth date."""
    number, id_type = cleaned.get("id_number"), cleaned.get("id_type", "1")
    if number is None or id_type is None or "id_type" in errors:
        return
    birth = cleaned.get("birth_date")
    try:
        cleaned["id_number"] = validate_id_document(
            id_type,
            number,
            birth_month=birth[:7] if birth else None,
            gender=cleaned.get("gender"),
            today=today,
        )
        if (
            birth
            and id_type in RESIDENT_FORMAT_TYPES
            and parse_resident_id(number, today=today).birth_date.isoformat() != birth
        ):
            raise IdNumberError(
                f"出生日期 {birth} 与证件号不一致 (birth date {birth} disagrees with the number)"
            )
    except IdNumberError as error:
        errors["id_number"].append(error.message)


def birth_date_from_the_id(cleaned: Cleaned, errors: Errors, today: date) -> None:
    """出生日期 left empty is read from the ID number (digits 7–14)."""
    if (
        cleaned.get("birth_date") is None
        and cleaned.get("id_number")
        and not errors.get("id_number")
        and not errors.get("birth_date")
    ):
        derived = birth_date_from_id(cleaned.get("id_type", "1"), cleaned["id_number"], today)
        if derived:
            cleaned["birth_date"] = derived


def party_membership(cleaned: Cleaned, errors: Errors, today: date) -> None:
    """中共党员 and 中共预备党员 exclude each other (12/13 stand alone: `exclusive`)."""
    codes = cleaned.get("political_status") or []
    if {"01", "02"} <= set(codes):
        errors["political_status"].append(
            "中共党员与中共预备党员不能同时选择 (01 and 02 exclude each other)"
        )


def contract_follows_establishment(cleaned: Cleaned, errors: Errors, today: date) -> None:
    """签订合同情况 follows 是否在编: 在编 → 1 聘用合同, otherwise 2 劳动合同."""
    on, contract = cleaned.get("on_establishment"), cleaned.get("contract")
    if on is None or contract is None:
        return
    expected = "1" if on == "1" else "2"
    if contract != expected:
        errors["contract"].append(
            "在编人员应为 1 聘用合同 (on the establishment: 1)"
            if on == "1"
            else "不在编人员应为 2 劳动合同 (not on the establishment: 2)"
        )


def work_dates(cleaned: Cleaned, errors: Errors, today: date) -> None:
    """参加工作年月 after the birth date; 进本校年月 not before 参加工作年月."""
    birth, work = cleaned.get("birth_date"), cleaned.get("work_start_month")
    school = cleaned.get("school_join_month")
    if birth and work and work <= birth[:7]:
        errors["work_start_month"].append(
            "参加工作年月应晚于出生日期 (must be after the birth date)"
        )
    if work and school and school < work:
        errors["school_join_month"].append(
            "进本校年月不能早于参加工作年月 (must not be before the month work started)"
        )


# -- 岗位聘任 -------------------------------------------------------------------------


def concurrent_post(cleaned: Cleaned, errors: Errors, today: date) -> None:
    """兼任岗位 needs 是否兼任其他岗位 = 是, and its category differs from 岗位类别."""
    given = [
        n
        for n in ("concurrent_post_category", "concurrent_post_level")
        if cleaned.get(n) is not None
    ]
    if given and cleaned.get("is_concurrent") is None and "is_concurrent" not in errors:
        for name in given:
            errors[name].append("请先选择是否兼任其他岗位为「是」 (set is_concurrent to 1 first)")
    category, concurrent = cleaned.get("post_category"), cleaned.get("concurrent_post_category")
    if category is not None and concurrent == category:
        errors["concurrent_post_category"].append(
            "兼任岗位类别不能与岗位类别相同 (must differ from post_category)"
        )


# -- 基本待遇 -------------------------------------------------------------------------


def pay_year(cleaned: Cleaned, errors: Errors, today: date) -> None:
    """基本待遇 is reported for a finished year: the current year is refused."""
    year = cleaned.get("year")
    if year is None:
        return
    if year == today.year:
        errors["year"].append(f"{PAY_YEAR_NOT_OVER} (the current year is not over)")
    elif year > today.year:
        errors["year"].append("年度不能晚于今年 (a future year)")


# -- 海外研修(访学) ---------------------------------------------------------------------


def outside_china(cleaned: Cleaned, errors: Errors, today: date) -> None:
    """海外研修's 国家(地区) is not 156 中国."""
    if cleaned.get("country") == "156":
        errors["country"].append("海外研修的国家(地区)不能是中国(156) (must be outside China)")


RULES = {
    "basic_info": (
        id_document,
        birth_date_from_the_id,
        party_membership,
        contract_follows_establishment,
        work_dates,
    ),
    "education": (
        after("start_month", "end_month", "毕业年月应晚于入学年月 (must be after the start month)"),
        not_before(
            "start_month",
            "degree_month",
            "学位授予年月不能早于入学年月 (must not be before the start month)",
        ),
    ),
    "work_history": (
        after(
            "start_month",
            "end_month",
            "任职结束年月应晚于任职开始年月 (must be after the start month)",
        ),
    ),
    "post_appointment": (concurrent_post,),
    "title_appointment": (
        after(
            "start_month",
            "end_month",
            "聘任结束年月应晚于聘任开始年月 (must be after the start month)",
        ),
    ),
    "pay": (pay_year,),
    "assessment": (not_after_today("year", "考核年度"),),
    "qualification": (not_after_today("issue_date", "颁发日期"),),
    "ethics": (
        not_after_today("assessment_month", "师德考核时间"),
        not_after_today("honour_date", "荣誉日期"),
        not_after_today("occurrence_date", "发生日期"),
        not_after_today("punishment_date", "处分日期"),
        not_after_today("revoke_date", "处分撤销日期"),
        not_before(
            "occurrence_date",
            "punishment_date",
            "处分日期不能早于发生日期 (must not be before the occurrence)",
        ),
        not_before(
            "punishment_date",
            "revoke_date",
            "撤销日期不能早于处分日期 (must not be before the punishment)",
        ),
    ),
    "achievements": (
        after(
            "project_start_month",
            "project_end_month",
            "项目结束年月应晚于项目开始年月 (must be after the start month)",
        ),
    ),
    "talent_programs": (not_after_today("year", "入选年份"),),
    "training": (not_after_today("year", "培训年度"),),
    "overseas_study": (
        after("start_date", "end_date", "结束日期应晚于开始日期 (must be after the start date)"),
        outside_china,
    ),
    "skills": (not_after_today("certificate_month", "发证年月"),),
    "rotation": (
        after("start_month", "end_month", "结束年月应晚于开始年月 (must be after the start month)"),
        differ(
            "target_unit",
            "origin_unit",
            "交流轮岗单位不能与原单位相同 (must differ from the origin unit)",
        ),
    ),
}
