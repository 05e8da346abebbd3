"""The definition types of the indicator system: fields, sets and their metadata.

Plain frozen dataclasses, checked when they are built so that a wrong
definition fails at import, not in a form. The rules that read the metadata
(cascade, exclusive, clears, groups, readonly, derived, required_when, bounds)
are in `validation.py`; the rules that are not metadata are in `rules.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as _dc_field
from typing import Any

from shared.indicators.codetable_base import CodeTable
from shared.indicators.codetables import CODE_TABLES

FIELD_TYPES = ("string", "code", "codes", "date", "month", "integer", "decimal", "boolean")
# Who may fill a set, and whose review makes it effective (生效).
LEVELS = ("teacher", "unit", "school")
ROLES = LEVELS  # the old name
LEVEL_RANK = {"teacher": 0, "unit": 1, "school": 2}
REST = "*"  # in Clears.fields: every other field of the set


@dataclass(frozen=True)
class Cascade:
    """A code field whose allowed codes depend on another code field of the set.

    A parent code without an entry in `codes_by_parent` allows every code of
    the field's table.
    """

    depends_on: str
    codes_by_parent: tuple[tuple[str, tuple[str, ...]], ...]

    @classmethod
    def of(cls, depends_on: str, mapping: dict[str, tuple[str, ...]]) -> Cascade:
        return cls(depends_on, tuple((parent, tuple(codes)) for parent, codes in mapping.items()))

    def allowed(self, parent: str) -> tuple[str, ...] | None:
        """The codes allowed under `parent`, or None when it puts no limit."""
        return dict(self.codes_by_parent).get(parent)

    def as_dict(self) -> dict[str, Any]:
        return {
            "depends_on": self.depends_on,
            "codes_by_parent": {p: list(codes) for p, codes in self.codes_by_parent},
        }


@dataclass(frozen=True)
class Clears:
    """Some values of this field empty other fields (e.g. "0 无 clears the rest").

    Triggered when the value is one of `when`, or (with `unless`) when it has a
    value that is none of `unless`. For a multi-code field, when any chosen code
    triggers. Cleared fields are neither checked nor required.
    """

    fields: tuple[str, ...]
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    def triggered_by(self, value: object) -> bool:
        if value is None or value == "" or value == []:
            return False
        codes = list(value) if isinstance(value, (list, tuple)) else [value]
        if self.when:
            return any(code in self.when for code in codes)
        return bool(self.unless) and all(code not in self.unless for code in codes)


@dataclass(frozen=True)
class RequiredWhen:
    """Required only when `field` has a value — one of `any_of` if given, and none
    of `none_of`. (E.g. 用人形式 when 是否在编 is 0.)"""

    field: str
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()

    def holds(self, fields: dict[str, Any]) -> bool:
        value = fields.get(self.field)
        if value is None or value == "" or value == [] or value == ():
            return False
        codes = list(value) if isinstance(value, (list, tuple)) else [value]
        if self.any_of and not any(c in self.any_of for c in codes):
            return False
        return not any(c in self.none_of for c in codes)

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "any_of": list(self.any_of), "none_of": list(self.none_of)}


@dataclass(frozen=True)
class Derived:
    """A field computed by `function` of `shared.indicators.derived` from `sources`.

    `entered=False`: the value comes from other sets (e.g. 最高学历 from 学习经历)
    and is never entered; a value given is refused. `entered=True`: it may be
    given but must agree with its sources, and is filled in when missing
    (e.g. 出生日期 from the ID number).
    """

    function: str
    sources: tuple[str, ...]
    entered: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"function": self.function, "from": list(self.sources), "entered": self.entered}


@dataclass(frozen=True)
class FieldDef:
    name: str
    label: str
    type: str = "string"
    required: bool = False
    code_table: str | None = None
    max_length: int | None = None
    help: str | None = None
    default: object = None  # what a form pre-fills; never applied silently
    pattern: str | None = None  # a regular expression for "string" fields
    cascade: Cascade | None = None
    exclusive: tuple[str, ...] = ()  # codes of a "codes" field that stand alone
    clears: Clears | None = None
    personal: bool = False  # personal data: masked for query accounts
    readonly: bool = False  # set by another process, never entered
    derived: Derived | None = None
    groups: tuple[str, ...] = ()  # only for these codes of the set's group field
    required_when: RequiredWhen | None = None
    minimum: int | None = None  # for integer and decimal fields
    maximum: int | None = None
    unit: str | None = None  # 元, 元/月, 学时 ...

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"{self.name}: unknown field type {self.type!r}")
        if (self.type in ("code", "codes")) != (self.code_table is not None):
            raise ValueError(f"{self.name}: code fields, and only they, name a code table")
        if self.code_table is not None and self.code_table not in CODE_TABLES:
            raise ValueError(f"{self.name}: unknown code table {self.code_table!r}")
        table = CODE_TABLES.get(self.code_table) if self.code_table else None
        if self.exclusive and (
            self.type != "codes" or table is None or any(c not in table for c in self.exclusive)
        ):
            raise ValueError(f"{self.name}: exclusive codes belong to a codes field's table")
        if self.cascade is not None:
            if self.type != "code":
                raise ValueError(f"{self.name}: only a code field cascades")
            for _, codes in self.cascade.codes_by_parent:
                if table is None:  # a code field names its table (checked above)
                    raise ValueError(f"{self.name}: a cascade needs a code table")
                if any(c not in table for c in codes):
                    raise ValueError(f"{self.name}: cascade names a code not in {table.name}")
        if (
            self.clears is not None
            and table is not None
            and any(c not in table for c in self.clears.when + self.clears.unless)
        ):
            raise ValueError(f"{self.name}: clears names a code not in {table.name}")
        if self.default is not None and table is not None:
            defaults = self.default if self.type == "codes" else [self.default]
            if not isinstance(defaults, (list, tuple)) or any(d not in table for d in defaults):
                raise ValueError(f"{self.name}: default {self.default!r} is not in {table.name}")
        if (self.minimum is not None or self.maximum is not None) and self.type not in (
            "integer",
            "decimal",
        ):
            raise ValueError(f"{self.name}: only numbers have bounds")

    @property
    def entered(self) -> bool:
        """False for fields that nobody enters: read-only ones and those derived
        from other sets."""
        return not self.readonly and (self.derived is None or self.derived.entered)


@dataclass(frozen=True)
class SetDef:
    name: str
    label: str
    many: bool
    filled_by: tuple[str, ...]
    fields: tuple[FieldDef, ...]
    effective_by: str = "unit"  # the level whose review makes an entry effective
    order: int = 0
    key_fields: tuple[str, ...] = ()  # what identifies an entry for re-import
    unique_key: bool = False  # at most one entry per key (one a year)
    required: bool = False  # at least one entry before submission
    group_field: str | None = None  # the field whose code selects a group's fields
    help: str | None = None
    _by_name: dict[str, FieldDef] = _dc_field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        by_name = {fd.name: fd for fd in self.fields}
        if len(by_name) != len(self.fields):
            raise ValueError(f"{self.name}: two fields share a name")
        object.__setattr__(self, "_by_name", by_name)
        problems = []
        if not self.filled_by or any(level not in LEVELS for level in self.filled_by):
            problems.append(f"filled_by {self.filled_by!r}")
        if self.effective_by not in ("unit", "school"):
            problems.append(f"effective_by {self.effective_by!r}")
        problems += [f"key field {k}" for k in self.key_fields if k not in by_name]
        if self.group_field is not None and _code_table_of(by_name, self.group_field) is None:
            problems.append(f"group field {self.group_field}")
        for fd in self.fields:
            if fd.cascade:
                parent_table = _code_table_of(by_name, fd.cascade.depends_on)
                if (
                    parent_table is None
                    or by_name[fd.cascade.depends_on].type != "code"
                    or any(p not in parent_table for p, _ in fd.cascade.codes_by_parent)
                ):
                    problems.append(f"{fd.name} cascades on {fd.cascade.depends_on}")
            if fd.clears and any(n != REST and n not in by_name for n in fd.clears.fields):
                problems.append(f"{fd.name} clears an unknown field")
            if fd.required_when and fd.required_when.field not in by_name:
                problems.append(f"{fd.name} required when {fd.required_when.field}")
            if fd.groups:
                group_table = _code_table_of(by_name, self.group_field)
                if group_table is None or any(g not in group_table for g in fd.groups):
                    problems.append(f"{fd.name}: groups {fd.groups}")
        if problems:
            raise ValueError(f"set {self.name}: " + "; ".join(problems))

    def field(self, name: str) -> FieldDef:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"{self.name} has no field {name!r}") from None

    def has_field(self, name: str) -> bool:
        return name in self._by_name

    @property
    def required_fields(self) -> tuple[FieldDef, ...]:
        """The fields every entry must have: required, entered, of no group."""
        return tuple(fd for fd in self.fields if fd.required and fd.entered and not fd.groups)

    @property
    def personal_fields(self) -> tuple[str, ...]:
        return tuple(fd.name for fd in self.fields if fd.personal)

    def cleared_by(self, fd: FieldDef) -> tuple[str, ...]:
        """The names of the fields that `fd`'s Clears empties."""
        if fd.clears is None:
            return ()
        if REST in fd.clears.fields:
            return tuple(g.name for g in self.fields if g.name != fd.name)
        return fd.clears.fields

    def can_fill(self, level: str) -> bool:
        """May an account of `level` ("teacher", "unit", "school") enter this set?"""
        return level in self.filled_by

    def can_make_effective(self, level: str) -> bool:
        """Does a review at `level` make an entry effective? (A unit manager's
        entry in a school-level set waits for the school.)"""
        return level != "teacher" and LEVEL_RANK[level] >= LEVEL_RANK[self.effective_by]


