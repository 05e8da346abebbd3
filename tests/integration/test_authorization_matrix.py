"""The authorization matrix: every gateway route × every caller × a target inside and
one outside the caller's scope, each answer asserted exactly (200/201/204, 403 or 404).
The expected table is tests/integration/matrix.py; its docstring names the callers and
their scopes.

Size: 46 routes × 11 callers × 2 scopes = 1012 cells, of which 926 apply (the
province has nothing outside its scope; /me, /auth/password, /schema/sets and the
information-sheet template have no target). The 3 routes without authentication
(login, health, the OpenAPI document) are left out on purpose (matrix.EXCLUDED), and
each authenticated route is also called without a token (401). A route added to
services/gateway/routes.py without a row in matrix.EXPECTED and a request here fails
the tests (and so does this paragraph when the numbers change).

One world is built for the module (`build_world`): the province admin; school A with
units A1 and A2, school B with unit B1; system_admin, info_manager and info_query
accounts at school A and unit A1, the system_admin and info_manager of school B, the
info_manager of A2; teacher T1 in A1 whose record is filled and submitted (a pending
review task; its first submission was approved, and a change request is open on it)
and T2 in A1 whose record is approved; in B1 and A2 the same kinds of records (one
submitted, one approved with an open change request), a child unit, and a staff
account to manage. Every request carries a valid body, so a 400 never hides an
authorization answer; a call expected to succeed gets a fresh target where it would
change a shared one (a unit to move or close, a record to submit or return, a task or
change request to decide, an effective entry to file a change on).

The rest of the module: bad input for every field of account and org creation, each
named in `error.fields` and nothing written (what tests/integration/test_org_tree.py
does not cover already).
"""

import csv
import io
import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import matrix
import openpyxl
import pytest
from helpers import (
    COMPLETE_BASIC_INFO,
    EDUCATION_ENTRY,
    School,
    new_id_number,
    new_institution_code,
    wait_until,
)

from services.gateway.routes import ROUTES

V1 = "/api/v1"
THIS_MONTH = datetime.now(UTC).strftime("%Y-%m")
PASSWORD = "Changed-pass-1"  # what School.staff and School.teacher leave each account with
SUB_NAME = "矩阵子单位"
ROSTER = {
    "leader": {"name": "王主任", "post": "副院长", "phone": "0898-66279000", "qq": "12345"},
    "staff": {"name": "李干事", "post": "干事", "phone": "13800138000"},
}
IMPORT_HEADER = ["姓名", "性别", "出生年月", "身份证件类型", "身份证件号码", "单位代码"]
_passwords = (f"Matrix-pass-{n}" for n in itertools.count(1))


def tag() -> str:
    return uuid.uuid4().hex[:8]


# the world ---------------------------------------------------------------------------
@dataclass
class Scope:
    """The targets of one scope."""

    school: str
    unit: str  # where the teachers are
    sub: str  # a child unit of `unit` (renamed to its own name)
    spare: str  # another child unit (moved and closed by callers refused it)
    teacher: str  # a submitted record with a pending review task
    task: str  # that task
    entry: str  # a draft 学习经历 entry of `teacher`
    id_number: str  # `teacher`'s ID number, and its name: the rows of an information sheet
    name: str
    change: str  # a change request filed on an effective entry, waiting for the school
    pool: list  # effective 学习经历 entries (teacher, entry) to file fresh change requests on
    account: str  # a staff account (info_query at `unit`) to manage
    admin: str  # who creates units here (a name in World.tokens)
    filler: str  # who generates, fills, submits and files here; never a caller


@dataclass
class Call:
    method: str
    path: str
    json: object = None
    params: dict | None = None
    data: bytes | None = None
    headers: dict | None = None
    token: str | None = None  # another account of the caller's kind (a fresh teacher)
    check: Callable | None = None  # (response) -> what is wrong, when the status is right
    after: Callable | None = None  # (response) -> None


