"""The indicator system as a Markdown document, generated from the definitions themselves.

`docs/indicators.md` is a hand-written introduction followed by this module's output: the
sets with their fields, the cross-field rules, the derived fields and every code table.
A unit test compares the committed file with `render()`, so the document cannot drift
from `shared/indicators`.

    python -m shared.indicators.document            # rewrite docs/indicators.md below MARKER
    python -m shared.indicators.document --check    # exit 1 when it is out of date
    make docs                                       # the same as the first

Pure Python (stdlib only), like the rest of `shared.indicators`.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path

from shared.indicators.codetable_base import LOCAL, LOCAL_NOTE, CodeTable
from shared.indicators.codetables import CODE_TABLES
from shared.indicators.fielddefs import FieldDef, SetDef
from shared.indicators.rules import RULES
from shared.indicators.sets import SETS

MARKER = (
    "<!-- Everything below is generated from shared/indicators by "
    "`python -m shared.indicators.document` (make docs); do not edit it by hand. -->"
)
DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"

LEVEL_NAMES = {"teacher": "teacher (本人)", "unit": "unit (单位)", "school": "school (学校)"}
TYPE_NAMES = {
    "string": "text",
    "code": "code",
    "codes": "codes (several)",
    "date": "date YYYY-MM-DD",
    "month": "month YYYY-MM",
    "integer": "integer",
    "decimal": "decimal",
    "boolean": "boolean",
}


def cell(text: object) -> str:
    """Text that keeps to one Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def code(text: object) -> str:
    return f"`{text}`"


def codes_text(codes: tuple[str, ...] | list[str]) -> str:
    return ", ".join(code(c) for c in codes)


# -- sets ---------------------------------------------------------------------------


