"""The business modules' rules without a broker or a database: teacher changes
(教师变动), the current rotation (交流轮岗), training totals and the requirement."""

from datetime import date
from types import SimpleNamespace

import pytest

from services.records.domain import record as domain
from services.records.domain import rotation, staff_changes, training
from services.reporting.domain import training as totals
from shared.caller import Caller
from shared.errors import Conflict, Forbidden, NotFound, ValidationError
from tests.support.entries import generated_teacher

pytestmark = pytest.mark.unit

TODAY = date(2026, 11, 28)
U1, U2 = ["province", "S1", "S1-U1"], ["province", "S1", "S1-U2"]
SCHOOL = Caller("acc-s", "s1", "info_manager", "S1", ("province", "S1"))
UNIT_MANAGER = Caller("acc-m", "m1", "info_manager", "S1-U1", tuple(U1))
SCHOOL_ADMIN = Caller("acc-a", "a1", "system_admin", "S1", ("province", "S1"))
OPEN_U2 = {"code": "S1-U2", "level": "unit", "path": U2, "closed": False}


def new_record():
    opened = domain.open_record(
        generated_teacher("x", U1),
        "basic-1",
        "1985-03-14",
    )
    return domain.fold("t1", [envelope(opened, 1)])


def envelope(event, version, actor=SCHOOL):
    return {
        "type": event.type_name(),
        "data": event.to_data(),
        "version": version,
        "metadata": {"actor": actor.actor()},
        "occurred_at": "2026-11-01T00:00:00+00:00",
    }


def change(record, caller=SCHOOL, unit_path=U1, target=None, **request):
    """Decide a change and fold it into the record; returns the event."""
    event = staff_changes.decide_change(
        record,
        caller,
        request,
        staff_change_id="c",
        today=TODAY,
        unit_path=unit_path,
        target=target,
    )
    domain.apply(record, event.type_name(), event.to_data(), caller.actor(), "2026-11-02")
    return event


# which change codes fit which kinds ---------------------------------------------------
@pytest.mark.parametrize(
    "kind,code",
    [("join", c) for c in ("111", "112", "114", "122", "123", "131")]
    + [
        ("transfer", "132"),
        ("leave", "212"),
        ("leave", "215"),
        ("retire", "215"),
        ("death", "215"),
    ],
)
def test_each_statistical_code_fits_its_kind(kind, code):
    assert staff_changes.check_code(kind, code, "31" if code in ("122", "123") else "11") == code


@pytest.mark.parametrize(
    "kind,code",
    [
        ("join", "132"),
        ("join", "212"),
        ("transfer", "111"),
        ("leave", "132"),
        ("retire", "212"),
        ("death", "111"),
    ],
)
def test_a_code_of_another_kind_is_refused_naming_change_code(kind, code):
    with pytest.raises(ValidationError) as error:
        staff_changes.check_code(kind, code, "11")
    assert "change_code" in error.value.fields


def test_kinds_with_one_code_take_it_by_default_and_join_and_leave_need_one():
    assert [staff_changes.check_code(k, None) for k in ("transfer", "retire", "death")] == [
        "132",
        "215",
        "215",
    ]
    for kind in ("join", "leave"):
        with pytest.raises(ValidationError):
            staff_changes.check_code(kind, None)


def test_a_graduate_code_needs_a_graduate_staff_source():
    assert staff_changes.check_code("join", "111", "13") == "111"
    with pytest.raises(ValidationError) as error:
        staff_changes.check_code("join", "111", "31")
    assert "staff_source" in error.value.fields
    with pytest.raises(ValidationError):
        staff_changes.check_code("join", "131", "77")  # not in the code table


# status after each change -----------------------------------------------------------
@pytest.mark.parametrize(
    "kind,status,code",
    [("leave", "left", "212"), ("retire", "retired", None), ("death", "deceased", None)],
)
def test_leaving_retiring_and_death_set_the_status_with_the_date(kind, status, code):
    record = new_record()
    event = change(record, kind=kind, date="2026-10-31", change_code=code)
    assert (record.status, record.status_date) == (status, "2026-10-31")
    assert event.unit_code == "S1-U1" and record.entries  # nothing is deleted


def test_a_retired_teacher_cannot_retire_or_transfer_again_but_may_die():
    record = new_record()
    change(record, kind="retire", date="2026-10-01")
    for request in (
        {"kind": "retire", "date": "2026-10-02"},
        {"kind": "transfer", "date": "2026-10-02", "to_unit_code": "S1-U2"},
    ):
        with pytest.raises(Conflict):
            change(record, target=OPEN_U2, **request)
    change(record, kind="death", date="2026-11-01")
    assert record.status == "deceased"


