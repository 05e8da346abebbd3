"""The records service: every teacher's record, its entries and their states.

Entrypoints only: each loads its input with the contract's schema (contracts/records/)
and calls one handler."""

from contracts.records import change_requests as change_schemas
from contracts.records import info_import as info_schemas
from contracts.records import record as record_schemas
from contracts.records import staff_changes as staff_change_schemas
from contracts.records import training as training_schemas
from contracts.records.sets import load_set_input
from services.records.handlers import change_requests, info_import, record, staff_changes, training
from services.records.read_model import teachers
from services.records.tables import metadata
from services.records.wiring import SUBSCRIPTIONS
from shared.entrypoints import EventSourcedService, command, consume, queue_following, rpc
from shared.rpc import Context
from shared.schemas import load
from shared.storage import Storage


class RecordsService(EventSourcedService):
    name = "records"

    storage = Storage("records", metadata, on_append=teachers.apply, subscriptions=SUBSCRIPTIONS)
    context = Context()

    @rpc
    def get_record(self, teacher_id, as_of=None):
        as_of = load(record_schemas.AsOfSchema(), {"as_of": as_of})["as_of"]
        return record.get_record(self.storage, self.context.require_caller(), teacher_id, as_of)

    @rpc
    def list_teachers(self, payload):
        query = load(record_schemas.ListTeachersSchema(), payload)
        return record.list_teachers(self.storage, self.context.require_caller(), query)

    @rpc
    def schema_sets(self):
        return record.schema_sets()

    @command
    def put_set(self, teacher_id, set_name, fields):
        return record.fill(
            self.storage,
            self.context.require_caller(),
            teacher_id,
            set_name,
            None,
            load_set_input(set_name, fields),
            expected_version=self.context.if_match,
        )

    @command
    def add_entry(self, teacher_id, set_name, fields):
        fields = load_set_input(set_name, fields)
        return record.fill(
            self.storage,
            self.context.require_caller(),
            teacher_id,
            set_name,
            None,
            fields,
            adding=True,
        )

    @command
    def update_entry(self, teacher_id, set_name, entry_id, fields):
        return record.fill(
            self.storage,
            self.context.require_caller(),
            teacher_id,
            set_name,
            entry_id,
            load_set_input(set_name, fields),
            expected_version=self.context.if_match,
        )

    @command
    def submit(self, teacher_id):
        return record.submit(self.storage, self.context.require_caller(), teacher_id)

    @command
    def return_record(self, teacher_id, payload):
        data = load(record_schemas.ReturnSchema(), payload)
        return record.return_record(
            self.storage, self.context.require_caller(), teacher_id, data["reason"]
        )

    @command
    def file_change_request(self, teacher_id, payload):
        data = load(change_schemas.FileChangeSchema(), payload)
        return change_requests.file_change_request(
            self.storage, self.context.require_caller(), teacher_id, data
        )

    # business modules: 教师变动 and the school's training requirement --------------
    @command
    def record_change(self, teacher_id, payload):
        data = load(staff_change_schemas.TeacherChangeSchema(), payload)
        return staff_changes.record_change(
            self.storage, self.context.require_caller(), teacher_id, data
        )

    @command
    def set_training_requirement(self, code, payload):
        data = load(training_schemas.TrainingRequirementSchema(), payload)
        return training.set_training_requirement(
            self.storage, self.context.require_caller(), code, data
        )

    # information sheets (信息批量导入) -------------------------------------------
    @rpc
    def info_template(self, payload):
        query = load(info_schemas.InfoTemplateSchema(), payload)
        return info_import.info_template(self.storage, self.context.require_caller(), query)

    @command
    def import_info(self, payload):
        data = load(info_schemas.InfoImportSchema(), payload)
        return info_import.import_info(self.storage, self.context.require_caller(), data)

    @consume(queue_following("records", "accounts"))
    def on_accounts_events(self, body):
        self.storage.receive(body)

    @consume(queue_following("records", "audit"))
    def on_audit_events(self, body):
        self.storage.receive(body)
