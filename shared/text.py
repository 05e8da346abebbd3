"""The one rule for text that comes in, wherever it comes from (an HTTP body or query,
an RPC's arguments, an entry's fields, a sheet's cells).

A string is refused when it holds
- a lone surrogate (U+D800–U+DFFF): not a character at all; it cannot be encoded as
  UTF-8, so it could be neither stored nor sent on;
- a control character: C0 (U+0000–U+001F), DEL (U+007F) or C1 (U+0080–U+009F), except
  tab, line feed and carriage return where the text may have several lines;
- a line or paragraph separator (U+2028, U+2029) where the text is one line;
- a bidi embedding, override or isolate (U+202A–U+202E, U+2066–U+2069): they reorder
  how the text around them is shown, so a name could read as something else.

Everything else is text: Chinese and any other script, full-width and no-break spaces,
emoji. Messages name the offending code point, never the text itself (it may not be
printable, or not encodable). Pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_BIDI = "\u202a-\u202e\u2066-\u2069"
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile("[\t\n\r\u2028\u2029]")
_BIDI_CONTROL = re.compile(f"[{_BIDI}]")
# one pass for the common case: nothing to refuse
_ANY_MULTILINE = re.compile(f"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")
_ANY_SINGLE_LINE = re.compile(f"[\ud800-\udfff\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")


def _at(char: str) -> str:
    return f"U+{ord(char):04X}"


def _reason(value: str, multiline: bool) -> tuple[str, str] | None:
    """(Chinese, English) of the first thing refused in `value`, or None."""
    if not (_ANY_MULTILINE if multiline else _ANY_SINGLE_LINE).search(value):
        return None
    if found := _SURROGATE.search(value):
        return (
            f"含有无效字符 {_at(found.group())}",
            f"contains a lone surrogate {_at(found.group())}",
        )
    if found := _CONTROL.search(value):
        return (
            f"含有控制字符 {_at(found.group())}",
            f"contains the control character {_at(found.group())}",
        )
    if found := _BIDI_CONTROL.search(value):
        return (
            f"含有文字方向控制字符 {_at(found.group())}",
            f"contains the bidi control {_at(found.group())}",
        )
    found = _LINE_BREAK.search(value)
    if found is None:  # what the one-pass search found is one of the above
        return None
    return (
        f"应为单行文本,不能含有 {_at(found.group())}",
        f"one line only, contains {_at(found.group())}",
    )


def problem(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` is refused as text (the first reason found), or None when it is fine.
    `multiline`: tab and line breaks are allowed (a reason, a note)."""
    reason = _reason(value, multiline)
    return f"{reason[0]} ({reason[1]})" if reason else None


def _key_problem(key: str) -> str | None:
    reason = _reason(key, False)
    return f"字段名{reason[0]} (a field name {reason[1]})" if reason else None


def problems(value: object, *, multiline: bool = True, path: str = "") -> dict[str, list[str]]:
    """Every refused string in a JSON-like value (dicts, lists, strings, numbers), by
    the path of its field: `name`, `leader.phone`, `rows.3.name`. A refused key (a
    field's name) is reported at the path of the object holding it (`_body` at the top).
    `multiline` applies to every string (a caller that knows the fields checks each
    one-line field again). Walks without recursion, so any depth is safe."""
    found: dict[str, list[str]] = {}
    todo: list[tuple[str, object]] = [(path, value)]
    while todo:
        where, item = todo.pop()
        if isinstance(item, str):
            reason = problem(item, multiline=multiline)
            if reason:
                found.setdefault(where or "_body", []).append(reason)
        elif isinstance(item, dict):
            for key, child in item.items():
                key = str(key)
                reason = _key_problem(key)
                if reason:
                    found.setdefault(where or "_body", []).append(reason)
                    continue
                todo.append((f"{where}.{key}" if where else key, child))
        elif isinstance(item, (list, tuple)):
            todo.extend(
                (f"{where}.{index}" if where else str(index), child)
                for index, child in enumerate(item)
            )
    return found


def depth(value: object) -> int:
    """How deeply a JSON-like value nests: a scalar 0, `{}` or `[]` 1, `{"a": [1]}` 2.
    Without recursion."""
    deepest, todo = 0, [(1, value)]
    while todo:
        level, item = todo.pop()
        children: Iterable[object]
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        todo.extend((level + 1, child) for child in children)
    return deepest