def set_summary() -> list[str]:
    lines = [
        "## The 16 information sets (信息子集)",
        "",
        "| # | set | 信息子集 | entries | required | filled by | review level (生效) "
        "| entry key | fields |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in SETS.values():
        key = codes_text(s.key_fields) if s.key_fields else "—"
        if s.unique_key:
            key += " (one entry per key)"
        lines.append(
            f"| {s.order} | [{code(s.name)}](#{anchor(s)}) | {s.label} "
            f"| {'many' if s.many else 'one'} | {'yes' if s.required else 'no'} "
            f"| {', '.join(s.filled_by)} | {s.effective_by} | {key} | {len(s.fields)} |"
        )
    return [*lines, ""]


def anchor(s: SetDef) -> str:
    return f"set-{s.name.replace('_', '-')}"


def field_notes(s: SetDef, fd: FieldDef) -> list[str]:
    """Everything a field's definition says besides name, type and table."""
    notes = []
    if fd.readonly:
        notes.append("read-only: set by another process, never entered")
    if fd.derived:
        how = (
            "may be entered, must agree; filled in when missing"
            if fd.derived.entered
            else ("never entered")
        )
        notes.append(
            f"derived by `{fd.derived.function}` from {codes_text(fd.derived.sources)} ({how})"
        )
    if fd.personal:
        notes.append("personal: masked for info_query")
    if fd.required_when:
        rw = fd.required_when
        condition = f"{code(rw.field)} has a value"
        if rw.any_of:
            condition = f"{code(rw.field)} is {' or '.join(code(c) for c in rw.any_of)}"
        if rw.none_of:
            condition += f", none of {codes_text(rw.none_of)}"
        notes.append(f"required when {condition}")
    if fd.groups:
        notes.append(f"only in the groups {codes_text(fd.groups)} of {code(s.group_field)}")
    if fd.exclusive:
        notes.append(f"exclusive codes (stand alone): {codes_text(fd.exclusive)}")
    if fd.cascade:
        notes.append(f"cascade: allowed codes depend on {code(fd.cascade.depends_on)}")
    if fd.clears:
        trigger = (
            f"is {' or '.join(code(c) for c in fd.clears.when)}"
            if fd.clears.when
            else f"is none of {codes_text(fd.clears.unless)}"
        )
        notes.append(f"when it {trigger}, it clears {codes_text(s.cleared_by(fd))}")
    if fd.minimum is not None or fd.maximum is not None:
        bounds = []
        if fd.minimum is not None:
            bounds.append(f"≥ {fd.minimum}")
        if fd.maximum is not None:
            bounds.append(f"≤ {fd.maximum}")
        notes.append(" and ".join(bounds))
    if fd.unit:
        notes.append(f"unit {fd.unit}")
    if fd.type == "string" and fd.max_length:
        notes.append(f"at most {fd.max_length} characters")
    if fd.pattern:
        notes.append(f"pattern `{fd.pattern}`")
    if fd.default is not None:
        default = (
            ", ".join(str(d) for d in fd.default)
            if isinstance(fd.default, (list, tuple))
            else str(fd.default)
        )
        notes.append(f"form default {code(default)}")
    if fd.help:
        notes.append(fd.help)
    return notes


def required_text(fd: FieldDef) -> str:
    if fd.required and fd.groups:
        return "yes, in its groups"
    if fd.required:
        return "yes"
    if fd.required_when:
        return "when …"
    return ""


def describe_rule(rule: Callable[..., object]) -> str:
    """One line for a rule of `rules.RULES`: a factory's rule by its arguments, any other
    by the first sentence of its docstring."""
    factory = rule.__qualname__.split(".<locals>")[0]
    args = inspect.getclosurevars(rule).nonlocals if "<locals>" in rule.__qualname__ else {}
    if factory == "after":
        return f"{code(args['end'])} later than {code(args['start'])}: {args['message']}"
    if factory == "not_before":
        return f"{code(args['end'])} not before {code(args['start'])}: {args['message']}"
    if factory == "not_after_today":
        return f"{code(args['name'])} ({args['label']}) not in the future"
    if factory == "differ":
        return f"{code(args['name'])} differs from {code(args['other'])}: {args['message']}"
    doc = inspect.getdoc(rule) or rule.__name__
    return f"`{rule.__name__}`: {' '.join(doc.split(chr(10) + chr(10))[0].split())}"


def set_section(s: SetDef) -> list[str]:
    lines = [
        f'<a id="{anchor(s)}"></a>',
        "",
        f"### {s.order}. {s.label} — `{s.name}`",
        "",
    ]
    facts = [
        "one entry per teacher (PUT)" if not s.many else "many entries (POST, PUT by entry)",
        "required before submission (at least one entry)" if s.required else "optional",
        f"filled by {', '.join(LEVEL_NAMES[level] for level in s.filled_by)}",
        f"effective after the {s.effective_by}'s review",
    ]
    if s.key_fields:
        key = f"entry key {codes_text(s.key_fields)}"
        if s.unique_key:
            key += ", at most one entry per key (409 on a second)"
        facts.append(key)
    if s.group_field:
        facts.append(f"grouped by {code(s.group_field)}: only the chosen group's fields")
    lines.append("; ".join(facts) + ".")
    if s.help:
        lines += ["", f"Form help: {s.help}"]
    lines += [
        "",
        "| field | 中文 | type | required | code table | rules |",
        "|---|---|---|---|---|---|",
    ]
    for fd in s.fields:
        table = (
            f"[{code(fd.code_table)}](#table-{fd.code_table.replace('_', '-')})"
            if (fd.code_table)
            else ""
        )
        lines.append(
            f"| {code(fd.name)} | {fd.label} | {TYPE_NAMES[fd.type]} | {required_text(fd)} "
            f"| {table} | {cell('; '.join(field_notes(s, fd)))} |"
        )
    cascades = [fd for fd in s.fields if fd.cascade]
    if cascades:
        lines += [
            "",
            "Cascades (allowed codes by the parent's code; a parent not listed "
            "allows the whole table):",
            "",
        ]
        for fd in cascades:
            assert fd.cascade is not None
            lines.append(f"- {code(fd.name)} by {code(fd.cascade.depends_on)}:")
            for parent, allowed in fd.cascade.codes_by_parent:
                lines.append(f"  - {code(parent)} → {codes_text(allowed)}")
    if s.name in RULES:
        lines += ["", "Cross-field rules (in the order they run):", ""]
        lines += [f"- {describe_rule(rule)}" for rule in RULES[s.name]]
    return [*lines, ""]


# -- derived fields ------------------------------------------------------------------


def derived_section() -> list[str]:
    lines = [
        "## Derived fields (计算项)",
        "",
        "| set | field | 中文 | computed by | from | entered |",
        "|---|---|---|---|---|---|",
    ]
    for s in SETS.values():
        for fd in s.fields:
            if fd.derived:
                lines.append(
                    f"| {code(s.name)} | {code(fd.name)} | {fd.label} | `{fd.derived.function}` "
                    f"| {codes_text(fd.derived.sources)} "
                    f"| {'yes, must agree' if fd.derived.entered else 'no'} |"
                )
    return [*lines, ""]


# -- code tables ---------------------------------------------------------------------


def users_of(table: CodeTable) -> list[str]:
    return [
        f"{s.name}.{fd.name}"
        for s in SETS.values()
        for fd in s.fields
        if fd.code_table == table.name
    ]


def source_of(table: CodeTable) -> str:
    if table.version == LOCAL:
        return "local-1 (codes assigned by this project)"
    if table.version.startswith("local"):
        return f"{table.version} (local)"
    return table.version


def tables_section() -> list[str]:
    total = sum(len(t) for t in CODE_TABLES.values())
    lines = [
        "## Code tables (代码表)",
        "",
        f"{len(CODE_TABLES)} tables, {total} codes. `local-1` marks a table whose codes this "
        f"project assigned for want of an official list ({LOCAL_NOTE}).",
        "",
        "| table | 中文 | version (source) | codes | used by |",
        "|---|---|---|---|---|",
    ]
    for t in CODE_TABLES.values():
        users = users_of(t)
        lines.append(
            f"| [{code(t.name)}](#table-{t.name.replace('_', '-')}) | {t.label} "
            f"| {cell(source_of(t))} | {len(t)} | {cell(', '.join(users)) or '—'} |"
        )
    lines.append("")
    for t in CODE_TABLES.values():
        lines += [
            f'<a id="table-{t.name.replace("_", "-")}"></a>',
            "",
            f"### {t.label} — `{t.name}` ({source_of(t)}, {len(t)} codes)",
            "",
        ]
        if t.note and t.note != LOCAL_NOTE:  # the usual note of local-1 is said above
            lines += [f"Note: {t.note}", ""]
        lines.append(" · ".join(f"{code(c)} {label}" for c, label in t))
        lines.append("")
    return lines


def render() -> str:
    """The generated part of docs/indicators.md (everything after MARKER)."""
    lines = [MARKER, "", *set_summary()]
    lines += ["## The sets, field by field", ""]
    for s in SETS.values():
        lines += set_section(s)
    lines += derived_section()
    lines += tables_section()
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def introduction(text: str) -> str:
    """The hand-written part of the document: everything before MARKER."""
    head, found, _ = text.partition(MARKER)
    if not found:
        raise ValueError(f"{DOCUMENT} has no generated part (the marker line is missing)")
    return head


def main(argv: list[str]) -> int:
    current = DOCUMENT.read_text(encoding="utf-8")
    wanted = introduction(current) + render()
    if "--check" in argv:
        if current != wanted:
            print(f"{DOCUMENT} is out of date: run `make docs`", file=sys.stderr)
            return 1
        return 0
    if current != wanted:
        DOCUMENT.write_text(wanted, encoding="utf-8")
        print(f"wrote {DOCUMENT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
