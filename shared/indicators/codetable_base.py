"""The code table type (代码表) shared by every table module.

A table keeps codes and labels together under a version, so a list can change
(a new version) without rewriting history. Codes travel as strings. The order
of `codes` is meaningful: it is the order a form lists them in, and for the
ranked tables (学历, 学位层次) it runs from the highest to the lowest.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

# The version of every list whose codes this project assigned itself, for want
# of an official list to check against. Such a table says so in its `note`.
LOCAL = "local-1"
LOCAL_NOTE = (
    "本地编码:未找到官方代码表,代码由本项目统一分配 "
    "(codes assigned by this project; no official list was found)"
)


@dataclass(frozen=True)
class CodeTable:
    name: str
    label: str
    version: str
    codes: tuple[tuple[str, str], ...]
    note: str | None = None

    def __post_init__(self) -> None:
        seen = [c for c, _ in self.codes]
        if len(seen) != len(set(seen)):
            raise ValueError(f"code table {self.name} repeats a code")

    def label_of(self, code: str) -> str | None:
        """The label of `code`, or None when the table has no such code."""
        return dict(self.codes).get(code)

    def rank(self, code: str) -> int:
        """The position of `code` in the table (0 = first); unknown codes rank last."""
        for position, (c, _) in enumerate(self.codes):
            if c == code:
                return position
        return len(self.codes)

    @property
    def code_list(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.codes)

    def __contains__(self, code: object) -> bool:
        return any(code == c for c, _ in self.codes)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)


def table(name: str, label: str, version: str, text: str, note: str | None = None) -> CodeTable:
    """Build a table from lines of "code label"."""
    return CodeTable(name, label, version, _pairs(name, text), note)


def _pairs(name: str, text: str) -> tuple[tuple[str, str], ...]:
    """(code, label) of each line "code label"; a line without its label is refused here,
    naming the table, rather than later where the pair is taken apart."""
    pairs = []
    for line in text.strip().splitlines():
        parts = line.split(maxsplit=1)
        if len(parts) != 2:
            raise ValueError(f"code table {name}: the line {line!r} has no label")
        pairs.append((parts[0], parts[1]))
    return tuple(pairs)


def local_table(name: str, label: str, text: str, note: str | None = None) -> CodeTable:
    """A table whose codes this project assigned (version "local-1")."""
    return table(
        name,
        label,
        LOCAL,
        text,
        note or LOCAL_NOTE,
    )


def merged(
    name: str,
    label: str,
    version: str,
    *tables: CodeTable,
    extra: str = "",
    note: str | None = None,
) -> CodeTable:
    """One table holding the codes of `tables` (in order) and then `extra` lines."""
    pairs = tuple(pair for t in tables for pair in t.codes)
    if extra.strip():
        pairs += _pairs(name, extra)
    return CodeTable(name, label, version, pairs, note)
