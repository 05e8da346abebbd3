"""Who may create which org and account, and what a password must be (pure)."""
import re
import secrets
import string

from shared.caller import Caller
from shared.errors import Forbidden, ValidationError

CHILD_LEVELS = {"province": ("school",), "school": ("unit",), "unit": ("unit",)}
STAFF_ROLES = ("system_admin", "info_manager", "info_query")
TEACHER_CREATORS = ("system_admin", "info_manager")
ORG_CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
PASSWORD_MIN_LENGTH = 8


def check_new_org(caller: Caller, parent_level: str, parent_path: list, level: str):
    if caller.role != "system_admin" or not caller.covers(parent_path):
        raise Forbidden("only a system admin above the parent org may create an org under it")
    if level not in CHILD_LEVELS.get(parent_level, ()):
        raise ValidationError(
            f"a {level} cannot be created under a {parent_level}",
            {"level": [f"must be one of {', '.join(CHILD_LEVELS.get(parent_level, ())) or 'nothing'}"
                       f" under a {parent_level}"]})


def check_new_staff_account(caller: Caller, org_path: list, role: str):
    if role not in STAFF_ROLES:
        raise ValidationError("teacher accounts are generated from the four fields",
                              {"role": [f"must be one of {', '.join(STAFF_ROLES)}"]})
    if caller.role != "system_admin" or not caller.covers(org_path):
        raise Forbidden("only a system admin at or above the org may create its accounts")


def check_new_teacher(caller: Caller, unit_level: str, unit_path: list):
    if caller.role not in TEACHER_CREATORS or not caller.covers(unit_path):
        raise Forbidden("only a system admin or info manager of the unit or above may "
                        "generate its teacher accounts")
    if unit_level not in ("school", "unit"):
        raise ValidationError("teachers belong to a school or a unit",
                              {"unit_code": ["must be a school or a unit"]})


def password_problems(password: str, username: str) -> list[str]:
    problems = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(f"至少 {PASSWORD_MIN_LENGTH} 位 (at least {PASSWORD_MIN_LENGTH} characters)")
    classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"))
    if classes < 3:
        problems.append("至少包含三类字符 (at least three of: lower case, upper case, digits, symbols)")
    if username and username.lower() in password.lower():
        problems.append("不能包含用户名 (must not contain the username)")
    return problems


def check_password(password: str, username: str, field: str = "new_password"):
    problems = password_problems(password, username)
    if problems:
        raise ValidationError("the password does not meet the policy", {field: problems})


def initial_password() -> str:
    """A random password that meets the policy, shown once to whoever created the account."""
    alphabet = string.ascii_letters + string.digits
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(10)) + secrets.choice("#@%+=")
        if not password_problems(candidate, ""):
            return candidate


def teacher_number(sequence: int) -> str:
    """The teacher number (教师编号), one per person for life."""
    return f"T{sequence:09d}"