def test_a_leaver_may_join_again_and_is_active_but_joins_once_while_active():
    record = new_record()
    change(record, kind="join", date="2026-01-05", change_code="111", staff_source="11")
    with pytest.raises(Conflict):
        change(record, kind="join", date="2026-02-01", change_code="111", staff_source="11")
    change(record, kind="leave", date="2026-03-01", change_code="215")
    change(record, kind="join", date="2026-06-01", change_code="122", staff_source="31")
    assert record.status == "active"
    assert [c["kind"] for c in record.staff_changes] == ["join", "leave", "join"]


def test_join_needs_a_staff_source_and_other_kinds_take_none():
    with pytest.raises(ValidationError) as error:
        change(new_record(), kind="join", date="2026-01-05", change_code="111")
    assert "staff_source" in error.value.fields
    with pytest.raises(ValidationError) as error:
        change(new_record(), kind="retire", date="2026-01-05", staff_source="11")
    assert "staff_source" in error.value.fields


# dates -------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["2026-13-01", "2026-1-5", "yesterday", "2026-11-29"])
def test_a_change_date_must_be_a_real_day_not_in_the_future(bad):
    with pytest.raises(ValidationError) as error:
        change(new_record(), kind="retire", date=bad)
    assert "date" in error.value.fields


def test_a_change_may_not_be_dated_before_the_latest_change():
    record = new_record()
    change(record, kind="transfer", date="2026-09-01", to_unit_code="S1-U2", target=OPEN_U2)
    with pytest.raises(ValidationError) as error:
        change(record, unit_path=U2, kind="retire", date="2026-08-31")
    assert "date" in error.value.fields


# transfers ---------------------------------------------------------------------------
def test_a_transfer_moves_the_record_to_the_new_unit_and_keeps_the_old_one_named():
    record = new_record()
    event = change(record, kind="transfer", date="2026-11-01", to_unit_code="S1-U2", target=OPEN_U2)
    assert (event.from_unit_code, event.to_unit_code, event.change_code) == (
        "S1-U1",
        "S1-U2",
        "132",
    )
    assert (record.unit_code, record.unit_path, record.status) == ("S1-U2", U2, "active")


@pytest.mark.parametrize(
    "target,error_type",
    [
        (None, NotFound),
        ({**OPEN_U2, "closed": True}, Conflict),
        (
            {
                "code": "S2-U1",
                "level": "unit",
                "path": ["province", "S2", "S2-U1"],
                "closed": False,
            },
            NotFound,
        ),  # another school: outside the school manager's scope
        (
            {"code": "S1", "level": "school", "path": ["province", "S1"], "closed": False},
            ValidationError,
        ),
        ({"code": "S1-U1", "level": "unit", "path": U1, "closed": False}, ValidationError),
    ],
)
def test_a_transfer_goes_to_an_open_unit_of_the_same_school_only(target, error_type):
    with pytest.raises(error_type):
        change(
            new_record(),
            kind="transfer",
            date="2026-11-01",
            to_unit_code=(target or {}).get("code", "nope"),
            target=target,
        )


def test_a_transfer_to_another_school_is_refused_even_for_the_province():
    province = Caller("acc-p", "p1", "info_manager", "province", ("province",))
    other = {"code": "S2-U1", "level": "unit", "path": ["province", "S2", "S2-U1"], "closed": False}
    with pytest.raises(ValidationError) as error:
        change(
            new_record(),
            caller=province,
            kind="transfer",
            date="2026-11-01",
            to_unit_code="S2-U1",
            target=other,
        )
    assert "to_unit_code" in error.value.fields


def test_a_unit_manager_cannot_transfer_to_a_sibling_unit_nor_a_system_admin_record_changes():
    with pytest.raises(NotFound):
        change(
            new_record(),
            caller=UNIT_MANAGER,
            kind="transfer",
            date="2026-11-01",
            to_unit_code="S1-U2",
            target=OPEN_U2,
        )
    change(new_record(), caller=UNIT_MANAGER, kind="retire", date="2026-11-01")  # its own unit
    with pytest.raises(Forbidden):
        change(new_record(), caller=SCHOOL_ADMIN, kind="retire", date="2026-11-01")


# the current rotation and 人员状态 -----------------------------------------------------
def entry(state="approved", **fields):
    return SimpleNamespace(
        entry_id="r1",
        state=state,
        fields={"rotation_kind": "2", "start_month": "2026-09", **fields},
    )