class World:
    def __init__(self, api):
        self.api = api
        self.tokens: dict[str, str] = {}
        self.passwords: dict[str, str] = {}
        self.usernames: dict[str, str] = {}
        self.scopes: dict[str, Scope] = {}
        self.homes: dict[str, tuple] = {}  # caller -> (its scope's name, the outside's name)
        self.contact_sheet: list = []  # the two header rows of the 联系方式 CSV

    def scope(self, caller: str, which: str) -> Scope | None:
        name = self.homes[caller][matrix.SCOPES.index(which)]
        return self.scopes[name] if name else None

    def foreign_school(self, caller: str) -> str:
        """A school outside the caller's scope (for a unit's callers, not their own school)."""
        a, b = self.scopes["A1"].school, self.scopes["B1"].school
        return a if self.scope(caller, "in").school == b else b

    # requests that must work ---------------------------------------------------------
    def ok(self, method, path, who, status=200, **kw):
        response = self.api.call(method, path, self.tokens[who], **kw)
        assert response.status_code == status, f"{method} {path} by {who}: {response.text}"
        return response.json() if response.content else None

    def new_unit(self, who, parent, name="矩阵单位") -> str:
        code = f"U{tag()}"
        self.ok(
            "POST",
            f"{V1}/orgs",
            who,
            201,
            json={"code": code, "name": name, "level": "unit", "parent_code": parent},
        )
        return code

    def new_account(self, who, org_code, role="info_query") -> str:
        return self.ok(
            "POST",
            f"{V1}/accounts",
            who,
            201,
            json={"username": f"mx{tag()}", "name": "矩阵", "role": role, "org_code": org_code},
        )["account"]["id"]

    def new_teacher(self, who, unit) -> dict:
        return self.ok("POST", f"{V1}/teachers", who, 201, json=teacher_body(unit))

    def fill(self, teacher_id, who=None, token=None, educations=1):
        token = token or self.tokens[who]
        response = self.api.put(
            f"{V1}/teachers/{teacher_id}/sets/basic_info", token, json=COMPLETE_BASIC_INFO
        )
        assert response.status_code == 200, response.text
        for i in range(educations):
            response = self.api.post(
                f"{V1}/teachers/{teacher_id}/sets/education/entries", token, json=education(i)
            )
            assert response.status_code == 201, response.text

    def new_draft(self, scope: Scope, educations=1) -> str:
        """A fresh teacher whose record is filled and not yet submitted."""
        teacher_id = self.new_teacher(scope.filler, scope.unit)["teacher_id"]
        self.fill(teacher_id, scope.filler, educations=educations)
        return teacher_id

    def submit(self, teacher_id, who, lister=None) -> str:
        """Submit as `who`; the pending review task's id once audit has opened it (as
        `lister`, by default `who`, lists the tasks)."""
        self.ok("POST", f"{V1}/teachers/{teacher_id}/submit", who)
        return wait_until(
            lambda: self.pending_task(teacher_id, lister or who), message="review task"
        )

    def pending_task(self, teacher_id, who):
        items = self.ok("GET", f"{V1}/reviews", who, params={"state": "pending", "limit": 500})[
            "items"
        ]
        return next((t["task_id"] for t in items if t["teacher_id"] == teacher_id), None)

    def new_task(self, scope: Scope) -> tuple:
        teacher = self.new_draft(scope)
        return teacher, self.submit(teacher, scope.filler)

    def approve(self, teacher_id, task, reviewer) -> dict:
        self.ok("POST", f"{V1}/reviews/{task}/decision", reviewer, json={"decision": "approve"})

        def approved():
            record = self.ok("GET", f"{V1}/teachers/{teacher_id}", reviewer)
            return record if record["state"] == "approved" else None

        return wait_until(approved, message="record approved")

    def file_change(self, teacher_id, entry_id, who) -> str:
        change = self.ok(
            "POST",
            f"{V1}/teachers/{teacher_id}/change-requests",
            who,
            201,
            json={
                "set": "education",
                "entry_id": entry_id,
                "fields": {"major": "软件工程"},
                "reason": "矩阵测试",
            },
        )["change_id"]
        wait_until(
            lambda: (
                self.api.get(f"{V1}/change-requests/{change}", self.tokens[who]).status_code == 200
            ),
            message="change request in audit",
        )
        return change

    def new_change(self, scope: Scope) -> str:
        teacher, entry = scope.pool.pop()
        return self.file_change(teacher, entry, scope.filler)

    def login(self, name, username, password):
        self.tokens[name] = self.api.login(username, password)
        self.usernames[name], self.passwords[name] = username, password


def teacher_body(unit_code) -> dict:
    return {
        "name": "矩阵教师",
        "gender": "1",
        "birth_month": "1985-03",
        "id_type": "1",
        "id_number": new_id_number(),
        "unit_code": unit_code,
    }


def education(i: int) -> dict:
    """The i-th study stage of a record: each its own key (level and start month)."""
    return {**EDUCATION_ENTRY, "start_month": f"{2002 - i}-09"}


def educations_of(record) -> list:
    return [e["entry_id"] for e in record["sets"]["education"]["entries"]]


def identity_of(w: World, teacher_id: str, who: str) -> tuple:
    fields = w.ok("GET", f"{V1}/teachers/{teacher_id}", who)["sets"]["basic_info"]["entries"][0]
    return fields["fields"]["id_number"], fields["fields"]["name"]


def build_scope(w: World, school, unit, admin, filler, reviewer, teacher=None) -> Scope:
    """A scope's targets; `teacher`: (its id, its pending task, its draft entry) when the
    submitted record is a caller's (T1)."""
    sub, spare = w.new_unit(admin, unit, SUB_NAME), w.new_unit(admin, unit, "矩阵备用单位")
    base = Scope(school, unit, sub, spare, "", "", "", "", "", "", [], "", admin, filler)
    # an approved record: effective entries to file change requests on
    approved = w.new_draft(base, educations=5)
    entries = educations_of(w.approve(approved, w.submit(approved, filler), reviewer))
    change = w.file_change(approved, entries[0], filler)
    if teacher is None:
        submitted, task = w.new_task(base)
        entry = w.ok(
            "POST",
            f"{V1}/teachers/{submitted}/sets/education/entries",
            filler,
            201,
            json=education(7),
        )["entry_id"]
    else:
        submitted, task, entry = teacher
    return Scope(
        school,
        unit,
        sub,
        spare,
        submitted,
        task,
        entry,
        *identity_of(w, submitted, filler),
        change,
        [(approved, e) for e in entries[1:]],
        w.new_account(admin, unit),
        admin,
        filler,
    )


