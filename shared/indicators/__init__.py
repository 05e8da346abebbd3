"""The national indicator system as plain data: code tables, sets, validation,
derived fields. Pure Python (stdlib and shared.idnumbers only)."""

from shared.indicators.codetables import CODE_TABLES, CodeTable
from shared.indicators.derived import (birth_date_from_id, current_post, current_title,
                                       derived_basic_fields, highest_education)
from shared.indicators.sets import (SCHOOL_LEVEL_SETS, SETS, Cascade, Clears, Derived, FieldDef,
                                    RequiredWhen, SetDef, describe_code_tables, describe_sets)
from shared.indicators.validation import (entry_key, incomplete, key_conflicts, missing_required,
                                          validate_entry)

__all__ = ["CODE_TABLES", "CodeTable", "SETS", "SCHOOL_LEVEL_SETS", "FieldDef", "SetDef",
           "Cascade", "Clears", "Derived", "RequiredWhen", "describe_sets",
           "describe_code_tables", "missing_required", "validate_entry", "entry_key",
           "key_conflicts", "incomplete", "highest_education", "current_post", "current_title",
           "birth_date_from_id", "derived_basic_fields"]
