"""The gateway: the HTTP API (docs/architecture.md, the README). It owns nothing; each
endpoint calls one RPC of the owning service, which checks input, role and scope itself.

`@endpoint` (endpoint.py) authenticates, sets the call context, reads the
input and shapes the answer; the paths and their documentation live in
routes.py.
"""

from nameko.rpc import RpcProxy
from werkzeug.wrappers import Response

from services.gateway import health, openapi
from services.gateway.endpoint import endpoint
from services.gateway.http import file_response, json_response
from shared import config
from shared.rpc import Context

V1 = "/api/v1"


def items(result) -> dict:
    """A list answer travels as `{"items": [...]}`, so it can grow fields later."""
    return {"items": result} if isinstance(result, list) else result


class GatewayService:
    name = "gateway"

    accounts = RpcProxy("accounts")
    records = RpcProxy("records")
    audit = RpcProxy("audit")
    reporting = RpcProxy("reporting")
    context = Context()

    # auth and accounts ---------------------------------------------------
    @endpoint("POST", f"{V1}/auth/login")
    def login(self, body):
        return self.accounts.login(body)

    @endpoint("POST", f"{V1}/auth/password")
    def change_password(self, body):
        self.accounts.change_password(body)

    @endpoint("GET", f"{V1}/me")
    def me(self):
        return self.accounts.me()

    @endpoint("POST", f"{V1}/orgs")
    def create_org(self, body):
        return self.accounts.create_org(body)

    @endpoint("GET", f"{V1}/orgs/{{code}}")
    def get_org(self, code):
        return self.accounts.get_org(code)

    @endpoint("PATCH", f"{V1}/orgs/{{code}}")
    def rename_org(self, code, body):
        return self.accounts.rename_org(code, body)

    @endpoint("POST", f"{V1}/orgs/{{code}}/move")
    def move_org(self, code, body):
        return self.accounts.move_org(code, body)

    @endpoint("POST", f"{V1}/orgs/{{code}}/close")
    def close_org(self, code, body):
        return self.accounts.close_org(code, body)

    @endpoint("POST", f"{V1}/accounts")
    def create_account(self, body):
        return self.accounts.create_account(body)

    @endpoint("GET", f"{V1}/accounts")
    def list_accounts(self, query):
        return self.accounts.list_accounts(query)

    @endpoint("GET", f"{V1}/accounts/{{account_id}}")
    def get_account(self, account_id):
        return self.accounts.get_account(account_id)

    @endpoint("POST", f"{V1}/accounts/{{account_id}}/password-reset")
    def reset_password(self, account_id):
        return self.accounts.reset_password(account_id)

    @endpoint("POST", f"{V1}/accounts/{{account_id}}/disable")
    def disable_account(self, account_id, body):
        return self.accounts.disable_account(account_id, body)

    @endpoint("POST", f"{V1}/accounts/{{account_id}}/enable")
    def enable_account(self, account_id, body):
        return self.accounts.enable_account(account_id, body)

    @endpoint("PUT", f"{V1}/accounts/{{account_id}}/role")
    def grant_role(self, account_id, body):
        return self.accounts.grant_role(account_id, body)

    @endpoint("GET", f"{V1}/security-log")
    def security_log(self, query):
        return self.accounts.list_security_log(query)

    @endpoint("POST", f"{V1}/teachers")
    def generate_teacher(self, body):
        return self.accounts.generate_teacher(body)

    @endpoint("GET", f"{V1}/teachers/import-template")
    def teacher_import_template(self, query) -> Response:
        return file_response(self.accounts.teacher_import_template(query))

    @endpoint("POST", f"{V1}/teachers/import")
    def import_teachers(self, query, file):
        answer = self.accounts.import_teachers({"content": file["content"], **query})
        return answer if "created" in answer else json_response(answer, 200)  # a dry run

    @endpoint("GET", f"{V1}/teachers/info-template")
    def info_template(self, query) -> Response:
        return file_response(self.records.info_template(query))

    @endpoint("POST", f"{V1}/teachers/info-import")
    def import_info(self, query, file):
        return self.records.import_info({"content": file["content"], **query})

    # workgroup rosters (附表三) -------------------------------------------
    @endpoint("PUT", f"{V1}/orgs/{{code}}/roster")
    def file_roster(self, code, body):
        return self.accounts.file_roster(code, body)

    @endpoint("GET", f"{V1}/orgs/{{code}}/roster")
    def get_roster(self, code):
        return self.accounts.get_roster(code)

    @endpoint("GET", f"{V1}/rosters")
    def list_rosters(self, query):
        return self.accounts.list_rosters(query)

    @endpoint("GET", f"{V1}/rosters/export")
    def export_rosters(self, query) -> Response:
        return file_response(self.accounts.export_rosters(query))

    # records -------------------------------------------------------------
    @endpoint("GET", f"{V1}/teachers")
    def list_teachers(self, query):
        return self.records.list_teachers(query)

    @endpoint("GET", f"{V1}/teachers/{{teacher_id}}")
    def get_record(self, teacher_id, query):
        return self.records.get_record(teacher_id, query.get("as_of"))

    @endpoint("GET", f"{V1}/schema/sets")
    def schema_sets(self):
        return items(self.records.schema_sets())

    @endpoint("PUT", f"{V1}/teachers/{{teacher_id}}/sets/{{set}}")
    def put_set(self, teacher_id, set, body):
        return self.records.put_set(teacher_id, set, body)

    @endpoint("POST", f"{V1}/teachers/{{teacher_id}}/sets/{{set}}/entries")
    def add_entry(self, teacher_id, set, body):
        return self.records.add_entry(teacher_id, set, body)

    @endpoint("PUT", f"{V1}/teachers/{{teacher_id}}/sets/{{set}}/entries/{{entry_id}}")
    def update_entry(self, teacher_id, set, entry_id, body):
        return self.records.update_entry(teacher_id, set, entry_id, body)

    @endpoint("POST", f"{V1}/teachers/{{teacher_id}}/submit")
    def submit(self, teacher_id):
        return self.records.submit(teacher_id)

    @endpoint("POST", f"{V1}/teachers/{{teacher_id}}/return")
    def return_record(self, teacher_id, body):
        return self.records.return_record(teacher_id, body)

    # reviews -------------------------------------------------------------
    @endpoint("GET", f"{V1}/reviews")
    def list_reviews(self, query):
        return self.audit.list_tasks(query)

    @endpoint("GET", f"{V1}/reviews/{{task_id}}")
    def get_review(self, task_id):
        return self.audit.get_task(task_id)

    @endpoint("POST", f"{V1}/reviews/{{task_id}}/decision")
    def decide(self, task_id, body):
        return self.audit.decide(task_id, body)

    # change requests (变更申请) ---------------------------------------------
    @endpoint("POST", f"{V1}/teachers/{{teacher_id}}/change-requests")
    def file_change_request(self, teacher_id, body):
        return self.records.file_change_request(teacher_id, body)

    @endpoint("GET", f"{V1}/change-requests")
    def list_change_requests(self, query):
        return self.audit.list_change_requests(query)

    @endpoint("GET", f"{V1}/change-requests/{{change_id}}")
    def get_change_request(self, change_id):
        return self.audit.get_change_request(change_id)

    @endpoint("POST", f"{V1}/change-requests/{{change_id}}/decision")
    def decide_change_request(self, change_id, body):
        return self.audit.decide_change_request(change_id, body)

    # reports -------------------------------------------------------------
    @endpoint("GET", f"{V1}/reports/monthly")
    def monthly_report(self, query):
        return self.reporting.monthly_report(query)

    @endpoint("GET", f"{V1}/teachers/{{teacher_id}}/trail")
    def trail(self, teacher_id):
        return items(self.reporting.trail(teacher_id))

    # business modules: 教师变动, 培训学分（学时）, 交流轮岗 ---------------------------
    @endpoint("POST", f"{V1}/teachers/{{teacher_id}}/changes")
    def record_change(self, teacher_id, body):
        return self.records.record_change(teacher_id, body)

    @endpoint("PUT", f"{V1}/orgs/{{code}}/training-requirement")
    def set_training_requirement(self, code, body):
        return self.records.set_training_requirement(code, body)

    @endpoint("GET", f"{V1}/training/summary")
    def training_summary(self, query):
        return self.reporting.training_summary(query)

    @endpoint("GET", f"{V1}/teachers/{{teacher_id}}/training")
    def teacher_training(self, teacher_id, query):
        return self.reporting.teacher_training(teacher_id, query)

    @endpoint("GET", f"{V1}/rotations")
    def list_rotations(self, query):
        return self.reporting.list_rotations(query)

    # system --------------------------------------------------------------
    @endpoint("GET", "/api/health")
    def health(self) -> Response:
        """ok, degraded (parked events, a lag that stands; still 200) or unavailable (503):
        services/gateway/health.py."""
        settings = config.settings()
        answers = health.check(
            {
                "accounts": self.accounts,
                "records": self.records,
                "audit": self.audit,
                "reporting": self.reporting,
            },
            timeout=settings.health_timeout,
        )
        answer = health.assess(
            answers,
            max_lag=settings.health_max_lag,
            stall_seconds=settings.health_stall_seconds,
        )
        return json_response(answer, health.http_status(answer))

    @endpoint("GET", "/api/openapi.json")
    def openapi_document(self):
        return openapi.document()