def build_world(api, admin_token) -> World:
    a, b = School(api, admin_token), School(api, admin_token)
    w = World(api)
    t = tag()[:6]
    w.tokens.update(
        P_SA=a.staff(admin_token, f"pa{t}", "system_admin", "province"),
        S_SA=a.school_admin,
        S_IM=a.school_manager,
        S_IQ=a.staff(a.school_admin, f"sq{t}", "info_query", a.code),
        U_SA=a.staff(a.school_admin, f"ua{t}", "system_admin", a.unit1),
        U_IM=a.manager1,
        U_IQ=a.query1,
        B_SA=b.school_admin,
        B_IM=b.school_manager,
        A2_IM=a.manager2,
        # helpers, never callers: they fill, submit and file, so they never decide here
        A1_FILL=a.manager1b,
        B1_FILL=b.manager1,
        A2_FILL=a.staff(a.school_admin, f"f2{t}", "info_manager", a.unit2),
    )
    # T1: its first submission approved, a new entry waiting for review, one more drafted
    t1, w.tokens["T1"] = a.teacher(a.manager1, a.unit1, name="教师甲")
    w.fill(t1, "T1")
    [first] = educations_of(w.approve(t1, w.submit(t1, "T1", "U_IM"), "U_IM"))
    w.ok("POST", f"{V1}/teachers/{t1}/sets/education/entries", "T1", 201, json=education(1))
    t1_task = w.submit(t1, "T1", "U_IM")
    t1_draft = w.ok(
        "POST", f"{V1}/teachers/{t1}/sets/education/entries", "T1", 201, json=education(2)
    )["entry_id"]
    t1_change = w.file_change(t1, first, "A1_FILL")
    for name in matrix.CALLERS:
        w.usernames[name] = w.ok("GET", f"{V1}/me", name)["username"]
        w.passwords[name] = PASSWORD

    a1 = build_scope(w, a.code, a.unit1, "S_SA", "A1_FILL", "U_IM", (t1, t1_task, t1_draft))
    a2 = build_scope(w, a.code, a.unit2, "S_SA", "A2_FILL", "A2_IM")
    b1 = build_scope(w, b.code, b.unit1, "B_SA", "B1_FILL", "B_IM")
    t2, t2_entry = a1.pool[0]
    t2_task = next(
        t["task_id"]
        for t in w.ok(
            "GET", f"{V1}/reviews", "A1_FILL", params={"state": "approved", "limit": 500}
        )["items"]
        if t["teacher_id"] == t2
    )
    w.scopes = {
        "A1": a1,
        "A2": a2,
        "B1": b1,
        # the teacher's own: its record, task, change request and account
        "T1": replace(a1, change=t1_change, account=w.ok("GET", f"{V1}/me", "T1")["id"]),
        # outside the teacher: another teacher's record (T2, approved, same unit), unit A2
        "T2": replace(
            a2,
            teacher=t2,
            task=t2_task,
            entry=t2_entry,
            change=a1.change,
            id_number=identity_of(w, t2, "A1_FILL")[0],
            name=identity_of(w, t2, "A1_FILL")[1],
        ),
    }
    a1.pool = a1.pool[1:]
    w.homes = {
        "P_SA": ("A1", None),
        "T1": ("T1", "T2"),
        "B_SA": ("B1", "A1"),
        "B_IM": ("B1", "A1"),
        "A2_IM": ("A2", "A1"),
    }
    w.homes |= dict.fromkeys(("S_SA", "S_IM", "S_IQ"), ("A1", "B1"))
    w.homes |= dict.fromkeys(("U_SA", "U_IM", "U_IQ"), ("A1", "A2"))
    response = api.get(
        f"{V1}/teachers/info-template", w.tokens["S_SA"], params={"format": "csv", "set": "contact"}
    )
    assert response.status_code == 200, response.text
    w.contact_sheet = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[:2]

    # the projections in records, audit and reporting have seen everything above
    for scope in (a1, a2, b1):
        token = w.tokens[scope.filler]
        wait_until(
            lambda scope=scope, token=token: (
                api.get(f"{V1}/teachers/{scope.teacher}/trail", token).status_code == 200
            ),
            message="trail",
        )
        wait_until(
            lambda scope=scope, token=token: (
                api.get(
                    f"{V1}/reports/monthly",
                    token,
                    params={"org_code": scope.unit, "month": THIS_MONTH},
                ).status_code
                == 200
            ),
            message="report",
        )
        wait_until(
            lambda scope=scope, token=token: (
                api.get(f"{V1}/teachers/{scope.teacher}/training", token).status_code == 200
            ),
            message="training",
        )
    return w


