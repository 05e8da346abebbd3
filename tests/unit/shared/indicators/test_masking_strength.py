"""Masking that holds against the check character: what a query account (信息查询员)
sees of one teacher, everywhere it can read, leaves too many ID numbers to guess.

The views are the real ones (records' record view and teacher list, audit's review task
and change request); the counter is tests/id_candidates.py, which enumerates every hidden
position against the calendar, the gender and ISO 7064 MOD 11-2."""

from datetime import date
from itertools import product
from types import SimpleNamespace

import pytest
from id_candidates import candidates, candidates_seen, seen
from test_records_domain import ID, MANAGER, QUERY, TEACHER, History

from services.audit.read_model import change_requests
from services.audit.read_model.reviews import task_view
from services.records.domain import record as domain
from services.records.read_model import views
from shared import idnumbers
from shared.indicators.masking import masked_for

pytestmark = pytest.mark.unit

REGION = ID[:6]  # the worst case: the reader knows the region from 籍贯, 出生地 or the unit
ENOUGH = 10_000
CONTACT = {"mobile": "13812345678", "email": "zhang@example.edu.cn"}


def teacher_seen_by(masked: bool) -> list:
    """Every answer that shows the teacher of `History`, as a caller sees it."""
    history = History()
    history.complete()
    history.fill(TEACHER, "contact", CONTACT)
    record = history.record
    submission = domain.submit(record, TEACHER, "sub-1")
    [basic] = record.entries_of("basic_info")
    row = SimpleNamespace(
        teacher_id="t1",
        teacher_no=record.teacher_no,
        name=record.name,
        gender=basic.fields["gender"],
        id_type=basic.fields["id_type"],
        id_number=basic.fields["id_number"],
        unit_code=record.unit_code,
        state="submitted",
        updated_at="2026-11-05T00:00:00+00:00",
    )
    task = SimpleNamespace(
        task_id="task-1",
        kind="submission",
        teacher_id="t1",
        teacher_name=record.name,
        unit_code=record.unit_code,
        submission_id="sub-1",
        submitted_by=TEACHER.actor(),
        submitted_at="2026-11-05T00:00:00+00:00",
        changes=submission.changes,
        state="pending",
        decided_by=None,
        decided_at=None,
        reason=None,
        review_level="unit",
    )
    change = SimpleNamespace(
        change_id="c1",
        teacher_id="t1",
        teacher_name=record.name,
        unit_code=record.unit_code,
        set_name="basic_info",
        entry_id=basic.entry_id,
        state="filed",
        new_fields={**basic.fields, "native_place": "海南儋州"},
        previous=dict(basic.fields),
        changed=["native_place"],
        reason="更正",
        evidence=[],
        filed_by=MANAGER.actor(),
        filed_at="2026-11-06T00:00:00+00:00",
        decisions=[],
        outcome=None,
        outcome_reason=None,
        outcome_at=None,
        updated_at="2026-11-06T00:00:00+00:00",
    )
    return [
        views.record_view(record, masked=masked),
        views.teacher_item(row, {"status": "active", "status_date": None}, masked),
        task_view(task, masked),
        change_requests.view(change, masked),
    ]


def test_what_a_query_account_sees_of_a_teacher_leaves_at_least_10000_id_numbers():
    answers = teacher_seen_by(masked=masked_for(QUERY))
    shown = seen(*answers)
    assert ID not in repr(answers)
    assert shown["gender"] == "1"  # what queries need stays readable
    known_region = candidates_seen(*answers, region=REGION)
    assert known_region >= ENOUGH, (shown, known_region)
    assert candidates_seen(*answers) >= known_region


def test_managers_and_the_teacher_see_the_number_whole():
    assert not any(masked_for(c) for c in (MANAGER, TEACHER, SimpleNamespace(role="system_admin")))
    answers = teacher_seen_by(masked=False)
    assert seen(*answers)["id_number"] == ID
    assert candidates_seen(*answers) == 1


def test_the_counter_finds_the_old_masking_weak():
    """The old masking showed the first 3 and the last 4 characters beside the whole birth
    date: only the 3 region digits after the province stayed open, and the check character
    kept one in eleven of them."""
    number = idnumbers.make_resident_id("460100", date(1985, 3, 15), 101)
    old = number[:3] + "*" * 11 + number[-4:]
    assert old == "460***********101X"
    assert candidates(old, birth="1985-03-15", gender="1") <= 100
    assert candidates(old, birth="1985-03-15", gender="1", region="460100") == 1
    new = idnumbers.mask_id_number(number)
    assert candidates(new, birth="1985-03-**", gender="1", region="460100") == 31 * 500


def test_the_counter_agrees_with_the_id_number_rules():
    """Against brute force with shared.idnumbers: hide the day's last digit, the last
    sequence digit and the check character of a number and try every filling."""
    number = idnumbers.make_resident_id("460100", date(1985, 3, 14), 101)
    shown = number[:13] + "*" + number[14:16] + "**"
    valid = 0
    for day, seq, check in product("0123456789", "0123456789", "0123456789X"):
        candidate = number[:13] + day + number[14:16] + seq + check
        try:
            parsed = idnumbers.parse_resident_id(candidate)
        except idnumbers.IdNumberError:
            continue
        valid += parsed.gender == "1" and parsed.birth_month == "1985-03"
    assert valid == candidates(shown, birth="1985-03-**", gender="1") == 10 * 5
