"""The information sets (信息子集) and their fields, as plain data.

One `SetDef` per set of the national indicator system, named as the API names it, defined
in `sets_basic` (基本信息, 学习经历, 工作经历, 联系方式), `sets_career` (appointments, pay,
assessment, qualification, ethics, rotation) and `sets_records` (achievements,
talent programmes, training, overseas study, skills). `SETS` lists them in
their `order`. A field's `required` is a required item (`*`) of the national indicator
system; its other metadata (cascade, exclusive, clears, groups, required_when, readonly,
derived, personal, bounds) is checked by `validation.py`, and the rules that
are not metadata live in `rules.py`.

`describe_sets()` is what `GET /api/v1/schema/sets` serves: everything a form
or an import template needs, with the labels in Chinese.
"""

from __future__ import annotations

from typing import Any

from shared.indicators import sets_basic, sets_career, sets_records
from shared.indicators.codetables import CODE_TABLES
from shared.indicators.fielddefs import (
    FIELD_TYPES,
    LEVEL_RANK,
    LEVELS,
    REST,
    ROLES,
    Cascade,
    Clears,
    Derived,
    FieldDef,
    RequiredWhen,
    SetDef,
    f,
)

_f = f  # the old helper name

SETS: dict[str, SetDef] = {
    s.name: s
    for s in sorted(sets_basic.SETS + sets_career.SETS + sets_records.SETS, key=lambda s: s.order)
}
if len(SETS) != len(sets_basic.SETS + sets_career.SETS + sets_records.SETS):
    raise ValueError("two sets share a name")

# Who fills what, in one place: the sets only the school makes effective.
SCHOOL_LEVEL_SETS = tuple(s.name for s in SETS.values() if s.effective_by == "school")


def describe_sets() -> list[dict[str, Any]]:
    """JSON-ready descriptions of every set, for `GET /api/v1/schema/sets`."""
    return [describe_set(s) for s in SETS.values()]


def describe_set(s: SetDef) -> dict[str, Any]:
    return {
        "name": s.name,
        "label": s.label,
        "many": s.many,
        "required": s.required,
        "filled_by": list(s.filled_by),
        "effective_by": s.effective_by,
        "order": s.order,
        "key_fields": list(s.key_fields),
        "unique_key": s.unique_key,
        "group_field": s.group_field,
        "help": s.help,
        "fields": [_describe_field(s, fd) for fd in s.fields],
    }


def _describe_field(s: SetDef, fd: FieldDef) -> dict[str, Any]:
    table = CODE_TABLES.get(fd.code_table) if fd.code_table else None
    return {
        "name": fd.name,
        "label": fd.label,
        "type": fd.type,
        "required": fd.required,
        "required_when": fd.required_when.as_dict() if fd.required_when else None,
        "entered": fd.entered,
        "code_table": fd.code_table,
        "code_table_label": table.label if table else None,
        "code_table_version": table.version if table else None,
        "code_table_note": table.note if table else None,
        "codes": [{"code": c, "label": label} for c, label in table] if table else [],
        "cascade": fd.cascade.as_dict() if fd.cascade else None,
        "exclusive": list(fd.exclusive),
        "clears": {
            "when": list(fd.clears.when),
            "unless": list(fd.clears.unless),
            "fields": list(s.cleared_by(fd)),
        }
        if fd.clears
        else None,
        "groups": list(fd.groups),
        "personal": fd.personal,
        "readonly": fd.readonly,
        "derived": fd.derived.as_dict() if fd.derived else None,
        "default": list(fd.default) if isinstance(fd.default, tuple) else fd.default,
        "max_length": fd.max_length,
        "pattern": fd.pattern,
        "minimum": fd.minimum,
        "maximum": fd.maximum,
        "unit": fd.unit,
        "help": fd.help,
    }


def describe_code_tables() -> list[dict[str, Any]]:
    """Every code table with its version and codes (JSON-ready)."""
    return [
        {
            "name": t.name,
            "label": t.label,
            "version": t.version,
            "note": t.note,
            "codes": [{"code": c, "label": label} for c, label in t],
        }
        for t in CODE_TABLES.values()
    ]


__all__ = [
    "FIELD_TYPES",
    "LEVELS",
    "LEVEL_RANK",
    "REST",
    "ROLES",
    "SCHOOL_LEVEL_SETS",
    "SETS",
    "Cascade",
    "Clears",
    "Derived",
    "FieldDef",
    "RequiredWhen",
    "SetDef",
    "describe_code_tables",
    "describe_set",
    "describe_sets",
]