@pytest.fixture(scope="module")
def world(system, admin_token):
    return build_world(system, admin_token)


# the requests, one builder per route -------------------------------------------------
# (world, caller, scope, "in" or "out", the expected status) -> Call. A call expected
# to succeed gets a fresh target where it changes what it acts on; one expected to be
# refused gets the scope's shared target (a refusal changes nothing; a call that is not
# refused is reported, whatever it changed).
def ok(status) -> bool:
    return status is not None and status < 300


def items_of(response) -> list:
    return response.json()["items"]


def _lists(key, wanted: bool, what: str):
    def check(response):
        found = any(i.get(key) == what for i in items_of(response))
        if found != wanted:
            return f"{key} {what} {'missing from' if wanted else 'leaks into'} the list"

    return check


def _masked_id_numbers(response) -> str | None:
    """For info_query: every ID number in the answer is masked."""
    numbers = []

    def walk(value):
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "id_number" and isinstance(v, str):
                    numbers.append(v)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(response.json())
    bare = [n for n in numbers if "*" not in n]
    return f"info_query sees unmasked ID numbers {bare}" if bare else None


def _masking(caller, check=None):
    if not caller.endswith("_IQ"):
        return check
    if check is None:
        return _masked_id_numbers
    return lambda response: check(response) or _masked_id_numbers(response)


def _template_lists(unit: str, wanted: bool):
    def check(response):
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        found = any(
            cell == unit
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        )
        if found != wanted:
            return f"unit {unit} {'missing from' if wanted else 'leaks into'} the template"

    return check


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def b_password(w, caller, s, which, expected):
    new = next(_passwords)

    def after(response):  # the change ends the caller's tokens: log in again
        if response.status_code == 204:
            w.login(caller, w.usernames[caller], new)

    return Call(
        "POST",
        f"{V1}/auth/password",
        after=after,
        json={"old_password": w.passwords[caller], "new_password": new},
    )


def b_me(w, caller, s, which, expected):
    def check(response):
        if response.json()["username"] != w.usernames[caller]:
            return f"answered {response.json()['username']}"

    return Call("GET", f"{V1}/me", check=check)


def b_create_org(w, caller, s, which, expected):
    if caller == "P_SA":  # the province creates schools
        body = {
            "code": f"S{tag()}",
            "name": "矩阵学校",
            "level": "school",
            "parent_code": "province",
            "institution_code": new_institution_code(),
        }
    else:
        body = {"code": f"U{tag()}", "name": "矩阵单位", "level": "unit", "parent_code": s.unit}
    return Call("POST", f"{V1}/orgs", json=body)


def b_get_org(w, caller, s, which, expected):
    return Call("GET", f"{V1}/orgs/{s.unit}")


def b_rename_org(w, caller, s, which, expected):
    return Call("PATCH", f"{V1}/orgs/{s.sub}", json={"name": SUB_NAME})


def b_move_org(w, caller, s, which, expected):
    unit = w.new_unit(s.admin, s.unit) if ok(expected) else s.spare
    return Call("POST", f"{V1}/orgs/{unit}/move", json={"parent_code": s.sub})


def b_close_org(w, caller, s, which, expected):
    unit = w.new_unit(s.admin, s.unit) if ok(expected) else s.spare
    return Call("POST", f"{V1}/orgs/{unit}/close", json={"reason": "矩阵测试"})


def b_create_account(w, caller, s, which, expected):
    org_code = s.school if caller == "P_SA" else s.unit  # the province: school accounts
    return Call(
        "POST",
        f"{V1}/accounts",
        json={"username": f"mx{tag()}", "name": "矩阵", "role": "info_query", "org_code": org_code},
    )


def b_list_accounts(w, caller, s, which, expected):
    return Call(
        "GET",
        f"{V1}/accounts",
        params={"org_code": s.unit, "limit": 500},
        check=_lists("id", True, s.account),
    )


def b_get_account(w, caller, s, which, expected):
    return Call("GET", f"{V1}/accounts/{s.account}")


def b_reset_password(w, caller, s, which, expected):
    return Call("POST", f"{V1}/accounts/{s.account}/password-reset")


def b_disable(w, caller, s, which, expected):
    return Call("POST", f"{V1}/accounts/{s.account}/disable", json={"reason": "矩阵测试"})


def b_enable(w, caller, s, which, expected):
    return Call("POST", f"{V1}/accounts/{s.account}/enable", json={"reason": "矩阵测试"})


def b_grant_role(w, caller, s, which, expected):  # the role it has: allowed, changes nothing
    return Call("PUT", f"{V1}/accounts/{s.account}/role", json={"role": "info_query"})


def b_security_log(w, caller, s, which, expected):
    return Call("GET", f"{V1}/security-log", params={"org_code": s.unit})


def b_generate_teacher(w, caller, s, which, expected):
    return Call("POST", f"{V1}/teachers", json=teacher_body(s.unit))


