"""Change requests on the records side: who files, on what, with which values, and how
the chain's outcome applies (pure, no broker, no database)."""

import pytest

from services.records.domain import change_requests as changes
from services.records.domain import record as domain
from services.records.domain.events import (
    EntryFilled,
    RecordOpened,
    RecordSubmitted,
    SubmissionApproved,
)
from shared.caller import Caller
from shared.errors import Conflict, Forbidden, NotFound, ValidationError

UNIT = ["province", "S1", "S1-U1"]
TEACHER = Caller("acc-t", "T000000001", "teacher", "S1-U1", tuple(UNIT), teacher_id="t1")
MANAGER = Caller("acc-m", "m1", "info_manager", "S1-U1", tuple(UNIT))
SCHOOL = Caller("acc-s", "s1", "info_manager", "S1", ("province", "S1"))
PROVINCE = Caller("acc-p", "p1", "info_manager", "province", ("province",))
OTHER = Caller("acc-o", "o1", "info_manager", "S1-U2", ("province", "S1", "S1-U2"))
QUERY = Caller("acc-q", "q1", "info_query", "S1-U1", tuple(UNIT))
EDUCATION = {
    "education_level": "21",
    "degree_level": "3",
    "study_mode": "1",
    "institution": "海南大学",
    "start_month": "2002-09",
    "end_month": "2006-07",
}
APPROVAL = {"school_approved_by": {"username": "s2"}, "province_approved_by": {"username": "p1"}}


class History:
    """A record as the store folds it: opened, an education entry filled and approved."""

    def __init__(self, approved=True):
        self.envelopes = []
        self.add(
            RecordOpened(
                "t1",
                "acc-t",
                "T000000001",
                "张三",
                "S1-U1",
                UNIT,
                "b1",
                {"name": "张三", "gender": "1"},
            ),
            MANAGER,
        )
        self.add(EntryFilled("t1", "education", "e1", EDUCATION, sorted(EDUCATION), True), TEACHER)
        if approved:
            self.add(RecordSubmitted("t1", "sub1", "S1-U1", UNIT, "张三", []), TEACHER)
            self.add(SubmissionApproved("t1", "sub1", "task1", ["e1"]), MANAGER)

    def add(self, event, caller):
        self.envelopes.append(
            {
                "type": event.type_name(),
                "data": event.to_data(),
                "metadata": {"actor": caller.actor()},
                "position": 0,
                "occurred_at": f"2026-11-{len(self.envelopes) + 1:02d}T00:00:00",
                "version": len(self.envelopes) + 1,
            }
        )
        return event

    @property
    def record(self):
        return domain.fold("t1", self.envelopes)

    def file(self, caller=MANAGER, change_id="c1", **body):
        body = {
            "set": "education",
            "entry_id": "e1",
            "fields": {"end_month": "2006-06"},
            "reason": "毕业证书日期有误",
            "evidence": [{"name": "毕业证书", "note": "扫描件"}],
            **body,
        }
        event = changes.file(self.record, caller, body, change_id=change_id, unit_path=UNIT)
        return event if event is None else self.add(event, caller)


def test_the_units_info_manager_files_a_change_on_an_effective_entry():
    history = History()
    event = history.file()
    assert event.changed == ["end_month"] and event.fields["end_month"] == "2006-06"
    assert event.previous["end_month"] == "2006-07" and event.reason == "毕业证书日期有误"
    entry = history.record.entries["e1"]
    assert entry.state == "approved" and entry.fields["end_month"] == "2006-07"
    assert entry.change_request["change_id"] == "c1"


def test_the_schools_info_manager_may_file_too():
    assert History().file(SCHOOL).changed == ["end_month"]


@pytest.mark.parametrize("caller", [TEACHER, QUERY, PROVINCE])
def test_teachers_query_accounts_and_the_province_do_not_file(caller):
    with pytest.raises(Forbidden):
        History().file(caller)


