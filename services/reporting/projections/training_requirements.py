"""A school's own yearly training requirement (`training_requirements`, from
`TrainingRequirementSet` on records' log): hours and credits per school and
year; the latest one set wins.
"""

from services.reporting.tables import float_or_none, training_requirements
from shared import org_tree


def requirement_set(uow, envelope):
    data = envelope["data"]
    key = (
        training_requirements.c.school_code == data["school_code"],
        training_requirements.c.year == data["year"],
    )
    values = {
        "hours": data["hours"],
        "credits": float_or_none(data.get("credits")),
        "set_at": org_tree.utc_at(envelope["occurred_at"]),
    }
    if not uow.conn.execute(training_requirements.update().where(*key).values(**values)).rowcount:
        uow.conn.execute(
            training_requirements.insert().values(
                school_code=data["school_code"], year=data["year"], **values
            )
        )
