"""Inputs of the reporting RPCs, one module per feature: monthly.py (the monthly
report), trail.py (a teacher's audit trail), training.py (培训学分（学时）) and
rotation.py (交流轮岗). The gateway, which loads them all from query strings,
takes them from the package by name."""

from contracts.reporting.monthly import MonthlyReportSchema
from contracts.reporting.rotation import RotationListSchema
from contracts.reporting.trail import TrailSchema
from contracts.reporting.training import TeacherTrainingSchema, TrainingSummarySchema

__all__ = [
    "MonthlyReportSchema",
    "RotationListSchema",
    "TeacherTrainingSchema",
    "TrailSchema",
    "TrainingSummarySchema",
]
