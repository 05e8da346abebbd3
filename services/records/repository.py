"""records' aggregates and their streams, loaded and saved through `shared.repository`:
a teacher's record (`teacher-<teacher_id>`) and a school's training requirements
(`training-requirement-<school_code>`)."""

from typing import ClassVar

from services.records.domain import record as domain
from shared.repository import Repository


class TeacherRecords(Repository[domain.Record]):
    """教师信息: every set's entries, the submission under review, the staff status."""

    stream_prefix = "teacher"
    missing: ClassVar = ("no such teacher", {"teacher_id": ["no such teacher"]})

    def key_of(self, record: domain.Record) -> str:
        return record.teacher_id

    def fold(self, key: str, envelopes: list[dict]) -> domain.Record | None:
        return domain.fold(key, envelopes)

    def as_of(
        self, teacher_id: str, *, until_position: int | None = None, until_time: str | None = None
    ) -> domain.Record:
        """The record as it stood at an event position or at an instant (the store's
        time format)."""
        envelopes = self.events(teacher_id, until_position=until_position)
        if until_time is not None:
            envelopes = [e for e in envelopes if e["occurred_at"] <= until_time]
        return self.present(self.fold(teacher_id, envelopes))


class TrainingRequirements(Repository):
    """A school's 培训学分 requirements (`TrainingRequirementSet`), appended at the
    stream's head; reporting keeps the requirement in force."""

    stream_prefix = "training-requirement"
