"""培训学分 on the records side: `set_training_requirement` appends
TrainingRequirementSet to the school's stream (rules: domain/training.py). The totals
are reporting's. Training and rotation entries are ordinary entries of the `training`
and `rotation` sets (fill, submit, review: handlers/record.py), so they need nothing
here."""

from datetime import date

from services.records.domain import training
from services.records.read_model.orgs import org_row
from services.records.repository import TrainingRequirements
from shared.caller import Caller


def set_training_requirement(storage, caller: Caller, code: str, request: dict) -> dict:
    with storage.transaction() as uow:
        event = training.set_requirement(
            caller,
            org_row(uow.conn, code),
            request["year"],
            request["hours"],
            request.get("credits"),
            date.today(),
        )
        [envelope] = TrainingRequirements.writing(uow).append_at_head(event.school_code, [event])
    return {
        **envelope["data"],
        "set_at": envelope["occurred_at"],
        "set_by": envelope["metadata"]["actor"],
    }