def b_list_teachers(w, caller, s, which, expected):
    return Call(
        "GET",
        f"{V1}/teachers",
        params={"unit_code": s.unit, "limit": 500},
        check=_masking(caller, _lists("teacher_id", True, s.teacher)),
    )


def b_get_record(w, caller, s, which, expected):
    return Call("GET", f"{V1}/teachers/{s.teacher}", check=_masking(caller))


def b_schema_sets(w, caller, s, which, expected):
    return Call("GET", f"{V1}/schema/sets")


def b_put_set(w, caller, s, which, expected):
    return Call("PUT", f"{V1}/teachers/{s.teacher}/sets/contact", json={"mobile": "13800138000"})


def b_add_entry(w, caller, s, which, expected):
    return Call(
        "POST",
        f"{V1}/teachers/{s.teacher}/sets/education/entries",
        json={**education(9), "institution": "矩阵大学"},
    )


def b_update_entry(w, caller, s, which, expected):
    return Call(
        "PUT",
        f"{V1}/teachers/{s.teacher}/sets/education/entries/{s.entry}",
        json={"major": "软件工程"},
    )


def b_submit(w, caller, s, which, expected):
    if not ok(expected):
        return Call("POST", f"{V1}/teachers/{s.teacher}/submit")
    if caller == "T1":  # T1's own record waits for review: a teacher like T1, fresh
        created = w.new_teacher(s.filler, s.unit)
        token = w.api.login_changing_password(created["username"], created["initial_password"])
        w.fill(created["teacher_id"], token=token)
        return Call("POST", f"{V1}/teachers/{created['teacher_id']}/submit", token=token)
    return Call("POST", f"{V1}/teachers/{w.new_draft(s)}/submit")


def b_return(w, caller, s, which, expected):
    teacher = w.new_task(s)[0] if ok(expected) else s.teacher
    return Call("POST", f"{V1}/teachers/{teacher}/return", json={"reason": "矩阵测试"})


def b_list_reviews(w, caller, s, which, expected):
    return Call(
        "GET",
        f"{V1}/reviews",
        params={"state": "pending", "limit": 500},
        check=_masking(caller, _lists("task_id", which == "in", s.task)),
    )


def b_get_review(w, caller, s, which, expected):
    return Call("GET", f"{V1}/reviews/{s.task}", check=_masking(caller))


def b_decide(w, caller, s, which, expected):
    task = w.new_task(s)[1] if ok(expected) else s.task
    return Call("POST", f"{V1}/reviews/{task}/decision", json={"decision": "approve"})


def b_file_change(w, caller, s, which, expected):
    teacher, entry = s.pool.pop() if ok(expected) else (s.teacher, s.entry)
    return Call(
        "POST",
        f"{V1}/teachers/{teacher}/change-requests",
        json={
            "set": "education",
            "entry_id": entry,
            "fields": {"major": "软件工程"},
            "reason": "矩阵测试",
        },
    )


def b_list_changes(w, caller, s, which, expected):
    return Call(
        "GET",
        f"{V1}/change-requests",
        params={"state": "all", "limit": 500},
        check=_masking(caller, _lists("change_id", which == "in", s.change)),
    )


def b_get_change(w, caller, s, which, expected):
    return Call("GET", f"{V1}/change-requests/{s.change}", check=_masking(caller))


def b_decide_change(w, caller, s, which, expected):
    change = w.new_change(s) if ok(expected) else s.change
    return Call("POST", f"{V1}/change-requests/{change}/decision", json={"decision": "approve"})


def b_monthly(w, caller, s, which, expected):
    return Call("GET", f"{V1}/reports/monthly", params={"org_code": s.unit, "month": THIS_MONTH})


def b_trail(w, caller, s, which, expected):
    return Call("GET", f"{V1}/teachers/{s.teacher}/trail")


def b_import_template(w, caller, s, which, expected):
    return Call(
        "GET",
        f"{V1}/teachers/import-template",
        params={"format": "xlsx"},
        check=_template_lists(s.unit, which == "in"),
    )


def b_import(w, caller, s, which, expected):
    sheet = _csv([IMPORT_HEADER, ["矩阵导入", "1", "1985-03", "1", new_id_number(), ""]])
    return Call(
        "POST",
        f"{V1}/teachers/import",
        params={"dry_run": "false", "unit_code": s.unit},
        data=sheet,
        headers={"Content-Type": "text/csv"},
    )


def b_info_template(w, caller, s, which, expected):
    return Call("GET", f"{V1}/teachers/info-template", params={"format": "xlsx"})


def b_info_import(w, caller, s, which, expected):
    """In scope: written. Outside (a dry run): the row is refused like an unknown number."""
    values = {"id_number": s.id_number, "name": s.name, "mobile": "13900139000"}
    sheet = _csv([*w.contact_sheet, [values.get(n, "") for n in w.contact_sheet[1]]])

    def check(response):
        report = response.json()
        if which == "in" and report["errors"]:
            return f"the row was refused: {report['errors']}"
        if which == "out" and (not report["errors"] or report.get("written")):
            return f"the row of a teacher outside the scope was taken: {report}"

    return Call(
        "POST",
        f"{V1}/teachers/info-import",
        params={"dry_run": "false" if which == "in" else "true", "set": "contact"},
        data=sheet,
        headers={"Content-Type": "text/csv"},
        check=check,
    )


