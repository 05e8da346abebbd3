"""The org tree's own rules (pure): levels by depth, closed orgs, and who may
rename, move or close an org.

Province → schools → units, any depth of units below a school. An org's path
runs from the root down to the org itself, so its depth gives its level.
Rename, move and close are for a system admin whose scope covers the org's
parent (for a move: the old and the new parent).
"""

from collections.abc import Iterable
from typing import Any

from shared.caller import Caller
from shared.errors import Conflict, Forbidden, ValidationError


def level_of(path: Iterable[str]) -> str:
    """province (the root), school (just below it) or unit (anything deeper)."""
    depth = len(tuple(path))
    return "province" if depth <= 1 else "school" if depth == 2 else "unit"


def check_open(closed: bool, field: str, code: str) -> None:
    """A closed org takes no new accounts, teachers or child units."""
    if closed:
        raise Conflict(
            f"org {code} is closed and takes nothing new",
            {field: ["已撤销，不再接收新账号、教师或下级单位 (closed)"]},
        )


def check_can_change(caller: Caller, org_path: list[str]) -> None:
    if len(org_path) < 2:
        raise Forbidden("the root org is not renamed, moved or closed here")
    if caller.role != "system_admin" or not caller.covers(org_path[:-1]):
        raise Forbidden("only a system admin whose scope covers the org's parent may change it")


def check_rename(
    caller: Caller, level: str, org_path: list[str], institution_code: str | None
) -> None:
    check_can_change(caller, org_path)
    if institution_code is not None and level != "school":
        raise ValidationError(
            "only a school carries an institution code",
            {"institution_code": ["只有学校有机构代码 (schools only)"]},
        )


def check_move(
    caller: Caller,
    level: str,
    org_path: list[str],
    closed: bool,
    parent_level: str,
    parent_path: list[str],
    parent_closed: bool,
) -> list[Any]:
    """The moved unit's new path, or the reason it cannot move there."""
    check_can_change(caller, org_path)
    if not caller.covers(parent_path):
        raise Forbidden(
            "only a system admin whose scope covers the new parent may move an org there"
        )
    if level != "unit":
        raise ValidationError("only a unit moves", {"code": ["只有单位可以调整隶属 (units only)"]})
    code, parent_code = org_path[-1], parent_path[-1]
    if parent_level not in ("school", "unit"):
        raise ValidationError(
            "a unit moves below a school or a unit",
            {"parent_code": ["必须是学校或单位 (a school or a unit)"]},
        )
    if tuple(parent_path[:2]) != tuple(org_path[:2]):
        raise ValidationError(
            "a unit moves within its own school",
            {"parent_code": ["必须在同一学校内 (within the same school)"]},
        )
    if code in parent_path:
        raise ValidationError(
            "a unit cannot move into its own subtree",
            {"parent_code": ["不能移到自身或其下级单位 (inside its own subtree)"]},
        )
    if parent_code == org_path[-2]:
        raise ValidationError(
            "the unit is already there", {"parent_code": ["已是其上级 (already the parent)"]}
        )
    if closed:
        raise Conflict(f"org {code} is closed", {"code": ["已撤销 (closed)"]})
    check_open(parent_closed, "parent_code", parent_code)
    return [*list(parent_path), code]


def check_close(
    caller: Caller, level: str, org_path: list[str], closed: bool, open_children: list[Any]
) -> None:
    check_can_change(caller, org_path)
    if level != "unit":
        raise ValidationError("only a unit closes", {"code": ["只有单位可以撤销 (units only)"]})
    if closed:
        raise Conflict(f"org {org_path[-1]} is already closed", {"code": ["已撤销 (closed)"]})
    if open_children:
        raise Conflict(
            "close its child units first",
            {
                "code": [
                    f"仍有未撤销的下级单位 (open child units: {', '.join(sorted(open_children))})"
                ]
            },
        )
