"""The org tree's rules: who may create whom (docs/design.md, the org tree), and who may rename,
move or close an org. Pure functions, no database."""

import pytest

from contracts.vocabulary.accounts import INSTITUTION_CODE
from services.accounts.domain import rules, tree
from shared.caller import Caller
from shared.errors import Conflict, Forbidden, ValidationError

pytestmark = pytest.mark.unit

PROVINCE = ["province"]
SCHOOL = ["province", "S1"]
UNIT = ["province", "S1", "U1"]
SUB_UNIT = ["province", "S1", "U1", "U1a"]
SIBLING = ["province", "S1", "U2"]
OTHER_SCHOOL_UNIT = ["province", "S2", "V1"]


def caller(role, path):
    return Caller(f"acc-{role}-{path[-1]}", f"{role}-{path[-1]}", role, path[-1], tuple(path))


PROVINCE_ADMIN = caller("system_admin", PROVINCE)
SCHOOL_ADMIN = caller("system_admin", SCHOOL)
UNIT_ADMIN = caller("system_admin", UNIT)
SCHOOL_MANAGER = caller("info_manager", SCHOOL)
UNIT_MANAGER = caller("info_manager", UNIT)
UNIT_QUERY = caller("info_query", UNIT)


def field_of(excinfo) -> set:
    return set(excinfo.value.fields)


# levels ---------------------------------------------------------------------
def test_the_level_of_an_org_follows_its_depth():
    assert [tree.level_of(p) for p in (PROVINCE, SCHOOL, UNIT, SUB_UNIT)] == [
        "province",
        "school",
        "unit",
        "unit",
    ]


# creating orgs --------------------------------------------------------------
def test_the_province_admin_creates_schools_below_the_province():
    rules.check_new_org(PROVINCE_ADMIN, "province", PROVINCE, "school")


def test_the_province_admin_does_not_create_units_inside_a_school():
    with pytest.raises(Forbidden):
        rules.check_new_org(PROVINCE_ADMIN, "school", SCHOOL, "unit")


def test_a_school_admin_creates_units_at_any_depth_below_its_school():
    rules.check_new_org(SCHOOL_ADMIN, "school", SCHOOL, "unit")
    rules.check_new_org(SCHOOL_ADMIN, "unit", SUB_UNIT, "unit")


def test_a_unit_admin_creates_sub_units_in_its_subtree():
    rules.check_new_org(UNIT_ADMIN, "unit", UNIT, "unit")
    rules.check_new_org(UNIT_ADMIN, "unit", SUB_UNIT, "unit")


def test_a_unit_admin_cannot_create_an_org_beside_or_above_its_unit():
    for parent_level, parent in (("unit", SIBLING), ("school", SCHOOL)):
        with pytest.raises(Forbidden):
            rules.check_new_org(UNIT_ADMIN, parent_level, parent, "unit")


def test_only_a_system_admin_creates_orgs():
    with pytest.raises(Forbidden):
        rules.check_new_org(SCHOOL_MANAGER, "school", SCHOOL, "unit")


def test_a_school_under_a_school_or_a_unit_under_the_province_names_the_level():
    with pytest.raises(ValidationError) as school_in_school:
        rules.check_new_org(SCHOOL_ADMIN, "school", SCHOOL, "school")
    with pytest.raises(ValidationError) as unit_in_province:
        rules.check_new_org(PROVINCE_ADMIN, "province", PROVINCE, "unit")
    assert field_of(school_in_school) == field_of(unit_in_province) == {"level"}


def test_a_closed_unit_takes_no_child_units():
    with pytest.raises(Conflict) as excinfo:
        rules.check_new_org(SCHOOL_ADMIN, "unit", UNIT, "unit", parent_closed=True)
    assert field_of(excinfo) == {"parent_code"}


# creating staff accounts ----------------------------------------------------
def test_the_province_admin_creates_accounts_at_the_province_and_at_schools():
    rules.check_new_staff_account(PROVINCE_ADMIN, PROVINCE, "system_admin")
    rules.check_new_staff_account(PROVINCE_ADMIN, SCHOOL, "system_admin")


def test_the_province_admin_does_not_create_accounts_inside_units():
    with pytest.raises(Forbidden):
        rules.check_new_staff_account(PROVINCE_ADMIN, UNIT, "info_manager")


