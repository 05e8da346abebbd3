"""The national indicator system as plain data: code tables, sets, validation."""

from shared.indicators.codetables import CODE_TABLES, CodeTable
from shared.indicators.sets import SETS, FieldDef, SetDef, describe_sets
from shared.indicators.validation import missing_required, validate_entry

__all__ = ["CODE_TABLES", "CodeTable", "SETS", "FieldDef", "SetDef", "describe_sets",
           "missing_required", "validate_entry"]