def test_a_manager_of_another_unit_does_not_see_the_teacher():
    with pytest.raises(NotFound):
        History().file(OTHER)


def test_only_an_effective_entry_is_the_target_of_a_change_request():
    with pytest.raises(Conflict) as error:
        History(approved=False).file()
    assert "entry_id" in error.value.fields


def test_an_unknown_entry_is_not_found():
    with pytest.raises(NotFound):
        History().file(entry_id="nope")


def test_an_entry_has_one_open_change_request_at_a_time():
    history = History()
    history.file()
    with pytest.raises(Conflict) as error:
        history.file(SCHOOL, change_id="c2", fields={"end_month": "2006-05"})
    assert "entry_id" in error.value.fields


def test_filing_the_same_request_again_answers_the_first_one():
    history = History()
    history.file()
    assert history.file(change_id="c2") is None
    assert history.record.entries["e1"].change_request["change_id"] == "c1"


def test_a_change_request_needs_a_reason():
    with pytest.raises(ValidationError) as error:
        History().file(reason="   ")
    assert "reason" in error.value.fields


def test_bad_new_values_are_refused_naming_each_field():
    with pytest.raises(ValidationError) as error:
        History().file(fields={"end_month": "2006-13", "study_mode": "99", "colour": "red"})
    assert {"end_month", "study_mode", "colour"} <= set(error.value.fields)


def test_new_values_are_checked_merged_over_the_effective_entry():
    with pytest.raises(ValidationError) as error:
        History().file(fields={"end_month": "2001-07"})  # before the effective start_month
    assert "end_month" in error.value.fields


def test_a_change_that_changes_nothing_is_refused():
    with pytest.raises(ValidationError) as error:
        History().file(fields={"end_month": "2006-07"})
    assert "fields" in error.value.fields


def test_the_fields_of_the_account_are_not_changed_by_a_request():
    history = History()
    history.envelopes[-1]["data"]["entry_ids"].append("b1")  # basic_info effective too
    with pytest.raises(ValidationError) as error:
        history.file(set="basic_info", entry_id="b1", fields={"id_number": "x"})
    assert "id_number" in error.value.fields


def test_the_provinces_approval_applies_the_new_values_and_keeps_the_entry_effective():
    history = History()
    history.file()
    event = history.add(
        changes.apply_approved(history.record, {"change_id": "c1", "entry_id": "e1", **APPROVAL}),
        PROVINCE,
    )
    assert type(event).__name__ == "EntryChanged"
    entry = history.record.entries["e1"]
    assert entry.fields["end_month"] == "2006-06" and entry.state == "approved"
    assert entry.change_request is None
    [change] = entry.changed_by
    assert change["change_id"] == "c1" and change["filed_by"]["username"] == "m1"
    assert change["province_approved_by"]["username"] == "p1"
    assert (
        changes.apply_approved(history.record, {"change_id": "c1", "entry_id": "e1", **APPROVAL})
        is None
    )


def test_a_request_whose_entry_changed_meanwhile_is_not_applied():
    history = History()
    history.file()
    # another path changed the effective entry after the request was filed
    history.add(
        EntryFilled("t1", "education", "e1", {**EDUCATION, "major": "数学"}, ["major"], False),
        SCHOOL,
    )
    event = changes.apply_approved(
        history.record, {"change_id": "c1", "entry_id": "e1", **APPROVAL}
    )
    assert type(event).__name__ == "ChangeNotApplied" and event.reason
    history.add(event, PROVINCE)
    assert history.record.entries["e1"].fields["end_month"] == "2006-07"
    assert history.record.entries["e1"].change_request is None


def test_a_rejection_frees_the_entry_for_a_new_request():
    history = History()
    history.file()
    history.add(
        changes.close_rejected(
            history.record,
            {"change_id": "c1", "entry_id": "e1", "level": "school", "reason": "证据不足"},
        ),
        SCHOOL,
    )
    assert history.record.entries["e1"].change_request is None
    assert history.file(change_id="c2").change_id == "c2"