def test_a_school_admin_creates_accounts_at_its_school_and_its_units():
    for path in (SCHOOL, UNIT, SUB_UNIT):
        rules.check_new_staff_account(SCHOOL_ADMIN, path, "info_manager")


def test_a_unit_admin_creates_accounts_in_its_subtree_only():
    rules.check_new_staff_account(UNIT_ADMIN, UNIT, "info_query")
    rules.check_new_staff_account(UNIT_ADMIN, SUB_UNIT, "system_admin")
    for path in (SCHOOL, SIBLING, PROVINCE):
        with pytest.raises(Forbidden):
            rules.check_new_staff_account(UNIT_ADMIN, path, "info_manager")


def test_nobody_creates_an_account_in_another_school():
    with pytest.raises(Forbidden):
        rules.check_new_staff_account(SCHOOL_ADMIN, OTHER_SCHOOL_UNIT, "info_manager")


def test_managers_and_query_accounts_create_no_staff_accounts():
    for who in (SCHOOL_MANAGER, UNIT_MANAGER, UNIT_QUERY):
        with pytest.raises(Forbidden):
            rules.check_new_staff_account(who, UNIT, "info_query")


def test_a_staff_account_cannot_have_the_teacher_role():
    with pytest.raises(ValidationError) as excinfo:
        rules.check_new_staff_account(SCHOOL_ADMIN, UNIT, "teacher")
    assert field_of(excinfo) == {"role"}


def test_a_closed_unit_takes_no_new_accounts():
    with pytest.raises(Conflict) as excinfo:
        rules.check_new_staff_account(SCHOOL_ADMIN, UNIT, "info_manager", closed=True)
    assert field_of(excinfo) == {"org_code"}


# generating teacher accounts ------------------------------------------------
def test_a_unit_manager_or_admin_generates_teachers_of_its_unit_and_below():
    for who in (UNIT_MANAGER, UNIT_ADMIN):
        rules.check_new_teacher(who, "unit", UNIT)
        rules.check_new_teacher(who, "unit", SUB_UNIT)


def test_the_school_generates_teachers_of_the_school_and_its_units():
    for who in (SCHOOL_MANAGER, SCHOOL_ADMIN):
        rules.check_new_teacher(who, "school", SCHOOL)
        rules.check_new_teacher(who, "unit", UNIT)


def test_the_province_does_not_generate_teacher_accounts():
    with pytest.raises(Forbidden):
        rules.check_new_teacher(PROVINCE_ADMIN, "unit", UNIT)


def test_a_unit_manager_cannot_generate_teachers_beside_or_above_its_unit():
    for level, path in (("unit", SIBLING), ("school", SCHOOL)):
        with pytest.raises(Forbidden):
            rules.check_new_teacher(UNIT_MANAGER, level, path)


def test_a_query_account_generates_no_teachers():
    with pytest.raises(Forbidden):
        rules.check_new_teacher(UNIT_QUERY, "unit", UNIT)


def test_a_closed_unit_takes_no_new_teachers():
    with pytest.raises(Conflict) as excinfo:
        rules.check_new_teacher(UNIT_MANAGER, "unit", UNIT, closed=True)
    assert field_of(excinfo) == {"unit_code"}


# renaming -------------------------------------------------------------------
def test_an_org_is_renamed_by_a_system_admin_covering_its_parent():
    tree.check_rename(SCHOOL_ADMIN, "unit", UNIT, None)
    tree.check_rename(PROVINCE_ADMIN, "school", SCHOOL, "4146010589")


def test_a_unit_admin_cannot_rename_its_own_unit_or_its_school():
    for level, path in (("unit", UNIT), ("school", SCHOOL)):
        with pytest.raises(Forbidden):
            tree.check_rename(UNIT_ADMIN, level, path, None)


def test_the_root_is_not_renamed_here():
    with pytest.raises(Forbidden):
        tree.check_rename(PROVINCE_ADMIN, "province", PROVINCE, None)


def test_only_a_school_carries_an_institution_code():
    with pytest.raises(ValidationError) as excinfo:
        tree.check_rename(SCHOOL_ADMIN, "unit", UNIT, "4146010589")
    assert field_of(excinfo) == {"institution_code"}


