"""The teacher record's rules, without a broker or a database."""

from datetime import date

import pytest

from services.records.domain import record as domain
from shared.caller import Caller
from shared.errors import Conflict, Forbidden, NotFound, ValidationError
from shared.idnumbers import make_resident_id
from tests.support.entries import COMPLETE_BASIC_INFO, generated_teacher

UNIT = ["province", "S1", "S1-U1"]
OTHER_UNIT = ["province", "S1", "S1-U2"]
ID = make_resident_id("460100", date(1985, 3, 14), 101)
TEACHER = Caller("acc-t", "T000000001", "teacher", "S1-U1", tuple(UNIT), teacher_id="t1")
MANAGER = Caller("acc-m", "m1", "info_manager", "S1-U1", tuple(UNIT))
OTHER_MANAGER = Caller("acc-m2", "m2", "info_manager", "S1-U2", tuple(OTHER_UNIT))
SCHOOL_MANAGER = Caller("acc-s", "s1", "info_manager", "S1", ("province", "S1"))
QUERY = Caller("acc-q", "q1", "info_query", "S1-U1", tuple(UNIT))
BASIC = COMPLETE_BASIC_INFO
EDUCATION = {
    "education_level": "21",
    "degree_level": "3",
    "study_mode": "1",
    "start_month": "2002-09",
    "end_month": "2006-07",
}


class History:
    """Builds a record the way the store would: events folded in order."""

    def __init__(self):
        self.envelopes = []
        opened = domain.open_record(
            generated_teacher(ID, UNIT),
            "basic-1",
            "1985-03-14",
        )
        self.add(opened, MANAGER)

    def add(self, event, caller):
        self.envelopes.append(
            {
                "type": event.type_name(),
                "data": event.to_data(),
                "metadata": {"actor": caller.actor()},
                "occurred_at": f"2026-11-{len(self.envelopes) + 1:02d}T00:00:00+00:00",
                "version": len(self.envelopes) + 1,
            }
        )
        return event

    @property
    def record(self):
        return domain.fold("t1", self.envelopes)

    def fill(self, caller, set_name, fields, entry_id=None, adding=False):
        return self.add(
            domain.fill(
                self.record,
                caller,
                set_name,
                entry_id,
                fields,
                new_entry_id=f"e{len(self.envelopes)}",
                adding=adding,
            ),
            caller,
        )

    def complete(self, caller=TEACHER):
        self.fill(caller, "basic_info", BASIC)
        return self.fill(caller, "education", EDUCATION, adding=True)


def test_a_new_record_holds_basic_info_prefilled_from_the_account():
    record = History().record
    [entry] = record.entries_of("basic_info")
    assert entry.fields["id_number"] == ID and entry.fields["birth_date"] == "1985-03-14"
    assert record.state == "draft"


def test_a_teacher_fills_its_own_record_and_changes_are_merged():
    history = History()
    history.fill(TEACHER, "basic_info", {"former_name": "张叁"})
    event = history.fill(TEACHER, "basic_info", {"native_place": "海南"})
    assert event.fields["former_name"] == "张叁" and event.fields["native_place"] == "海南"
    assert event.changed == ["native_place"]


def test_another_units_manager_does_not_see_the_record():
    with pytest.raises(NotFound):
        History().fill(OTHER_MANAGER, "basic_info", {"former_name": "x"})


def test_a_query_account_reads_but_cannot_fill():
    history = History()
    domain.check_can_read(QUERY, history.record)
    with pytest.raises(Forbidden):
        history.fill(QUERY, "basic_info", {"former_name": "x"})


def test_id_fields_set_by_the_account_cannot_be_changed_in_the_record():
    with pytest.raises(ValidationError) as error:
        History().fill(
            MANAGER, "basic_info", {"id_number": make_resident_id("460100", date(1985, 3, 14), 103)}
        )
    assert "id_number" in error.value.fields


def test_a_one_entry_set_is_put_and_a_many_entry_set_is_added_to():
    history = History()
    with pytest.raises(ValidationError):
        history.fill(TEACHER, "education", EDUCATION)
    with pytest.raises(ValidationError):
        history.fill(TEACHER, "basic_info", BASIC, adding=True)
    with pytest.raises(NotFound):
        history.fill(TEACHER, "no_such_set", {})


