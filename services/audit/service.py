"""The audit service: review tasks and decisions (谁审核谁负责)."""
from kombu import Queue
from nameko.messaging import consume
from nameko.rpc import rpc

from services.audit import handlers, read_model, schemas
from services.audit.models import metadata
from shared.outbox import exchange_for
from shared.rpc import Context, load
from shared.storage import Storage


class AuditService:
    name = "audit"

    storage = Storage("audit", metadata, on_append=read_model.apply,
                      subscriptions=handlers.SUBSCRIPTIONS)
    context = Context()

    @rpc
    def list_tasks(self, payload):
        query = load(schemas.ListTasksSchema(), payload)
        return handlers.list_tasks(self.storage, self.context.require_caller(), query)

    @rpc
    def get_task(self, task_id):
        return handlers.get_task(self.storage, self.context.require_caller(), task_id)

    @rpc
    def decide(self, task_id, payload):
        data = load(schemas.DecisionSchema(), payload)
        return handlers.decide(self.storage, self.context.require_caller(), task_id, data)

    @rpc
    def events_since(self, position, limit=500):
        return self.storage.events_since(int(position), min(int(limit), 1000))

    @rpc
    def ping(self):
        return {"service": self.name}

    @consume(Queue("audit.from.records", exchange=exchange_for("records"), routing_key="#",
                   durable=True))
    def on_records_events(self, body):
        self.storage.receive(body)
