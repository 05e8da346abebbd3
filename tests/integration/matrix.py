"""The expected answers of the authorization matrix (test_authorization_matrix.py).

One entry per gateway route (services/gateway/routes.ROUTES), keyed by (method, path
template). Each entry is two rows of statuses, one per caller (the columns, in the
order of CALLERS):

- `in`:  the call on a target inside the caller's scope,
- `out`: the same call on the same kind of target outside it,

and `-` where the cell does not apply (the province has nothing outside its scope;
/me, /auth/password, /schema/sets and the information-sheet template have no target).
The statuses:

    200 / 201 / 204   allowed
    403               the role may not do this (here, or at all)
    404               the target lies outside the caller's scope: answered like one that
                      does not exist, so the answer reveals nothing

A listing that takes no org (review tasks, change requests) and a download that lists
the caller's units (the teacher import template) answer 200 outside too: there the
test checks that nothing of the other scope is in the answer. The test also checks that
info_query never sees an unmasked ID number.

A role that may never use a route gets 403 where the service checks the role first
and 404 where it checks the scope first; both refuse without revealing anything, and
each cell states which one the service answers.

The callers and their scopes (the world is built by the test module):

    column  account                                in scope              outside
    P_SA    system_admin of the province           school A, unit A1     -
    S_SA    system_admin of school A               unit A1               unit B1 (school B)
    S_IM    info_manager of school A               unit A1               unit B1
    S_IQ    info_query of school A                 unit A1               unit B1
    U_SA    system_admin of unit A1                unit A1               unit A2 (the sibling)
    U_IM    info_manager of unit A1                unit A1               unit A2
    U_IQ    info_query of unit A1                  unit A1               unit A2
    T1      teacher T1 of unit A1                  its own record, A1    T2's record (same unit), A2
    B_SA    system_admin of school B               unit B1               unit A1
    B_IM    info_manager of school B               unit B1               unit A1
    A2_IM   info_manager of unit A2                unit A2               unit A1
"""

V1 = "/api/v1"

CALLERS = ("P_SA", "S_SA", "S_IM", "S_IQ", "U_SA", "U_IM", "U_IQ", "T1", "B_SA", "B_IM", "A2_IM")
SCOPES = ("in", "out")

# Routes that need no token: there is no caller, so no matrix (the test still checks
# that each of them is the only kind of route without authentication).
EXCLUDED = {
    ("POST", f"{V1}/auth/login"): "no token: anyone may try to log in",
    ("GET", "/api/health"): "no token: the load balancer's probe",
    ("GET", "/api/openapi.json"): "no token: the public description of the API",
}