def b_file_roster(w, caller, s, which, expected):
    return Call("PUT", f"{V1}/orgs/{s.unit}/roster", json=ROSTER)


def b_get_roster(w, caller, s, which, expected):
    return Call("GET", f"{V1}/orgs/{s.unit}/roster")


def b_list_rosters(w, caller, s, which, expected):
    return Call("GET", f"{V1}/rosters", params={"org_code": s.unit})


def b_export_rosters(w, caller, s, which, expected):
    return Call("GET", f"{V1}/rosters/export", params={"org_code": s.unit})


def b_teacher_change(w, caller, s, which, expected):
    teacher = w.new_teacher(s.filler, s.unit)["teacher_id"] if ok(expected) else s.teacher
    return Call(
        "POST",
        f"{V1}/teachers/{teacher}/changes",
        json={"kind": "retire", "date": date.today().isoformat()},
    )


def b_training_requirement(w, caller, s, which, expected):
    school = s.school if which == "in" else w.foreign_school(caller)
    return Call(
        "PUT",
        f"{V1}/orgs/{school}/training-requirement",
        json={"year": date.today().year, "hours": 72},
    )


def b_training_summary(w, caller, s, which, expected):
    return Call("GET", f"{V1}/training/summary", params={"org_code": s.unit})


def b_teacher_training(w, caller, s, which, expected):
    return Call("GET", f"{V1}/teachers/{s.teacher}/training")


def b_rotations(w, caller, s, which, expected):
    return Call("GET", f"{V1}/rotations", params={"org_code": s.unit})


BUILD = {
    ("POST", f"{V1}/auth/password"): b_password,
    ("GET", f"{V1}/me"): b_me,
    ("POST", f"{V1}/orgs"): b_create_org,
    ("GET", f"{V1}/orgs/{{code}}"): b_get_org,
    ("PATCH", f"{V1}/orgs/{{code}}"): b_rename_org,
    ("POST", f"{V1}/orgs/{{code}}/move"): b_move_org,
    ("POST", f"{V1}/orgs/{{code}}/close"): b_close_org,
    ("POST", f"{V1}/accounts"): b_create_account,
    ("GET", f"{V1}/accounts"): b_list_accounts,
    ("GET", f"{V1}/accounts/{{account_id}}"): b_get_account,
    ("POST", f"{V1}/accounts/{{account_id}}/password-reset"): b_reset_password,
    ("POST", f"{V1}/accounts/{{account_id}}/disable"): b_disable,
    ("POST", f"{V1}/accounts/{{account_id}}/enable"): b_enable,
    ("PUT", f"{V1}/accounts/{{account_id}}/role"): b_grant_role,
    ("GET", f"{V1}/security-log"): b_security_log,
    ("POST", f"{V1}/teachers"): b_generate_teacher,
    ("GET", f"{V1}/teachers"): b_list_teachers,
    ("GET", f"{V1}/teachers/{{teacher_id}}"): b_get_record,
    ("GET", f"{V1}/schema/sets"): b_schema_sets,
    ("PUT", f"{V1}/teachers/{{teacher_id}}/sets/{{set}}"): b_put_set,
    ("POST", f"{V1}/teachers/{{teacher_id}}/sets/{{set}}/entries"): b_add_entry,
    ("PUT", f"{V1}/teachers/{{teacher_id}}/sets/{{set}}/entries/{{entry_id}}"): b_update_entry,
    ("POST", f"{V1}/teachers/{{teacher_id}}/submit"): b_submit,
    ("POST", f"{V1}/teachers/{{teacher_id}}/return"): b_return,
    ("GET", f"{V1}/reviews"): b_list_reviews,
    ("GET", f"{V1}/reviews/{{task_id}}"): b_get_review,
    ("POST", f"{V1}/reviews/{{task_id}}/decision"): b_decide,
    ("POST", f"{V1}/teachers/{{teacher_id}}/change-requests"): b_file_change,
    ("GET", f"{V1}/change-requests"): b_list_changes,
    ("GET", f"{V1}/change-requests/{{change_id}}"): b_get_change,
    ("POST", f"{V1}/change-requests/{{change_id}}/decision"): b_decide_change,
    ("GET", f"{V1}/reports/monthly"): b_monthly,
    ("GET", f"{V1}/teachers/{{teacher_id}}/trail"): b_trail,
    ("GET", f"{V1}/teachers/import-template"): b_import_template,
    ("POST", f"{V1}/teachers/import"): b_import,
    ("GET", f"{V1}/teachers/info-template"): b_info_template,
    ("POST", f"{V1}/teachers/info-import"): b_info_import,
    ("PUT", f"{V1}/orgs/{{code}}/roster"): b_file_roster,
    ("GET", f"{V1}/orgs/{{code}}/roster"): b_get_roster,
    ("GET", f"{V1}/rosters"): b_list_rosters,
    ("GET", f"{V1}/rosters/export"): b_export_rosters,
    ("POST", f"{V1}/teachers/{{teacher_id}}/changes"): b_teacher_change,
    ("PUT", f"{V1}/orgs/{{code}}/training-requirement"): b_training_requirement,
    ("GET", f"{V1}/training/summary"): b_training_summary,
    ("GET", f"{V1}/teachers/{{teacher_id}}/training"): b_teacher_training,
    ("GET", f"{V1}/rotations"): b_rotations,
}


