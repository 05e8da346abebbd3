"""Inputs of the records RPCs, one module per feature: the teacher record (`record`; the
sets' fields in `sets`), change requests (变更申请, `change_requests`), teacher changes
(教师变动, `staff_changes`), the training requirement (培训学分, `training`) and the
information import (信息批量导入, `info_import`). The schema classes are also named here,
for whoever takes several features' at once."""

from contracts.records.change_requests import EvidenceSchema, FileChangeSchema
from contracts.records.info_import import InfoImportSchema, InfoTemplateSchema
from contracts.records.record import AsOfSchema, ListTeachersSchema, ReturnSchema
from contracts.records.staff_changes import TeacherChangeSchema
from contracts.records.training import TrainingRequirementSchema

__all__ = [
    "AsOfSchema",
    "EvidenceSchema",
    "FileChangeSchema",
    "InfoImportSchema",
    "InfoTemplateSchema",
    "ListTeachersSchema",
    "ReturnSchema",
    "TeacherChangeSchema",
    "TrainingRequirementSchema",
]
