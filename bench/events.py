"""The records events the pipeline benchmark appends, as commands would have appended
them: for K = N/10 teachers a `RecordOpened`, then `EntryFilled` on their streams (the
basic information set first, then education entries), N events in all."""

import uuid

from tests.support.entries import COMPLETE_BASIC_INFO, EDUCATION_ENTRY

ACTOR = {
    "account_id": str(uuid.uuid4()),
    "username": "bench-manager",
    "role": "info_manager",
    "org_code": "province",
}


def _opened(i: int, tag: str) -> tuple[dict, object]:
    """The i-th teacher of the plan and the `RecordOpened` of its stream."""
    from shared.events import NewEvent

    teacher_id = str(uuid.uuid4())
    unit = f"B{tag}-U{i % 10}"
    basic = {
        "name": f"教师{tag}{i}",
        "gender": "1" if i % 2 else "2",
        "id_type": "1",
        "id_number": f"46010019850314{i % 1000:03d}X",
        "birth_date": "1985-03-14",
        "staff_no": None,
    }
    teacher = {
        "teacher_id": teacher_id,
        "stream": f"teacher-{teacher_id}",
        "basic_entry_id": str(uuid.uuid4()),
        "basic": basic,
        "fills": 0,
    }
    opened = NewEvent(
        "RecordOpened",
        1,
        {
            "teacher_id": teacher_id,
            "account_id": str(uuid.uuid4()),
            "teacher_no": f"T{tag}{i:06d}",
            "name": basic["name"],
            "unit_code": unit,
            "unit_path": ["province", f"B{tag}", unit],
            "basic_entry_id": teacher["basic_entry_id"],
            "basic_fields": basic,
        },
    )
    return teacher, opened


def _filled(teacher: dict) -> dict:
    """The data of the teacher's next `EntryFilled`."""
    if teacher["fills"] == 0:  # the basic information set first, then education entries
        fields = {**teacher["basic"], **COMPLETE_BASIC_INFO}
        fields.pop("staff_no")
        entry = ("basic_info", teacher["basic_entry_id"], fields, COMPLETE_BASIC_INFO, False)
    else:
        entry = ("education", str(uuid.uuid4()), dict(EDUCATION_ENTRY), EDUCATION_ENTRY, True)
    set_name, entry_id, fields, changed, new_entry = entry
    teacher["fills"] += 1
    return {
        "teacher_id": teacher["teacher_id"],
        "set": set_name,
        "entry_id": entry_id,
        "fields": fields,
        "changed": sorted(changed),
        "new_entry": new_entry,
    }


def plan_events(n: int, tag: str) -> list[tuple[str, object]]:
    """`[(stream, NewEvent)]`: K = N/10 RecordOpened, then EntryFilled round-robin on
    those streams: N in all."""
    from shared.events import NewEvent

    k = max(1, n // 10)
    teachers, events = [], []
    for i in range(k):
        teacher, opened = _opened(i, tag)
        teachers.append(teacher)
        events.append((teacher["stream"], opened))
    i = 0
    while len(events) < n:
        teacher = teachers[i % k]
        i += 1
        events.append((teacher["stream"], NewEvent("EntryFilled", 1, _filled(teacher))))
    return events


def sample_payload() -> dict:
    """An envelope as the relay sends it, so both paths carry comparable bytes."""
    from shared.eventstore import event_hash

    stream, new = plan_events(2, "P")[1]
    envelope = {
        "source": "records",
        "position": 1,
        "event_id": str(uuid.uuid4()),
        "stream_id": stream,
        "version": 2,
        "type": new.type,
        "schema_version": new.schema_version,
        "data": new.data,
        "metadata": {"actor": ACTOR, "correlation_id": str(uuid.uuid4()), "causation_id": None},
        "occurred_at": "2026-01-31T09:00:00.000000+00:00",
        "prev_hash": "0" * 64,
    }
    envelope["hash"] = event_hash(envelope)
    return envelope
