"""What several service-tier tests do to a record: fill a set as the entrypoints call
the handler, and have audit approve a submission."""

from contracts.records.sets import load_set_input
from services.audit.domain.events import ReviewDecided
from services.records.handlers import record
from tests.service.conftest import UNIT, manager
from tests.support.entries import COMPLETE_BASIC_INFO


def fill(records, caller, teacher, set_name, fields, adding=False):
    """As `put_set` (one-entry sets) or `add_entry` (`adding`) call it."""
    return record.fill(
        records.as_(caller),
        caller,
        teacher["teacher_id"],
        set_name,
        None,
        load_set_input(set_name, fields),
        adding=adding,
    )


def fill_basic_info(records, caller, teacher, **changes):
    return fill(records, caller, teacher, "basic_info", {**COMPLETE_BASIC_INFO, **changes})


def approve_submission(records, teacher: dict, answer: dict):
    """audit's approval of each review level's task of a submission (`answer`: what
    `submit` answered), as its ReviewDecided events arrive at records."""
    stream = records.stream(f"teacher-{teacher['teacher_id']}")
    [changes] = [
        e["data"]["changes"]
        for e in stream
        if e["type"] == "RecordSubmitted" and e["data"]["submission_id"] == answer["submission_id"]
    ]
    for level in answer["review_levels"]:
        records.sources["audit"].append(
            f"review-{answer['submission_id']}-{level}",
            ReviewDecided(
                task_id=f"{answer['submission_id']}-{level}",
                kind="record_submission",
                teacher_id=teacher["teacher_id"],
                submission_id=answer["submission_id"],
                decision="approve",
                reason=None,
                entry_ids=[
                    c["entry_id"] for c in changes if (c.get("effective_by") or "unit") == level
                ],
            ),
            actor=manager(UNIT, name="reviewer").actor(),
        )
    records.deliver()