# one string per row; the statuses are split on whitespace
#                                                      P_SA S_SA S_IM S_IQ U_SA U_IM U_IQ  T1  B_SA B_IM A2_IM  # noqa: E501
EXPECTED = {
    # auth: every account, on itself ----------------------------------------------------
    ("POST", f"{V1}/auth/password"): (
        "204  204  204  204  204  204  204  204  204  204  204",
        " -    -    -    -    -    -    -    -    -    -    - ",
    ),
    ("GET", f"{V1}/me"): (
        "200  200  200  200  200  200  200  200  200  200  200",
        " -    -    -    -    -    -    -    -    -    -    - ",
    ),
    # the org tree: a system admin above the parent; anyone reads its own subtree --------
    # (the province creates a school under itself; the others a unit under their unit)
    ("POST", f"{V1}/orgs"): (
        "201  201  403  403  201  403  403  403  201  403  403",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    ("GET", f"{V1}/orgs/{{code}}"): (
        "200  200  200  200  200  200  200  200  200  200  200",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    # rename, move, close: a child unit of the caller's unit, by a system admin above it
    ("PATCH", f"{V1}/orgs/{{code}}"): (
        "200  200  403  403  200  403  403  403  200  403  403",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    ("POST", f"{V1}/orgs/{{code}}/move"): (
        "200  200  403  403  200  403  403  403  200  403  403",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    ("POST", f"{V1}/orgs/{{code}}/close"): (
        "200  200  403  403  200  403  403  403  200  403  403",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    # staff accounts: system admins only (the province at school A, the others at their unit)
    ("POST", f"{V1}/accounts"): (
        "201  201  403  403  201  403  403  403  201  403  403",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    # managing accounts: the role is checked first (403), then the scope (404)
    ("GET", f"{V1}/accounts"): (
        "200  200  403  403  200  403  403  403  200  403  403",
        " -   404  403  403  404  403  403  403  404  403  403",
    ),
    ("GET", f"{V1}/accounts/{{account_id}}"): (
        "200  200  403  403  200  403  403  403  200  403  403",
        " -   404  403  403  404  403  403  403  404  403  403",
    ),
    ("POST", f"{V1}/accounts/{{account_id}}/password-reset"): (
        "200  200  403  403  200  403  403  403  200  403  403",
        " -   404  403  403  404  403  403  403  404  403  403",
    ),
    ("POST", f"{V1}/accounts/{{account_id}}/disable"): (
        "200  200  403  403  200  403  403  403  200  403  403",
        " -   404  403  403  404  403  403  403  404  403  403",
    ),
    ("POST", f"{V1}/accounts/{{account_id}}/enable"): (
        "200  200  403  403  200  403  403  403  200  403  403",
        " -   404  403  403  404  403  403  403  404  403  403",
    ),
    ("PUT", f"{V1}/accounts/{{account_id}}/role"): (
        "200  200  403  403  200  403  403  403  200  403  403",
        " -   404  403  403  404  403  403  403  404  403  403",
    ),
    ("GET", f"{V1}/security-log"): (
        "200  200  403  403  200  403  403  403  200  403  403",
        " -   404  403  403  404  403  403  403  404  403  403",
    ),
    # teachers: generated by a system admin or info manager of the school or unit, never
    # by the province; the unit is looked up in scope first
    ("POST", f"{V1}/teachers"): (
        "403  201  201  403  201  201  403  403  201  201  201",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    # the listing: staff in scope; a unit outside the scope is 404 like the other listings
    ("GET", f"{V1}/teachers"): (
        "200  200  200  200  200  200  200  403  200  200  200",
        " -   404  404  404  404  404  404  403  404  404  404",
    ),
    # the record: the teacher itself and staff in scope; another teacher's record is 404
    ("GET", f"{V1}/teachers/{{teacher_id}}"): (
        "200  200  200  200  200  200  200  200  200  200  200",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    ("GET", f"{V1}/schema/sets"): (
        "200  200  200  200  200  200  200  200  200  200  200",
        " -    -    -    -    -    -    -    -    -    -    - ",
    ),
    # filling (联系方式 / 学习经历, filled by teacher, unit and school): the teacher itself,
    # managers in scope; query accounts read only; the province fills nothing
    ("PUT", f"{V1}/teachers/{{teacher_id}}/sets/{{set}}"): (
        "403  200  200  403  200  200  403  200  200  200  200",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    ("POST", f"{V1}/teachers/{{teacher_id}}/sets/{{set}}/entries"): (
        "403  201  201  403  201  201  403  201  201  201  201",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    ("PUT", f"{V1}/teachers/{{teacher_id}}/sets/{{set}}/entries/{{entry_id}}"): (
        "403  200  200  403  200  200  403  200  200  200  200",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    # submitting: the teacher (T1's column: a fresh teacher on its own fresh record) or a
    # manager in scope; not the province, which enters nothing
    ("POST", f"{V1}/teachers/{{teacher_id}}/submit"): (
        "403  200  200  403  200  200  403  200  200  200  200",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    # returning (退回) a submitted record: an info manager in scope
    ("POST", f"{V1}/teachers/{{teacher_id}}/return"): (
        "403  403  200  403  403  200  403  403  403  200  200",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    # review tasks: staff read them in scope (out: 200, and nothing of the other scope is
    # listed); teachers never; only an info manager decides
    ("GET", f"{V1}/reviews"): (
        "200  200  200  200  200  200  200  403  200  200  200",
        " -   200  200  200  200  200  200  403  200  200  200",
    ),
    ("GET", f"{V1}/reviews/{{task_id}}"): (
        "200  200  200  200  200  200  200  403  200  200  200",
        " -   404  404  404  404  404  404  403  404  404  404",
    ),
    ("POST", f"{V1}/reviews/{{task_id}}/decision"): (
        "403  403  200  403  403  200  403  403  403  200  200",
        " -   404  404  404  404  404  404  403  404  404  404",
    ),
    # change requests (变更申请): filed by an info manager of the unit or school on an
    # effective entry; read by staff in scope (teachers never: role first); decided by an
    # info manager of the teacher's school (then the province), never by a unit
    ("POST", f"{V1}/teachers/{{teacher_id}}/change-requests"): (
        "403  403  201  403  403  201  403  403  403  201  201",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    ("GET", f"{V1}/change-requests"): (
        "200  200  200  200  200  200  200  403  200  200  200",
        " -   200  200  200  200  200  200  403  200  200  200",
    ),
    ("GET", f"{V1}/change-requests/{{change_id}}"): (
        "200  200  200  200  200  200  200  403  200  200  200",
        " -   404  404  404  404  404  404  403  404  404  404",
    ),
    ("POST", f"{V1}/change-requests/{{change_id}}/decision"): (
        "403  403  200  403  403  403  403  403  403  200  403",
        " -   404  404  404  404  404  404  403  404  404  404",
    ),
    # reports and the trail: staff in scope; teachers never (role first)
    ("GET", f"{V1}/reports/monthly"): (
        "200  200  200  200  200  200  200  403  200  200  200",
        " -   404  404  404  404  404  404  403  404  404  404",
    ),
    ("GET", f"{V1}/teachers/{{teacher_id}}/trail"): (
        "200  200  200  200  200  200  200  403  200  200  200",
        " -   404  404  404  404  404  404  403  404  404  404",
    ),
    # teachers in bulk: whoever generates teachers (not the province); the template lists
    # the caller's own units only (out: 200, and no unit of the other scope in it)
    ("GET", f"{V1}/teachers/import-template"): (
        "403  200  200  403  200  200  403  403  200  200  200",
        " -   200  200  403  200  200  403  403  200  200  200",
    ),
    ("POST", f"{V1}/teachers/import"): (
        "403  201  201  403  201  201  403  403  201  201  201",
        " -   404  404  403  404  404  403  403  404  404  404",
    ),
    # information sheets (信息批量导入): whoever fills in scope (not the province); a sheet
    # has no scope of its own: outside, a dry run refuses the row of a teacher outside the
    # scope like an unknown ID number (200, the row reported, nothing written)
    ("GET", f"{V1}/teachers/info-template"): (
        "403  200  200  403  200  200  403  403  200  200  200",
        " -    -    -    -    -    -    -    -    -    -    - ",
    ),
    ("POST", f"{V1}/teachers/info-import"): (
        "403  200  200  403  200  200  403  403  200  200  200",
        " -   200  200  403  200  200  403  403  200  200  200",
    ),
    # workgroup rosters: filed by system admins and info managers above the unit (scope
    # first), read by staff (role first)
    ("PUT", f"{V1}/orgs/{{code}}/roster"): (
        "200  200  200  403  200  200  403  403  200  200  200",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    ("GET", f"{V1}/orgs/{{code}}/roster"): (
        "200  200  200  200  200  200  200  403  200  200  200",
        " -   404  404  404  404  404  404  403  404  404  404",
    ),
    ("GET", f"{V1}/rosters"): (
        "200  200  200  200  200  200  200  403  200  200  200",
        " -   404  404  404  404  404  404  403  404  404  404",
    ),
    ("GET", f"{V1}/rosters/export"): (
        "200  200  200  200  200  200  200  403  200  200  200",
        " -   404  404  404  404  404  404  403  404  404  404",
    ),
    # business modules: 教师变动 by an info manager in scope (the teacher itself: 403)
    ("POST", f"{V1}/teachers/{{teacher_id}}/changes"): (
        "403  403  201  403  403  201  403  403  403  201  201",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    # a school's training requirement: its info manager or one above; "in" is the
    # caller's own school (for a unit's callers and the teacher it lies above them: 403),
    # "out" another school
    ("PUT", f"{V1}/orgs/{{code}}/training-requirement"): (
        "403  403  200  403  403  403  403  403  403  200  403",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    ("GET", f"{V1}/training/summary"): (
        "200  200  200  200  200  200  200  403  200  200  200",
        " -   404  404  404  404  404  404  403  404  404  404",
    ),
    # a teacher's training totals: the teacher itself and staff in scope
    ("GET", f"{V1}/teachers/{{teacher_id}}/training"): (
        "200  200  200  200  200  200  200  200  200  200  200",
        " -   404  404  404  404  404  404  404  404  404  404",
    ),
    ("GET", f"{V1}/rotations"): (
        "200  200  200  200  200  200  200  403  200  200  200",
        " -   404  404  404  404  404  404  403  404  404  404",
    ),
}


def cells(key) -> dict:
    """{(caller, scope): expected status, or None where the cell does not apply}."""
    rows = EXPECTED[key]
    found = {}
    for scope, row in zip(SCOPES, rows, strict=False):
        statuses = row.split()
        assert len(statuses) == len(CALLERS), f"{key} {scope}: {len(statuses)} columns"
        for caller, status in zip(CALLERS, statuses, strict=False):
            found[caller, scope] = None if status == "-" else int(status)
    return found


def size() -> dict:
    applicable = sum(status is not None for key in EXPECTED for status in cells(key).values())
    return {
        "routes": len(EXPECTED),
        "callers": len(CALLERS),
        "scopes": len(SCOPES),
        "cells": len(EXPECTED) * len(CALLERS) * len(SCOPES),
        "applicable": applicable,
    }
