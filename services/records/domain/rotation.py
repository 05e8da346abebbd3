"""交流轮岗 (exchange and rotation), pure: which entry is current, and the
人员状态 it gives the record view.

An effective (approved) rotation entry of a kind other than 0 无 is current in a
month when it has started (开始年月 ≤ the month) and not ended (no 结束年月, or
结束年月 ≥ the month). While one is current, the view shows 人员状态 06 交流轮岗;
the teacher's basic_info entry itself is never rewritten.
"""

from collections.abc import Iterable
from typing import Any

from services.records.domain.record_state import Entry

ON_ROTATION = "06"  # 人员状态: 交流轮岗 (暂未在本单位任职)
NO_ROTATION = "0"  # 交流轮岗类型: 0 无


def is_current(fields: dict[str, Any], month: str) -> bool:
    start, end = fields.get("start_month"), fields.get("end_month")
    if fields.get("rotation_kind") in (None, NO_ROTATION) or not start:
        return False
    return start <= month and (not end or end >= month)


def current_rotation(entries: Iterable[Entry], month: str) -> Entry | None:
    """The effective rotation entry current in `month` (YYYY-MM), the latest started;
    `entries`: objects with `state` and `fields` (the record's rotation entries)."""
    current = [e for e in entries if e.state == "approved" and is_current(e.fields, month)]
    return max(current, key=lambda e: e.fields["start_month"], default=None)


def personnel_status(recorded: str | None, rotation: Entry | None) -> tuple[str | None, bool]:
    """(the 人员状态 to show, whether it is derived from a rotation)."""
    if rotation is None:
        return recorded, False
    return ON_ROTATION, True
