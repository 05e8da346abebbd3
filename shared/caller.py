"""Who is calling: the account, its role and its org scope.

The gateway authenticates the token and puts the caller into the nameko call
context; every service reads it from there and checks role and scope again.
"""

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

ROLES = ("system_admin", "info_manager", "info_query", "teacher")
MANAGER_ROLES = ("system_admin", "info_manager")


@dataclass(frozen=True)
class Caller:
    account_id: str
    username: str
    role: str
    org_code: str
    # codes from the root down to the caller's own org, the caller's org last
    org_path: tuple[str, ...] = field(default_factory=tuple)
    teacher_id: str | None = None

    def covers(self, org_path: Iterable[str]) -> bool:
        """True when the org whose path is given lies in this caller's subtree."""
        return self.org_code in tuple(org_path)

    def is_teacher(self, teacher_id: str) -> bool:
        return self.role == "teacher" and self.teacher_id == teacher_id

    @property
    def org_level(self) -> str:
        """The level of the caller's org, by its depth in the tree: `province` (the
        root), `school` (below it), `unit` (below a school, at any depth)."""
        depth = len(self.org_path)
        return "province" if depth <= 1 else "school" if depth == 2 else "unit"

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    def actor(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "username": self.username,
            "role": self.role,
            "org_code": self.org_code,
        }

    @classmethod
    def from_json(cls, text: str | None) -> "Caller | None":
        if not text:
            return None
        data = json.loads(text)
        data["org_path"] = tuple(data.get("org_path") or ())
        return cls(**data)


SYSTEM = Caller(account_id="system", username="system", role="system", org_code="", org_path=())
