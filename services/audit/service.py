"""The audit service: review tasks and decisions (谁审核谁负责)."""

from contracts.audit import change_requests as change_request_contracts
from contracts.audit import reviews as review_contracts
from services.audit import read_model, wiring
from services.audit.handlers import change_requests, reviews
from services.audit.read_model import change_requests as change_request_reads
from services.audit.read_model import reviews as review_reads
from services.audit.tables import metadata
from shared.entrypoints import EventSourcedService, command, consume, queue_following, rpc
from shared.rpc import Context
from shared.schemas import load
from shared.storage import Storage


class AuditService(EventSourcedService):
    name = "audit"

    storage = Storage(
        "audit", metadata, on_append=read_model.apply, subscriptions=wiring.SUBSCRIPTIONS
    )
    context = Context()

    @rpc
    def list_tasks(self, payload):
        query = load(review_contracts.ListTasksSchema(), payload)
        return review_reads.list_tasks(self.storage, self.context.require_caller(), query)

    @rpc
    def get_task(self, task_id):
        return review_reads.get_task(self.storage, self.context.require_caller(), task_id)

    @command
    def decide(self, task_id, payload):
        data = load(review_contracts.DecisionSchema(), payload)
        return reviews.decide(self.storage, self.context.require_caller(), task_id, data)

    # change requests (变更申请): school, then province ----------------------------
    @rpc
    def list_change_requests(self, payload):
        query = load(change_request_contracts.ListChangeRequestsSchema(), payload)
        return change_request_reads.list_change_requests(
            self.storage, self.context.require_caller(), query
        )

    @rpc
    def get_change_request(self, change_id):
        return change_request_reads.get_change_request(
            self.storage, self.context.require_caller(), change_id
        )

    @command
    def decide_change_request(self, change_id, payload):
        data = load(review_contracts.DecisionSchema(), payload)
        return change_requests.decide(self.storage, self.context.require_caller(), change_id, data)

    @consume(queue_following("audit", "records"))
    def on_records_events(self, body):
        self.storage.receive(body)

    @consume(queue_following("audit", "accounts"))
    def on_accounts_events(self, body):
        self.storage.receive(body)
