"""The gateway's query and answer schemas of the business modules (教师变动,
培训学分（学时）, 交流轮岗): the queries are reporting's own input schemas
(`schemas.query_schema`); answers document."""

from marshmallow import fields

from contracts import reporting
from services.gateway.schemas import _Answer, query_schema

TrainingSummaryQuery = query_schema(reporting.TrainingSummarySchema)
TeacherTrainingQuery = query_schema(reporting.TeacherTrainingSchema, "teacher_id")
RotationQuery = query_schema(reporting.RotationListSchema)


class TeacherChangeRecorded(_Answer):
    staff_change_id = fields.String()
    teacher_id = fields.String()
    kind = fields.String(metadata={"description": "join, transfer, leave, retire, death"})
    event = fields.String(
        metadata={
            "description": "TeacherJoined, TeacherTransferred, "
            "TeacherLeft, TeacherRetired, TeacherDied"
        }
    )
    date = fields.String()
    change_code = fields.String(metadata={"description": "教师变动 code"})
    status = fields.String(
        metadata={"description": "after the change: active, left, retired or deceased"}
    )
    unit_code = fields.String(metadata={"description": "the teacher's unit after the change"})


class TrainingRequirementRecorded(_Answer):
    school_code = fields.String()
    year = fields.Integer()
    hours = fields.Integer(metadata={"description": "required 学时 a year"})
    credits = fields.String(allow_none=True, metadata={"description": "required 学分, if any"})
    set_at = fields.String()


class TrainingSummary(_Answer):
    org_code = fields.String()
    year = fields.Integer()
    as_of = fields.String(metadata={"description": "the day units and statuses are read on"})
    requirement = fields.Dict(metadata={"description": "{hours, credits, source: school|setting}"})
    rows = fields.List(
        fields.Dict(),
        metadata={"description": "per unit: teachers, hours, credits, below_requirement"},
    )
    totals = fields.Dict()
    below = fields.List(fields.Dict(), metadata={"description": "teachers below the requirement"})


class TeacherTraining(_Answer):
    teacher_id = fields.String()
    years = fields.List(
        fields.Dict(),
        metadata={"description": "per year: hours, credits, requirement, below_requirement"},
    )
    entries = fields.List(fields.Dict(), metadata={"description": "effective entries only"})
    not_effective = fields.Integer(metadata={"description": "entries not (yet) approved"})
