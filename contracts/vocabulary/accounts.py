"""What an accounts input may say: org codes, staff roles, institution codes, the security
log's kinds and the phone and QQ numbers of a workgroup roster (附表三)."""

import re

# an org's code: letters, digits, - and _, at most 40
ORG_CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}\Z")
INSTITUTION_CODE = re.compile(r"^[0-9]{10}\Z")  # 机构代码 / 学校标识码 of the national system
STAFF_ROLES = ("system_admin", "info_manager", "info_query")

# the security log's kinds, by the event (and, for PasswordChanged, its reason)
SECURITY_KINDS = (
    "login_succeeded",
    "login_failed",
    "account_locked",
    "account_created",
    "role_granted",
    "password_changed",
    "password_reset",
    "account_disabled",
    "account_enabled",
)

# a roster person's phone: a mainland mobile, or a landline: area code (010, 02x, 0xxx)
# + 7 or 8 digits, optional extension; and a QQ number
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?[1-9]\d{6,7}(-\d{1,6})?$")
QQ = re.compile(r"^[1-9]\d{4,10}$")


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