def test_submission_names_every_missing_required_field():
    with pytest.raises(ValidationError) as error:
        domain.submit(History().record, TEACHER, "sub-1")
    assert {"work_start_month", "staff_source", "education"} <= set(error.value.fields)


def test_a_submitted_entry_cannot_change_until_the_decision():
    history = History()
    history.complete()
    history.add(domain.submit(history.record, TEACHER, "sub-1"), TEACHER)
    assert history.record.state == "submitted"
    with pytest.raises(Conflict):
        history.fill(TEACHER, "basic_info", {"former_name": "x"})
    with pytest.raises(Conflict):
        domain.submit(history.record, TEACHER, "sub-2")


def test_approval_makes_entries_effective_and_they_change_only_by_change_request():
    history = History()
    education = history.complete()
    history.add(domain.submit(history.record, TEACHER, "sub-1"), TEACHER)
    decision = domain.decide(
        history.record, {"submission_id": "sub-1", "task_id": "task-1", "decision": "approve"}
    )
    history.add(decision, MANAGER)
    record = history.record
    assert record.state == "approved"
    assert all(e.state == "approved" for e in record.entries.values())
    assert record.entries[education.entry_id].reviewed_by["username"] == "m1"
    with pytest.raises(Conflict):
        history.fill(TEACHER, "education", {"major": "数学"}, entry_id=education.entry_id)
    # a new entry after the information is effective is fine, and goes through review
    history.fill(TEACHER, "education", EDUCATION, adding=True)
    assert history.record.state == "draft"
    submitted = domain.submit(history.record, TEACHER, "sub-2")
    assert len(submitted.changes) == 1


def test_a_rejection_carries_its_reason_and_the_entries_are_editable_again():
    history = History()
    education = history.complete()
    history.add(domain.submit(history.record, TEACHER, "sub-1"), TEACHER)
    history.add(
        domain.decide(
            history.record,
            {
                "submission_id": "sub-1",
                "task_id": "task-1",
                "decision": "reject",
                "reason": "学历有误",
            },
        ),
        MANAGER,
    )
    entry = history.record.entries[education.entry_id]
    assert entry.state == "rejected" and entry.reviewed_by["reason"] == "学历有误"
    history.fill(TEACHER, "education", {"major": "数学"}, entry_id=education.entry_id)
    assert history.record.entries[education.entry_id].state == "draft"


def test_a_decision_for_another_submission_or_seen_twice_changes_nothing():
    history = History()
    history.complete()
    history.add(domain.submit(history.record, TEACHER, "sub-1"), TEACHER)
    assert (
        domain.decide(
            history.record, {"submission_id": "other", "task_id": "t", "decision": "approve"}
        )
        is None
    )
    history.add(
        domain.decide(
            history.record, {"submission_id": "sub-1", "task_id": "t", "decision": "approve"}
        ),
        MANAGER,
    )
    assert (
        domain.decide(
            history.record, {"submission_id": "sub-1", "task_id": "t", "decision": "approve"}
        )
        is None
    )


def test_school_managers_fill_for_every_unit_of_the_school():
    history = History()
    history.fill(SCHOOL_MANAGER, "basic_info", {"former_name": "x"})
    assert history.record.entries_of("basic_info")[0].filled_by[-1]["username"] == "s1"


# review by level and return (退回) -------------------------------------------------------
ASSESSMENT = {"year": 2024, "result": "1"}


def submitted_with_assessment():
    """The teacher's own sets plus a unit manager's 年度考核 (a school-level set), submitted."""
    history = History()
    history.complete()
    assessment = history.fill(MANAGER, "assessment", ASSESSMENT, adding=True)
    submission = history.add(domain.submit(history.record, TEACHER, "sub-1"), TEACHER)
    unit_part = [c["entry_id"] for c in submission.changes if c["effective_by"] == "unit"]
    return history, submission, unit_part, assessment.entry_id


def decision(entry_ids, verdict="approve", reason=None, task="task-unit"):
    return {
        "submission_id": "sub-1",
        "task_id": task,
        "decision": verdict,
        "entry_ids": entry_ids,
        "reason": reason,
    }


