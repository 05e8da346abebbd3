"""The workgroup roster of a unit (附表三 工作组名单), pure: who may file and read
it, what a phone number and a QQ number look like, and masking for info_query.

A roster names two people: the responsible leader (负责人) and the dedicated
staff member (专职人员), each with name, post (职务), phone, QQ and a note.
"""

import re

from shared.caller import Caller
from shared.errors import Forbidden, ValidationError
from shared.indicators.masking import mask_phone, masked_for

PEOPLE = {"leader": "负责人", "staff": "专职人员"}
PERSON_FIELDS = ("name", "post", "phone", "qq", "note")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
# area code (010, 02x, 0xxx) + 7 or 8 digits, optional extension
LANDLINE = re.compile(r"^0\d{2,3}-?[1-9]\d{6,7}(-\d{1,6})?$")
QQ = re.compile(r"^[1-9]\d{4,10}$")
FILERS = ("system_admin", "info_manager")
READERS = ("system_admin", "info_manager", "info_query")
ROSTER_LEVEL = "unit"


def phone_problem(value: str) -> str | None:
    compact = re.sub(r"[\s()（）]", "", value or "")
    if MOBILE.match(compact) or LANDLINE.match(compact):
        return None
    return (
        "应为 11 位手机号码(1 开头)或带区号的固定电话,如 0898-66279000 "
        "(a mainland mobile number or a landline with its area code)"
    )


def qq_problem(value: str) -> str | None:
    if QQ.match((value or "").strip()):
        return None
    return "QQ 号应为 5 至 11 位数字,且不以 0 开头 (5 to 11 digits)"


def check_filer(caller: Caller, unit_level: str, unit_path: list):
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


def check_reader(caller: Caller):
    if caller.role not in READERS:
        raise Forbidden("teachers do not read workgroup rosters")


def masked_person(person: dict | None) -> dict | None:
    """A roster person as info_query sees it: phone and QQ masked
    (shared.indicators.masking, the rule of every personal field)."""
    if person is None:
        return None
    return person | {
        "phone": mask_phone(person.get("phone") or ""),
        "qq": mask_phone(person.get("qq") or ""),
    }


def view_for(caller: Caller, person: dict | None) -> dict | None:
    return masked_person(person) if masked_for(caller) else person
