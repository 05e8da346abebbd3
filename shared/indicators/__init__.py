"""The national indicator system as plain data: code tables, sets, validation,
derived fields. Pure Python (stdlib and shared.idnumbers only)."""

from shared.indicators.codetables import CODE_TABLES, CodeTable
from shared.indicators.derived import (
    birth_date_from_id,
    current_post,
    current_title,
    derived_basic_fields,
    highest_education,
)
from shared.indicators.sets import (
    SCHOOL_LEVEL_SETS,
    SETS,
    Cascade,
    Clears,
    Derived,
    FieldDef,
    RequiredWhen,
    SetDef,
    describe_code_tables,
    describe_sets,
)
from shared.indicators.validation import (
    entry_key,
    incomplete,
    key_conflicts,
    missing_required,
    validate_entry,
)

__all__ = [
    "CODE_TABLES",
    "SCHOOL_LEVEL_SETS",
    "SETS",
    "Cascade",
    "Clears",
    "CodeTable",
    "Derived",
    "FieldDef",
    "RequiredWhen",
    "SetDef",
    "birth_date_from_id",
    "current_post",
    "current_title",
    "derived_basic_fields",
    "describe_code_tables",
    "describe_sets",
    "entry_key",
    "highest_education",
    "incomplete",
    "key_conflicts",
    "missing_required",
    "validate_entry",
]
