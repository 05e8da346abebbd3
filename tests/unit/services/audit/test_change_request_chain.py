"""The change-request approval chain: the teacher's school approves first, then the
province; who decides at each step, what a decision needs, and the states (pure)."""

import pytest

from services.audit.domain import change_request as chain
from shared.caller import Caller
from shared.errors import Conflict, Forbidden, NotFound, ValidationError

UNIT = ["province", "S1", "S1-U1"]
FILER = Caller("acc-m", "m1", "info_manager", "S1-U1", tuple(UNIT))
UNIT_MANAGER = Caller("acc-m2", "m2", "info_manager", "S1-U1", tuple(UNIT))
SCHOOL = Caller("acc-s", "s1", "info_manager", "S1", ("province", "S1"))
SCHOOL_FILER = Caller("acc-s2", "s2", "info_manager", "S1", ("province", "S1"))
OTHER_SCHOOL = Caller("acc-x", "x1", "info_manager", "S2", ("province", "S2"))
SCHOOL_ADMIN = Caller("acc-a", "a1", "system_admin", "S1", ("province", "S1"))
PROVINCE = Caller("acc-p", "p1", "info_manager", "province", ("province",))
REQUESTED = {
    "type": "ChangeRequested",
    "occurred_at": "2026-11-28T00:00:00+00:00",
    "metadata": {"actor": FILER.actor()},
    "data": {
        "teacher_id": "t1",
        "change_id": "c1",
        "set": "education",
        "entry_id": "e1",
        "unit_code": "S1-U1",
        "unit_path": UNIT,
        "name": "张三",
        "fields": {"end_month": "2006-06"},
        "previous": {"end_month": "2006-07"},
        "changed": ["end_month"],
        "reason": "毕业证书日期有误",
        "evidence": [],
    },
}


class Chain:
    def __init__(self, filer=FILER):
        opened = chain.open_for({**REQUESTED, "metadata": {"actor": filer.actor()}})
        self.envelopes = []
        self.add(opened, filer)

    def add(self, event, caller):
        self.envelopes.append(
            {
                "type": event.type_name(),
                "data": event.to_data(),
                "metadata": {"actor": caller.actor()},
                "occurred_at": "2026-11-29T00:00:00+00:00",
                "version": len(self.envelopes) + 1,
            }
        )
        return event

    @property
    def request(self):
        return chain.fold(self.envelopes)

    def decide(self, caller, decision="approve", reason=None):
        return self.add(chain.decide(self.request, caller, decision, reason), caller)


def test_a_filed_request_waits_for_the_teachers_school():
    request = Chain().request
    assert (request.state, request.change_id, request.filed_by["username"]) == ("filed", "c1", "m1")


def test_the_school_approves_then_the_province_and_the_approval_names_everyone():
    steps = Chain()
    steps.decide(SCHOOL)
    assert steps.request.state == "school_approved"
    approved = steps.decide(PROVINCE, reason="同意")
    assert steps.request.state == "province_approved"
    assert approved.filed_by["username"] == "m1"
    assert approved.school_approved_by["username"] == "s1"
    assert approved.province_approved_by["username"] == "p1"
    assert [d["level"] for d in steps.request.decisions] == ["school", "province"]


def test_a_unit_manager_cannot_approve_at_school_level():
    with pytest.raises(Forbidden):
        Chain().decide(UNIT_MANAGER)


def test_a_system_admin_sees_the_request_but_does_not_decide_it():
    chain.check_can_see(SCHOOL_ADMIN, Chain().request)
    with pytest.raises(Forbidden):
        Chain().decide(SCHOOL_ADMIN)


def test_another_school_does_not_see_the_request():
    with pytest.raises(NotFound):
        Chain().decide(OTHER_SCHOOL)


def test_the_province_decides_only_after_the_school():
    with pytest.raises(Conflict):
        Chain().decide(PROVINCE)


def test_a_decided_step_is_not_decided_again():
    steps = Chain()
    steps.decide(SCHOOL)
    with pytest.raises(Conflict):
        steps.decide(SCHOOL_FILER, "reject", "再议")
    steps.decide(PROVINCE)
    with pytest.raises(Conflict):
        steps.decide(PROVINCE, "reject", "再议")


def test_nobody_decides_a_request_they_filed():
    with pytest.raises(Forbidden):
        Chain(filer=SCHOOL_FILER).decide(SCHOOL_FILER)
    Chain(filer=SCHOOL_FILER).decide(SCHOOL)


@pytest.mark.parametrize("level", ["school", "province"])
def test_a_rejection_at_either_level_needs_a_reason(level):
    steps = Chain()
    if level == "province":
        steps.decide(SCHOOL)
    decider = SCHOOL if level == "school" else PROVINCE
    with pytest.raises(ValidationError) as error:
        steps.decide(decider, "reject", "  ")
    assert "reason" in error.value.fields
    rejected = steps.decide(decider, "reject", " 证据不足 ")
    assert (rejected.level, rejected.reason) == (level, "证据不足")
    assert steps.request.state == "rejected"


def test_a_rejected_request_is_closed_to_every_step():
    steps = Chain()
    steps.decide(SCHOOL, "reject", "证据不足")
    for decider in (SCHOOL_FILER, PROVINCE):
        with pytest.raises(Conflict):
            steps.decide(decider)


def test_records_outcome_closes_the_request_once():
    steps = Chain()
    steps.decide(SCHOOL)
    steps.decide(PROVINCE)
    closed = chain.close(
        steps.request, {"type": "ChangeNotApplied", "data": {"reason": "条目在申请后已被修改"}}
    )
    assert (closed.outcome, closed.reason) == ("not_applied", "条目在申请后已被修改")
    steps.add(closed, PROVINCE)
    assert steps.request.outcome == "not_applied"
    assert chain.close(steps.request, {"type": "EntryChanged", "data": {}}) is None