def _code_table_of(by_name: dict[str, FieldDef], name: str | None) -> CodeTable | None:
    """The code table of field `name`, or None when there is no such code field."""
    fd = by_name.get(name) if name is not None else None
    return CODE_TABLES[fd.code_table] if fd is not None and fd.code_table else None


def f(
    name: str,
    label: str,
    type: str = "string",
    *,
    required: bool = False,
    table: str | None = None,
    max_length: int | None = None,
    help: str | None = None,
    default: object = None,
    pattern: str | None = None,
    cascade: Cascade | None = None,
    exclusive: Iterable[str] = (),
    clears: Clears | None = None,
    personal: bool = False,
    readonly: bool = False,
    derived: Derived | None = None,
    groups: Iterable[str] = (),
    required_when: RequiredWhen | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    unit: str | None = None,
) -> FieldDef:
    """A field, with the usual defaults (text fields hold at most 100 characters)."""
    if type == "string" and max_length is None:
        max_length = 100
    return FieldDef(
        name,
        label,
        type,
        required,
        table,
        max_length,
        help,
        default,
        pattern,
        cascade=cascade,
        exclusive=tuple(exclusive),
        clears=clears,
        personal=personal,
        readonly=readonly,
        derived=derived,
        groups=tuple(groups),
        required_when=required_when,
        minimum=minimum,
        maximum=maximum,
        unit=unit,
    )