# the tests ------------------------------------------------------------------------------
def route_keys() -> list:
    return [(r.method, r.path) for r in ROUTES]


def test_every_route_has_an_expectation_and_a_request():
    keys = route_keys()
    problems = [
        f"{m} {p}: no row in matrix.EXPECTED (and not in matrix.EXCLUDED)"
        for m, p in keys
        if (m, p) not in matrix.EXPECTED and (m, p) not in matrix.EXCLUDED
    ]
    problems += [
        f"{m} {p}: no request builder in BUILD"
        for m, p in keys
        if (m, p) in matrix.EXPECTED and (m, p) not in BUILD
    ]
    problems += [
        f"{m} {p}: in the table but no longer a route"
        for m, p in set(matrix.EXPECTED) | set(matrix.EXCLUDED) | set(BUILD)
        if (m, p) not in keys
    ]
    problems += [
        f"{m} {p}: excluded, but it needs a token: give it an expectation"
        for r in ROUTES
        for m, p in [(r.method, r.path)]
        if (m, p) in matrix.EXCLUDED and r.auth
    ]
    problems += [
        f"{m} {p}: needs no token, but is not listed in matrix.EXCLUDED"
        for r in ROUTES
        for m, p in [(r.method, r.path)]
        if not r.auth and (m, p) not in matrix.EXCLUDED
    ]
    for key in matrix.EXPECTED:
        try:
            matrix.cells(key)
        except AssertionError as exc:
            problems.append(str(exc))
    assert not problems, "\n" + "\n".join(problems)
    size = matrix.size()
    stated = (
        f"{size['routes']} routes × {size['callers']} callers × {size['scopes']} scopes = "
        f"{size['cells']} cells, of which {size['applicable']} apply"
    )
    assert stated in " ".join(__doc__.split()), f"update the module docstring: {stated}"


def test_every_route_but_the_excluded_refuses_a_call_without_a_token(system):
    problems = []
    for route in ROUTES:
        if not route.auth:
            continue
        path = route.path
        for name in route.path_params:
            path = path.replace(f"{{{name}}}", "x")
        response = system.call(route.method, path, json={} if route.body else None)
        if response.status_code != 401:
            problems.append(f"{route.method} {route.path}: expected 401 got {response.status_code}")
    assert not problems, "\n" + "\n".join(problems)


def _short(response) -> str:
    try:
        error = response.json().get("error") or {}
    except ValueError:
        return ""
    return f"({error.get('code')}: {error.get('message')})" if error else ""


def test_every_route_answers_every_caller_inside_and_outside_its_scope(world):
    w = world
    problems, asked = [], 0
    for method, path in route_keys():
        key = (method, path)
        if key in matrix.EXCLUDED:
            continue
        if key not in matrix.EXPECTED or key not in BUILD:
            problems.append(f"{method} {path}: no expectation or request for this route")
            continue
        cells = matrix.cells(key)
        for caller in matrix.CALLERS:
            for which in matrix.SCOPES:
                expected = cells[caller, which]
                if expected is None:
                    continue
                label = f"{method} {path} {caller} {which}"
                try:
                    call = BUILD[key](w, caller, w.scope(caller, which), which, expected)
                    response = w.api.call(
                        call.method,
                        call.path,
                        call.token or w.tokens[caller],
                        json=call.json,
                        params=call.params,
                        data=call.data,
                        headers=call.headers or {},
                    )
                except Exception as exc:  # a target that could not be built
                    problems.append(f"{label}: setup failed: {exc!r}")
                    continue
                asked += 1
                got = response.status_code
                if got != expected:
                    problems.append(f"{label}: expected {expected} got {got} {_short(response)}")
                elif got < 300 and call.check and (problem := call.check(response)):
                    problems.append(f"{label}: expected {expected} got {got} but {problem}")
                if call.after:
                    call.after(response)
    assert not problems, (
        f"\n{len(problems)} of {asked} answers differ from "
        f"tests/integration/matrix.py:\n" + "\n".join(problems)
    )
    assert asked == matrix.size()["applicable"]


# bad input for account creation ----------------------------------------------------------
def _error_fields(response) -> set:
    return set(response.json()["error"]["fields"])


def _accounts_in(w, who, org_code) -> list:
    return w.ok("GET", f"{V1}/accounts", who, params={"org_code": org_code, "limit": 500})["items"]


