"""records' command handlers on a real database, through TeacherRecords: the life of a
record from the account that opens it to the review that makes it effective, and the
refusals that leave nothing written."""

import pytest

from contracts.records.sets import load_set_input
from services.records.domain import record as domain
from services.records.handlers import record
from services.records.repository import TeacherRecords
from shared.errors import ConcurrencyConflict, Forbidden, NotFound, ValidationError
from tests.service.conftest import (
    OTHER_UNIT,
    UNIT,
    manager,
    publish_org_tree,
    publish_teacher,
    teacher_caller,
)
from tests.service.steps import approve_submission, fill, fill_basic_info
from tests.support.entries import COMPLETE_BASIC_INFO, EDUCATION_ENTRY


@pytest.fixture
def records(service):
    records = service("records")
    publish_org_tree(records.sources["accounts"])
    return records


def opened(records, **kwargs) -> dict:
    teacher = publish_teacher(records.sources["accounts"], **kwargs)
    records.deliver()
    return teacher


def test_the_account_opens_the_record_and_a_unit_review_makes_the_entry_effective(records):
    teacher = opened(records)
    me = teacher_caller(teacher)
    entry = fill_basic_info(records, me, teacher)
    assert entry["state"] == "draft"
    education = fill(records, me, teacher, "education", EDUCATION_ENTRY, adding=True)

    answer = record.submit(records.as_(me), me, teacher["teacher_id"])
    assert answer["state"] == "submitted"
    assert {entry["entry_id"], education["entry_id"]} <= set(answer["entries"])

    # audit's decision on each level's task arrives as its event
    submitted = records.stream(f"teacher-{teacher['teacher_id']}")[-1]
    assert submitted["type"] == "RecordSubmitted"
    approve_submission(records, teacher, answer)

    unit_manager = manager(UNIT)
    view = record.get_record(
        records.as_(unit_manager), unit_manager, teacher["teacher_id"], as_of=None
    )
    [basic] = view["sets"]["basic_info"]["entries"]
    [studied] = view["sets"]["education"]["entries"]
    assert basic["state"] == studied["state"] == "approved"
    # the record as it stood before the decision is still there to read
    before = record.get_record(
        records.as_(unit_manager), unit_manager, teacher["teacher_id"], str(submitted["position"])
    )
    assert before["sets"]["basic_info"]["entries"][0]["state"] == "submitted"


def test_a_save_at_a_stale_version_is_refused_and_appends_nothing(records):
    teacher = opened(records)
    me = teacher_caller(teacher)
    fill_basic_info(records, me, teacher)
    storage = records.as_(me)
    with storage.transaction() as first_uow:
        first = TeacherRecords.writing(first_uow)
        read_early = first.get(teacher["teacher_id"])
    fill_basic_info(records, me, teacher, ethnicity="02")  # another writer, meanwhile
    before = records.stream(f"teacher-{teacher['teacher_id']}")

    event = domain.fill(
        read_early,
        me,
        "basic_info",
        None,
        load_set_input("basic_info", {**COMPLETE_BASIC_INFO, "ethnicity": "03"}),
        new_entry_id="e-late",
        unit_path=list(teacher["unit_path"]),
    )
    with pytest.raises(ConcurrencyConflict), storage.transaction() as uow:
        TeacherRecords.writing(uow).save(read_early, [event])
    assert records.stream(f"teacher-{teacher['teacher_id']}") == before


def test_a_client_that_read_an_older_version_is_told_so(records):
    teacher = opened(records)
    me = teacher_caller(teacher)
    entry = fill_basic_info(records, me, teacher)
    fields = load_set_input("basic_info", {**COMPLETE_BASIC_INFO, "ethnicity": "03"})
    with pytest.raises(ConcurrencyConflict) as refused:
        record.fill(
            records.as_(me),
            me,
            teacher["teacher_id"],
            "basic_info",
            None,
            fields,
            expected_version=entry["version"] - 1,
        )
    assert refused.value.code == "STALE_VERSION"


def test_nobody_fills_a_record_outside_their_reach(records):
    teacher = opened(records)
    other = opened(records, unit=OTHER_UNIT, sequence=103)
    length = len(records.stream(f"teacher-{teacher['teacher_id']}"))
    # outside the caller's reach a record is not there at all (404, not 403)
    with pytest.raises(NotFound):
        fill_basic_info(records, teacher_caller(other), teacher)
    with pytest.raises(NotFound):
        fill_basic_info(records, manager(OTHER_UNIT), teacher)
    # inside it, a role that reads but does not fill is refused
    with pytest.raises(Forbidden):
        fill_basic_info(records, manager(UNIT, role="info_query"), teacher)
    assert len(records.stream(f"teacher-{teacher['teacher_id']}")) == length


def test_a_bad_field_is_named_and_nothing_is_written(records):
    teacher = opened(records)
    length = len(records.stream(f"teacher-{teacher['teacher_id']}"))
    with pytest.raises(ValidationError) as refused:
        fill_basic_info(records, teacher_caller(teacher), teacher, ethnicity="99x")
    assert "ethnicity" in refused.value.fields
    assert len(records.stream(f"teacher-{teacher['teacher_id']}")) == length


def test_a_teacher_not_known_yet_is_looked_for_in_accounts_first(records):
    """A command may come before accounts' event: the handler catches up, then finds it."""
    teacher = publish_teacher(records.sources["accounts"], sequence=105)  # not delivered
    entry = fill_basic_info(records, teacher_caller(teacher), teacher)
    assert entry["state"] == "draft"
    with pytest.raises(NotFound) as missing:
        record.submit(records.as_(manager(UNIT)), manager(UNIT), "no-such-teacher")
    assert "teacher_id" in missing.value.fields


def test_a_repeated_command_with_the_same_key_acts_once(records):
    teacher = opened(records)
    me = teacher_caller(teacher)
    fields = load_set_input("basic_info", COMPLETE_BASIC_INFO)

    def put(storage):
        return storage.command(
            lambda: record.fill(storage, me, teacher["teacher_id"], "basic_info", None, fields)
        )

    first = put(records.as_(me, idempotency_key="k-1", command="put_set"))
    again = put(records.as_(me, idempotency_key="k-1", command="put_set"))
    assert again == first
    filled = [
        e for e in records.stream(f"teacher-{teacher['teacher_id']}") if e["type"] == "EntryFilled"
    ]
    assert len(filled) == 1