def test_each_submitted_change_names_the_level_whose_review_makes_it_effective():
    _, submission, unit_part, assessment_id = submitted_with_assessment()
    levels = {c["set"]: c["effective_by"] for c in submission.changes}
    assert levels == {"basic_info": "unit", "education": "unit", "assessment": "school"}
    assert assessment_id not in unit_part


def test_the_unit_decision_applies_to_its_entries_and_the_record_waits_for_the_school():
    history, _, unit_part, assessment_id = submitted_with_assessment()
    approved = history.add(domain.decide(history.record, decision(unit_part)), MANAGER)
    assert approved.entry_ids == unit_part and approved.record_state == "submitted"
    record = history.record
    assert record.state == "submitted"
    assert {record.entries[i].state for i in unit_part} == {"approved"}
    assert record.entries[assessment_id].state == "submitted"
    final = history.add(
        domain.decide(record, decision([assessment_id], task="task-school")), SCHOOL_MANAGER
    )
    assert final.record_state == "approved" and history.record.state == "approved"
    assert domain.decide(history.record, decision([assessment_id])) is None


def test_a_rejection_at_either_level_leaves_the_record_rejected_with_the_reason_per_entry():
    history, _, unit_part, assessment_id = submitted_with_assessment()
    history.add(
        domain.decide(
            history.record, decision([assessment_id], "reject", "考核结果有误", task="task-school")
        ),
        SCHOOL_MANAGER,
    )
    assert history.record.state == "submitted"
    history.add(domain.decide(history.record, decision(unit_part)), MANAGER)
    record = history.record
    assert record.state == "rejected"
    assert record.entries[assessment_id].reviewed_by["reason"] == "考核结果有误"
    assert {record.entries[i].state for i in unit_part} == {"approved"}


def test_a_manager_returns_a_submitted_record_with_a_reason_and_its_entries_open_again():
    history, _, unit_part, assessment_id = submitted_with_assessment()
    history.add(domain.decide(history.record, decision(unit_part)), MANAGER)
    with pytest.raises(ValidationError) as error:
        domain.return_record(history.record, MANAGER, "  ")
    assert "reason" in error.value.fields
    returned = history.add(domain.return_record(history.record, MANAGER, "请补充考核材料"), MANAGER)
    assert returned.entry_ids == [assessment_id] and returned.submission_id == "sub-1"
    record = history.record
    assert record.state == "returned"
    entry = record.entries[assessment_id]
    assert entry.state == "returned" and entry.reviewed_by["reason"] == "请补充考核材料"
    assert domain.decide(record, decision([assessment_id], task="task-school")) is None
    history.fill(MANAGER, "assessment", {"result": "2"}, entry_id=assessment_id)
    again = domain.submit(history.record, TEACHER, "sub-2")
    assert [c["entry_id"] for c in again.changes] == [assessment_id]


def test_only_an_info_manager_in_scope_returns_and_only_a_submitted_record():
    history, *_ = submitted_with_assessment()
    for caller, error in ((TEACHER, Forbidden), (QUERY, Forbidden), (OTHER_MANAGER, NotFound)):
        with pytest.raises(error):
            domain.return_record(history.record, caller, "原因")
    draft = History()
    with pytest.raises(Conflict):
        domain.return_record(draft.record, MANAGER, "原因")


def test_a_writer_who_read_an_older_version_of_the_entry_is_refused_as_stale():
    from shared.errors import ConcurrencyConflict

    history = History()
    [entry] = history.record.entries_of("basic_info")
    read = entry.version
    history.add(
        domain.fill(
            history.record,
            TEACHER,
            "basic_info",
            None,
            {"former_name": "甲"},
            new_entry_id="x",
            expected_version=read,
        ),
        TEACHER,
    )
    [entry] = history.record.entries_of("basic_info")
    assert entry.version == read + 1
    with pytest.raises(ConcurrencyConflict) as refused:
        domain.fill(
            history.record,
            MANAGER,
            "basic_info",
            None,
            {"former_name": "乙"},
            new_entry_id="y",
            expected_version=read,
        )
    assert "version" in refused.value.fields
    # without an expected version the write goes through (last writer wins, as asked)
    assert (
        domain.fill(
            history.record, MANAGER, "basic_info", None, {"former_name": "乙"}, new_entry_id="y"
        ).fields["former_name"]
        == "乙"
    )
