"""A teacher's record as its events fold it (record.py folds and decides): the entries
with their states and who filled and reviewed them, the pending submission, and the
teacher's status (教师变动). Plain data; the rules that read it import it from here."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Entry:
    entry_id: str
    set: str
    fields: dict[str, Any]
    state: str = "draft"
    # [{account_id, username, role, org_code, at}]
    filled_by: list[dict[str, Any]] = field(default_factory=list)
    reviewed_by: dict[str, Any] | None = None  # {..actor, at, decision, reason}
    change_request: dict[str, Any] | None = None  # the open change request (fold_change)
    # applied change requests, oldest first
    changed_by: list[dict[str, Any]] = field(default_factory=list)

    @property
    def version(self) -> int:
        """Moves on with every change of the entry's fields (a fill, an applied change
        request): a writer sends back the version it read (`If-Match`) and is refused
        when someone changed the entry since."""
        return len(self.filled_by) + len(self.changed_by)


@dataclass
class Record:
    teacher_id: str
    account_id: str = ""
    teacher_no: str = ""
    name: str = ""
    unit_code: str = ""
    unit_path: list[str] = field(default_factory=list)
    version: int = 0
    position: int = 0  # of the last event folded (global)
    state: str = "draft"
    entries: dict[str, Entry] = field(default_factory=dict)  # by entry_id, in order of creation
    pending_submission: str | None = None
    pending_entries: list[str] = field(default_factory=list)  # entry ids
    # 教师变动 (staff_changes.py): active | left | retired | deceased, since `status_date`
    status: str = "active"
    status_date: str | None = None
    staff_changes: list[dict[str, Any]] = field(default_factory=list)

    def entries_of(self, set_name: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.set == set_name]
