"""Building blocks for the end-to-end scenarios: a school with units, managers, teachers."""

import uuid
from datetime import date

import requests

from shared.idnumbers import make_resident_id
from tests.support.entries import COMPLETE_BASIC_INFO, EDUCATION_ENTRY
from tests.support.waiting import wait_until  # noqa: F401 -- the scenarios import it from here

_sequence = iter(range(100, 999))


def new_id_number(birth=date(1985, 3, 14), female=False) -> str:
    sequence = next(_sequence)
    if (sequence % 2 == 0) != female:
        sequence = next(_sequence)
    return make_resident_id("460100", birth, sequence)


def new_institution_code() -> str:
    """A fresh 10-digit 机构代码 (unique per org)."""
    return f"4{uuid.uuid4().int % 10**9:09d}"


class School:
    """A school with two units, each with an info manager, and a school-level manager."""

    def __init__(self, api, admin_token):
        self.api = api
        tag = uuid.uuid4().hex[:6]
        self.code, self.unit1, self.unit2 = f"S{tag}", f"S{tag}-U1", f"S{tag}-U2"
        self._post(
            "/api/v1/orgs",
            admin_token,
            code=self.code,
            name="海南大学",
            level="school",
            parent_code="province",
            institution_code=new_institution_code(),
        )
        self.school_admin = self.staff(admin_token, f"sa{tag}", "system_admin", self.code)
        self._post(
            "/api/v1/orgs",
            self.school_admin,
            code=self.unit1,
            name="计算机学院",
            level="unit",
            parent_code=self.code,
        )
        self._post(
            "/api/v1/orgs",
            self.school_admin,
            code=self.unit2,
            name="外国语学院",
            level="unit",
            parent_code=self.code,
        )
        self.school_manager = self.staff(self.school_admin, f"sm{tag}", "info_manager", self.code)
        self.manager1 = self.staff(self.school_admin, f"m1{tag}", "info_manager", self.unit1)
        self.manager1b = self.staff(self.school_admin, f"m1b{tag}", "info_manager", self.unit1)
        self.manager2 = self.staff(self.school_admin, f"m2{tag}", "info_manager", self.unit2)
        self.query1 = self.staff(self.school_admin, f"q1{tag}", "info_query", self.unit1)

    def _post(self, path, token, **body):
        response = self.api.post(path, token, json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def staff(self, creator_token, username, role, org_code) -> str:
        created = self._post(
            "/api/v1/accounts",
            creator_token,
            username=username,
            name=username,
            role=role,
            org_code=org_code,
        )
        return self.api.login_changing_password(username, created["initial_password"])

    def new_staff(self, role="info_manager", org_code=None) -> dict:
        """A fresh account of the school (unit 1 by default) that has changed its
        initial password: `{id, username, token}`."""
        username = f"u{uuid.uuid4().hex[:8]}"
        response = self.api.post(
            "/api/v1/accounts",
            self.school_admin,
            json={
                "username": username,
                "name": "测试",
                "role": role,
                "org_code": org_code or self.unit1,
            },
        )
        assert response.status_code == 201, response.text
        token = self.api.login_changing_password(username, response.json()["initial_password"])
        return {"id": response.json()["account"]["id"], "username": username, "token": token}

    def teacher(self, manager_token, unit_code, name="张三", female=False):
        """Generate a teacher; returns (teacher_id, token of the teacher)."""
        id_number = new_id_number(female=female)
        created = self._post(
            "/api/v1/teachers",
            manager_token,
            name=name,
            gender="2" if female else "1",
            birth_month="1985-03",
            id_type="1",
            id_number=id_number,
            unit_code=unit_code,
        )
        token = self.api.login_changing_password(created["username"], created["initial_password"])
        return created["teacher_id"], token

    def fill_and_submit(self, teacher_id, token):
        api = self.api
        response = api.put(
            f"/api/v1/teachers/{teacher_id}/sets/basic_info", token, json=COMPLETE_BASIC_INFO
        )
        assert response.status_code == 200, response.text
        response = api.post(
            f"/api/v1/teachers/{teacher_id}/sets/education/entries", token, json=EDUCATION_ENTRY
        )
        assert response.status_code == 201, response.text
        response = api.post(f"/api/v1/teachers/{teacher_id}/submit", token)
        assert response.status_code == 200, response.text
        return response.json()


class Api:
    """A small HTTP client for the gateway."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()

    def call(self, method, path, token=None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.session.request(method, self.base + path, headers=headers, timeout=30, **kwargs)

    def get(self, path, token=None, **kw):
        return self.call("GET", path, token, **kw)

    def post(self, path, token=None, **kw):
        return self.call("POST", path, token, **kw)

    def put(self, path, token=None, **kw):
        return self.call("PUT", path, token, **kw)

    def login(self, username, password) -> str:
        response = self.post(
            "/api/v1/auth/login", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.text
        return response.json()["token"]

    def login_changing_password(self, username, initial, new="Changed-pass-1") -> str:
        token = self.login(username, initial)
        response = self.post(
            "/api/v1/auth/password", token, json={"old_password": initial, "new_password": new}
        )
        assert response.status_code == 204, response.text
        return self.login(username, new)