@pytest.mark.parametrize(
    "change, field, status",
    [
        ({"username": None}, "username", 400),
        ({"username": ""}, "username", 400),
        ({"username": "ab"}, "username", 400),  # shorter than 3
        ({"username": "u" * 81}, "username", 400),  # longer than 80
        ({"username": "two words"}, "username", 400),
        ({"username": "张老师"}, "username", 400),
        ({"username": "abc\n"}, "username", 400),  # a trailing line break
        ({"username": 12345}, "username", 400),  # not text
        ({"name": None}, "name", 400),
        ({"name": ""}, "name", 400),
        ({"name": "   "}, "name", 400),  # blank
        ({"name": "名" * 101}, "name", 400),
        ({"role": None}, "role", 400),
        ({"role": ""}, "role", 400),
        ({"role": "superuser"}, "role", 400),
        ({"role": "teacher"}, "role", 400),  # teachers are generated
        ({"org_code": None}, "org_code", 400),
        ({"org_code": ""}, "org_code", 400),
        ({"org_code": "o" * 41}, "org_code", 400),
        ({"org_code": "a/b"}, "org_code", 400),
        ({"org_code": "no-such-org"}, "org_code", 404),
        ({"nickname": "x"}, "nickname", 400),  # a field that does not exist
    ],
)
def test_bad_input_for_a_new_account_names_the_field_and_writes_nothing(
    world, change, field, status
):
    w, a1 = world, world.scopes["A1"]
    before = _accounts_in(w, "S_SA", a1.school)
    body = {
        "username": f"bad{tag()}",
        "name": "测试",
        "role": "info_manager",
        "org_code": a1.unit,
    } | change
    body = {k: v for k, v in body.items() if v is not None}
    response = w.api.post(f"{V1}/accounts", w.tokens["S_SA"], json=body)
    assert response.status_code == status, response.text
    assert field in _error_fields(response), response.text
    after = _accounts_in(w, "S_SA", a1.school)
    assert [i["id"] for i in after] == [i["id"] for i in before]


def test_a_taken_username_is_a_conflict_named_by_the_field(world):
    w, a1 = world, world.scopes["A1"]
    taken = w.usernames["U_IM"]
    before = _accounts_in(w, "S_SA", a1.school)
    response = w.api.post(
        f"{V1}/accounts",
        w.tokens["S_SA"],
        json={"username": taken, "name": "重名", "role": "info_query", "org_code": a1.unit},
    )
    assert response.status_code == 409 and _error_fields(response) == {"username"}
    assert [i["id"] for i in _accounts_in(w, "S_SA", a1.school)] == [i["id"] for i in before]


# bad input for org creation (what test_org_tree.py does not cover) -------------------------
@pytest.mark.parametrize(
    "who, change, field, status",
    [
        ("S_SA", {"parent_code": ""}, "parent_code", 400),
        ("S_SA", {"parent_code": "p" * 41}, "parent_code", 400),
        ("S_SA", {"level": ""}, "level", 400),
        ("S_SA", {"name": "   "}, "name", 400),  # blank
        ("S_SA", {"name": 7}, "name", 400),  # not text
        ("S_SA", {"code": 12}, "code", 400),
        ("S_SA", {"code": "学院"}, "code", 400),
        (
            "P_SA",
            {"level": "unit", "parent_code": "province"},
            "level",
            400,
        ),  # a unit under the root
        ("P_SA", {"level": "school", "institution_code": ""}, "institution_code", 400),
        ("P_SA", {"level": "school", "parent_code": "no-such-org"}, "parent_code", 404),
    ],
)
def test_bad_input_for_a_new_org_names_the_field_and_writes_nothing(
    world, who, change, field, status
):
    w, a1 = world, world.scopes["A1"]
    code = f"U{tag()}"
    body = {"code": code, "name": "一个单位", "level": "unit", "parent_code": a1.unit} | change
    if body["level"] == "school" and "institution_code" not in change:
        body["institution_code"] = new_institution_code()
    parent = body["parent_code"] if isinstance(body["parent_code"], str) else a1.unit
    children = w.api.get(f"{V1}/orgs/{parent}", w.tokens[who])
    response = w.api.post(f"{V1}/orgs", w.tokens[who], json=body)
    assert response.status_code == status, response.text
    assert field in _error_fields(response), response.text
    for candidate in {code, str(body["code"])}:
        assert w.api.get(f"{V1}/orgs/{candidate}", w.tokens["P_SA"]).status_code == 404
    if children.status_code == 200:
        assert (
            w.api.get(f"{V1}/orgs/{parent}", w.tokens[who]).json()["children"]
            == children.json()["children"]
        )


def test_a_school_level_org_under_a_unit_is_refused_naming_the_level(world):
    w, a1 = world, world.scopes["A1"]
    code = f"S{tag()}"
    response = w.api.post(
        f"{V1}/orgs",
        w.tokens["P_SA"],
        json={
            "code": code,
            "name": "学校",
            "level": "school",
            "parent_code": a1.unit,
            "institution_code": new_institution_code(),
        },
    )
    assert response.status_code == 400 and _error_fields(response) == {"level"}, response.text
    assert w.api.get(f"{V1}/orgs/{code}", w.tokens["P_SA"]).status_code == 404