@pytest.mark.parametrize(
    "fields,current",
    [
        ({}, True),
        ({"end_month": "2026-11"}, True),
        ({"end_month": "2026-10"}, False),
        ({"start_month": "2026-12"}, False),
        ({"rotation_kind": "0"}, False),
    ],
)
def test_a_rotation_is_current_from_its_start_until_its_end_month(fields, current):
    assert rotation.is_current(entry(**fields).fields, "2026-11") is current


def test_only_an_effective_rotation_shows_as_personnel_status_06():
    assert rotation.current_rotation([entry(state="submitted")], "2026-11") is None
    current = rotation.current_rotation([entry(state="draft"), entry()], "2026-11")
    assert rotation.personnel_status("01", current) == ("06", True)
    assert rotation.personnel_status("01", None) == ("01", False)


# training: the requirement and the totals ----------------------------------------------
def test_a_school_info_manager_sets_the_schools_yearly_requirement():
    school = {"code": "S1", "level": "school", "path": ["province", "S1"], "closed": False}
    event = training.set_requirement(SCHOOL, school, 2026, 60, "4.5", TODAY)
    assert (event.school_code, event.year, event.hours, event.credits) == ("S1", 2026, 60, "4.5")
    with pytest.raises(Forbidden):  # its own ancestor, known to it
        training.set_requirement(UNIT_MANAGER, school, 2026, 60, None, TODAY)
    with pytest.raises(ValidationError):
        training.set_requirement(SCHOOL, {**school, "level": "unit"}, 2026, 60, None, TODAY)
    with pytest.raises(ValidationError):
        training.set_requirement(SCHOOL, school, 2026, 60, "-1", TODAY)


def test_the_requirement_is_the_schools_own_else_the_setting():
    recorded = {("S1", 2026): (60, 4.0)}
    assert totals.requirement_for("S1", 2026, recorded, 72).as_dict() == {
        "hours": 60,
        "credits": 4.0,
        "source": "school",
    }
    assert totals.requirement_for("S1", 2025, recorded, 72).as_dict() == {
        "hours": 72,
        "credits": None,
        "source": "setting",
    }


def test_a_teacher_is_below_on_too_few_hours_or_where_required_too_few_credits():
    required = totals.Requirement(72, 4.0)
    assert totals.is_below(71, 9, required) and totals.is_below(80, 3.5, required)
    assert not totals.is_below(72, 4.0, required)
    assert not totals.is_below(72, 0, totals.Requirement(72))


def test_totals_add_up_per_unit_and_overall_and_name_who_is_below():
    teachers = [
        {"teacher_id": "a", "unit_code": "U1", "hours": 80, "credits": 2.5},
        {"teacher_id": "b", "unit_code": "U1", "hours": None, "credits": None},
        {"teacher_id": "c", "unit_code": "U2", "hours": 72, "credits": 1.25},
    ]
    summary = totals.summarize(
        teachers, [("U1", "一"), ("U2", "二"), ("U3", "三")], lambda t: totals.Requirement(72)
    )
    rows = {r["unit_code"]: r for r in summary["rows"]}
    assert (rows["U1"]["teachers"], rows["U1"]["hours"], rows["U1"]["credits"]) == (2, 80, 2.5)
    assert rows["U1"]["below_requirement"] == 1 and rows["U3"]["teachers"] == 0
    assert summary["totals"] == {
        "teachers": 3,
        "hours": 152,
        "credits": 3.75,
        "below_requirement": 1,
    }
    assert [(b["teacher_id"], b["hours"], b["required_hours"]) for b in summary["below"]] == [
        ("b", 0, 72)
    ]


def test_past_years_are_read_at_year_end_and_the_current_year_today():
    assert totals.reference_day(2025, TODAY) == "2025-12-31"
    assert totals.reference_day(2026, TODAY) == "2026-11-28"


def test_a_retired_teachers_record_takes_no_new_information():
    from services.records.domain import record as domain
    from shared.caller import Caller
    from shared.errors import Conflict

    path = ["province", "S1", "S1-U1"]
    retired = domain.Record(
        "t9", unit_code="S1-U1", unit_path=path, status="retired", status_date="2026-01-31"
    )
    manager = Caller("m", "m", "info_manager", "S1-U1", tuple(path))
    with pytest.raises(Conflict) as error:
        domain.fill(retired, manager, "contact", None, {"email": "a@b.cn"}, new_entry_id="e1")
    assert "status" in error.value.fields
    with pytest.raises(Conflict):
        domain.submit(retired, manager, "sub-9")