def test_an_institution_code_is_ten_digits():
    assert INSTITUTION_CODE.match("4146010589")
    for bad in ("414601058", "41460105891", "414601058x", "4146010589\n", "４１４６０１０５８９"):
        assert not INSTITUTION_CODE.match(bad), bad


# moving ---------------------------------------------------------------------
def move(who, org_path, parent_path, parent_level="unit", closed=False, parent_closed=False):
    return tree.check_move(who, "unit", org_path, closed, parent_level, parent_path, parent_closed)


def test_a_unit_moves_below_another_parent_of_its_school_and_gets_the_new_path():
    assert move(SCHOOL_ADMIN, SUB_UNIT, SIBLING) == ["province", "S1", "U2", "U1a"]
    assert move(SCHOOL_ADMIN, SUB_UNIT, SCHOOL, "school") == ["province", "S1", "U1a"]


def test_a_unit_never_moves_into_its_own_subtree():
    deeper = [*SUB_UNIT, "U1a-x"]
    for target in (SUB_UNIT, deeper):
        with pytest.raises(ValidationError) as excinfo:
            move(SCHOOL_ADMIN, UNIT, target)
        assert field_of(excinfo) == {"parent_code"}


def test_a_unit_does_not_move_to_another_school_or_below_the_province():
    with pytest.raises(ValidationError) as other_school:
        move(PROVINCE_ADMIN, UNIT, OTHER_SCHOOL_UNIT)
    with pytest.raises(ValidationError) as province:
        move(PROVINCE_ADMIN, UNIT, PROVINCE, "province")
    assert field_of(other_school) == field_of(province) == {"parent_code"}


def test_schools_and_the_province_do_not_move():
    with pytest.raises(ValidationError) as excinfo:
        tree.check_move(
            PROVINCE_ADMIN, "school", SCHOOL, False, "school", ["province", "S2"], False
        )
    assert field_of(excinfo) == {"code"}


def test_moving_needs_scope_over_both_the_old_and_the_new_parent():
    unit_u2_admin = caller("system_admin", SIBLING)
    with pytest.raises(Forbidden):
        move(UNIT_ADMIN, SUB_UNIT, SIBLING)  # covers the old parent only
    with pytest.raises(Forbidden):
        move(unit_u2_admin, SUB_UNIT, SIBLING)  # covers the new parent only
    with pytest.raises(Forbidden):
        move(SCHOOL_MANAGER, SUB_UNIT, SIBLING)  # not a system admin


def test_a_closed_unit_does_not_move_and_nothing_moves_into_a_closed_unit():
    with pytest.raises(Conflict):
        move(SCHOOL_ADMIN, SUB_UNIT, SIBLING, closed=True)
    with pytest.raises(Conflict) as excinfo:
        move(SCHOOL_ADMIN, SUB_UNIT, SIBLING, parent_closed=True)
    assert field_of(excinfo) == {"parent_code"}


def test_moving_a_unit_to_its_own_parent_is_refused():
    with pytest.raises(ValidationError):
        move(SCHOOL_ADMIN, SUB_UNIT, UNIT)


# closing --------------------------------------------------------------------
def test_a_unit_is_closed_by_a_system_admin_covering_its_parent():
    tree.check_close(SCHOOL_ADMIN, "unit", UNIT, False, [])
    tree.check_close(UNIT_ADMIN, "unit", SUB_UNIT, False, [])
    with pytest.raises(Forbidden):
        tree.check_close(UNIT_ADMIN, "unit", UNIT, False, [])


def test_a_unit_with_open_child_units_is_not_closed():
    with pytest.raises(Conflict) as excinfo:
        tree.check_close(SCHOOL_ADMIN, "unit", UNIT, False, ["U1a"])
    assert "U1a" in excinfo.value.fields["code"][0]


def test_a_closed_unit_is_not_closed_again_and_a_school_is_not_closed_here():
    with pytest.raises(Conflict):
        tree.check_close(SCHOOL_ADMIN, "unit", UNIT, True, [])
    with pytest.raises(ValidationError):
        tree.check_close(PROVINCE_ADMIN, "school", SCHOOL, False, [])
