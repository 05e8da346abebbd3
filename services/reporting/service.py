"""The reporting service: projections of the accounts, records and audit logs
(monthly report, audit trail). It owns nothing authoritative and can be rebuilt
from the sources' event stores at any time.

The relay's messages arrive on one durable queue per source; several reporting
instances share those queues, and the subscriptions (shared.consumer) keep
every source in order and apply each event once. The entrypoints here only load
the input (with the schemas of contracts.reporting) and call one query; what
applies the events is projections/, put together in wiring.py, and what reads
them is queries/.
"""

from contracts.reporting.monthly import MonthlyReportSchema
from contracts.reporting.rotation import RotationListSchema
from contracts.reporting.trail import TrailSchema
from contracts.reporting.training import TeacherTrainingSchema, TrainingSummarySchema
from services.reporting import wiring
from services.reporting.queries import monthly, rebuild, rotation, trail, training
from services.reporting.tables import metadata
from shared.entrypoints import ServiceBase, consume, queue_following, rpc
from shared.rpc import Context
from shared.schemas import load
from shared.storage import Storage


class ReportingService(ServiceBase):
    name = "reporting"

    storage = Storage("reporting", metadata, subscriptions=wiring.SUBSCRIPTIONS, reset=wiring.reset)
    context = Context()

    @rpc
    def monthly_report(self, payload):
        caller = self.context.require_caller()
        data = load(MonthlyReportSchema(), payload)
        with self.storage.connect() as conn:
            return monthly.monthly_report(conn, caller, data["org_code"], data["month"])

    # business modules: training totals (effective entries only) and rotations -------
    @rpc
    def training_summary(self, payload):
        caller = self.context.require_caller()
        data = load(TrainingSummarySchema(), payload)
        with self.storage.connect() as conn:
            return training.training_summary(conn, caller, data["org_code"], data["year"])

    @rpc
    def teacher_training(self, teacher_id, payload):
        caller = self.context.require_caller()
        data = load(TeacherTrainingSchema(), {**payload, "teacher_id": teacher_id})
        with self.storage.connect() as conn:
            return training.teacher_training(conn, caller, data["teacher_id"], data["year"])

    @rpc
    def list_rotations(self, payload):
        caller = self.context.require_caller()
        query = load(RotationListSchema(), payload)
        with self.storage.connect() as conn:
            return rotation.list_rotations(conn, caller, query)

    @rpc
    def trail(self, teacher_id):
        caller = self.context.require_caller()
        data = load(TrailSchema(), {"teacher_id": teacher_id})
        with self.storage.connect() as conn:
            return trail.trail(conn, caller, data["teacher_id"])

    @rpc
    def rebuild(self):
        replayed = self.storage.rebuild()
        with self.storage.connect() as conn:
            return {"replayed": replayed, "rows": rebuild.counts(conn)}

    @rpc
    def catch_up(self):
        return {"applied": self.storage.catch_up()}

    # the relay's messages: {"source": ..., "events": [envelopes]} --------------
    @consume(queue_following("reporting", "accounts"))
    def from_accounts(self, body):
        self.storage.receive(body)

    @consume(queue_following("reporting", "records"))
    def from_records(self, body):
        self.storage.receive(body)

    @consume(queue_following("reporting", "audit"))
    def from_audit(self, body):
        self.storage.receive(body)
