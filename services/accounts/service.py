"""The accounts service: org tree, accounts, roles, credentials."""
from nameko.rpc import rpc

from services.accounts import auth, orgs, people, read_model, schemas
from services.accounts.models import metadata
from shared.entrypoints import EventSourcedService
from shared.rpc import Context, load
from shared.storage import Storage


def _bootstrap(storage):
    password = auth.bootstrap(storage)
    if password:
        print(f"bootstrap account created: admin / {password}  "
              "(shown once; set ADMIN_PASSWORD to choose it)", flush=True)


class AccountsService(EventSourcedService):
    name = "accounts"

    storage = Storage("accounts", metadata, on_append=read_model.apply, on_setup=_bootstrap)
    context = Context()

    @rpc
    def login(self, payload):
        data = load(schemas.LoginSchema(), payload)
        return auth.login(self.storage, data["username"], data["password"])

    @rpc
    def authenticate(self, token):
        return auth.authenticate(self.storage, token)

    @rpc
    def me(self):
        return auth.me(self.storage, self.context.require_caller())

    @rpc
    def change_password(self, payload):
        data = load(schemas.ChangePasswordSchema(), payload)
        auth.change_password(self.storage, self.context.require_caller(),
                                 data["old_password"], data["new_password"])

    @rpc
    def create_org(self, payload):
        data = load(schemas.CreateOrgSchema(), payload)
        return orgs.create_org(self.storage, self.context.require_caller(), data)

    @rpc
    def get_org(self, code):
        return orgs.get_org(self.storage, self.context.require_caller(), code)

    @rpc
    def list_orgs(self):
        return orgs.list_orgs(self.storage, self.context.require_caller())

    @rpc
    def create_account(self, payload):
        data = load(schemas.CreateAccountSchema(), payload)
        return people.create_account(self.storage, self.context.require_caller(), data)

    @rpc
    def generate_teacher(self, payload):
        data = load(schemas.GenerateTeacherSchema(), payload)
        return people.generate_teacher(self.storage, self.context.require_caller(), data)
