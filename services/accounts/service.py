"""The accounts service: org tree, accounts, roles, credentials, workgroup rosters."""

from contracts import accounts as account_contracts
from services.accounts import read_model, wiring
from services.accounts.handlers import accounts, auth, logins, orgs, rosters, teacher_import
from services.accounts.read_model import accounts as account_reads
from services.accounts.read_model import orgs as org_reads
from services.accounts.read_model import rosters as roster_reads
from services.accounts.read_model import security_log
from services.accounts.tables import metadata
from shared.entrypoints import EventSourcedService, command, consume, queue_following, rpc
from shared.rpc import Context
from shared.schemas import load
from shared.storage import Storage


def _bootstrap(storage):
    password = auth.bootstrap(storage)
    if password:
        print(
            f"bootstrap account created: admin / {password}  "
            "(shown once; set ADMIN_PASSWORD to choose it)",
            flush=True,
        )


class AccountsService(EventSourcedService):
    name = "accounts"

    # follows records' teacher changes: disables leavers' accounts, moves transferred ones
    storage = Storage(
        "accounts",
        metadata,
        on_append=read_model.apply,
        on_setup=_bootstrap,
        subscriptions=wiring.SUBSCRIPTIONS,
    )
    context = Context()

    @rpc
    def login(self, payload):
        data = load(account_contracts.LoginSchema(), payload)
        return logins.login(self.storage, data["username"], data["password"], self.context.client)

    @rpc
    def authenticate(self, token):
        return auth.authenticate(self.storage, token)

    @rpc
    def me(self):
        return auth.me(self.storage, self.context.require_caller())

    @command
    def change_password(self, payload):
        data = load(account_contracts.ChangePasswordSchema(), payload)
        auth.change_password(
            self.storage,
            self.context.require_caller(),
            data["old_password"],
            data["new_password"],
            self.context.client,
        )

    # account lifecycle and the security log (system admins in scope) -----------
    @rpc
    def list_accounts(self, payload):
        query = load(account_contracts.AccountListSchema(), payload)
        return account_reads.list_accounts(self.storage, self.context.require_caller(), query)

    @rpc
    def get_account(self, account_id):
        return account_reads.get_account(self.storage, self.context.require_caller(), account_id)

    @command
    def reset_password(self, account_id):
        return accounts.reset_password(
            self.storage, self.context.require_caller(), account_id, self.context.client
        )

    @command
    def disable_account(self, account_id, payload):
        data = load(account_contracts.AccountReasonSchema(), payload)
        return accounts.disable(
            self.storage,
            self.context.require_caller(),
            account_id,
            data["reason"],
            self.context.client,
        )

    @command
    def enable_account(self, account_id, payload):
        data = load(account_contracts.AccountReasonSchema(), payload)
        return accounts.enable(
            self.storage,
            self.context.require_caller(),
            account_id,
            data["reason"],
            self.context.client,
        )

    @command
    def grant_role(self, account_id, payload):
        data = load(account_contracts.GrantRoleSchema(), payload)
        return accounts.grant_role(
            self.storage,
            self.context.require_caller(),
            account_id,
            data["role"],
            self.context.client,
        )

    @rpc
    def list_security_log(self, payload):
        query = load(account_contracts.SecurityLogQuerySchema(), payload)
        return security_log.page(self.storage, self.context.require_caller(), query)

    @command
    def create_org(self, payload):
        data = load(account_contracts.CreateOrgSchema(), payload)
        return orgs.create_org(self.storage, self.context.require_caller(), data)

    @rpc
    def get_org(self, code):
        return org_reads.get_org(self.storage, self.context.require_caller(), code)

    @command
    def rename_org(self, code, payload):
        data = load(account_contracts.RenameOrgSchema(), payload)
        return orgs.rename_org(self.storage, self.context.require_caller(), code, data)

    @command
    def move_org(self, code, payload):
        data = load(account_contracts.MoveOrgSchema(), payload)
        return orgs.move_org(self.storage, self.context.require_caller(), code, data)

    @command
    def close_org(self, code, payload):
        data = load(account_contracts.CloseOrgSchema(), payload)
        return orgs.close_org(self.storage, self.context.require_caller(), code, data)

    @rpc
    def list_orgs(self):
        return org_reads.list_orgs(self.storage, self.context.require_caller())

    @command
    def create_account(self, payload):
        data = load(account_contracts.CreateAccountSchema(), payload)
        return accounts.create_account(self.storage, self.context.require_caller(), data)

    @command
    def generate_teacher(self, payload):
        data = load(account_contracts.GenerateTeacherSchema(), payload)
        return accounts.generate_teacher(self.storage, self.context.require_caller(), data)

    # teachers in bulk (批量导入) and workgroup rosters (附表三) -----------------
    @rpc
    def teacher_import_template(self, payload):
        data = load(account_contracts.ImportTemplateSchema(), payload)
        return teacher_import.import_template(
            self.storage, self.context.require_caller(), data["format"]
        )

    @command
    def import_teachers(self, payload):
        data = load(account_contracts.ImportTeachersSchema(), payload)
        return teacher_import.import_teachers(self.storage, self.context.require_caller(), data)

    @command
    def file_roster(self, code, payload):
        data = load(account_contracts.RosterSchema(), payload)
        return rosters.file_roster(self.storage, self.context.require_caller(), code, data)

    @rpc
    def get_roster(self, code):
        return roster_reads.get_roster(self.storage, self.context.require_caller(), code)

    @rpc
    def list_rosters(self, payload):
        query = load(account_contracts.RosterQuerySchema(), payload)
        return roster_reads.list_rosters(self.storage, self.context.require_caller(), query)

    @rpc
    def export_rosters(self, payload):
        query = load(account_contracts.RosterQuerySchema(), payload)
        return roster_reads.export_rosters(self.storage, self.context.require_caller(), query)

    @consume(queue_following("accounts", "records"))
    def on_records_events(self, body):
        self.storage.receive(body)
