"""The workgroup roster of a unit (附表三 工作组名单), pure: who may file and read
it, and masking for info_query (what a phone number and a QQ number look like is
the contract's: contracts.vocabulary.accounts).

A roster names two people: the responsible leader (负责人) and the dedicated
staff member (专职人员), each with name, post (职务), phone, QQ and a note.
"""

from typing import Any

from shared.caller import Caller
from shared.errors import Forbidden, ValidationError
from shared.indicators.masking import mask_phone, masked_for

PEOPLE = {"leader": "负责人", "staff": "专职人员"}
PERSON_FIELDS = ("name", "post", "phone", "qq", "note")
FILERS = ("system_admin", "info_manager")
READERS = ("system_admin", "info_manager", "info_query")
ROSTER_LEVEL = "unit"


def check_filer(caller: Caller, unit_level: str, unit_path: list[str]) -> None:
    if caller.role not in FILERS or not caller.covers(unit_path):
        raise Forbidden(
            "only a system admin or info manager whose scope covers the unit "
            "may file its workgroup roster"
        )
    if unit_level != ROSTER_LEVEL:
        raise ValidationError(
            "rosters are filed per unit",
            {"code": ["工作组名单按单位(部门)报送 (rosters are filed per unit)"]},
        )


def check_reader(caller: Caller) -> None:
    if caller.role not in READERS:
        raise Forbidden("teachers do not read workgroup rosters")


def masked_person(person: dict[str, Any] | None) -> dict[str, Any] | None:
    """A roster person as info_query sees it: phone and QQ masked
    (shared.indicators.masking, the rule of every personal field)."""
    if person is None:
        return None
    return person | {
        "phone": mask_phone(person.get("phone") or ""),
        "qq": mask_phone(person.get("qq") or ""),
    }


def view_for(caller: Caller, person: dict[str, Any] | None) -> dict[str, Any] | None:
    return masked_person(person) if masked_for(caller) else person
