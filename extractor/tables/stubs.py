"""Row labels (``row_path``): the stub columns that name each row, and section rows.

The stub is the run of leading columns whose body cells hold no numbers (when a later
column does): "Trade (eop)" and "Exports ($ millions)" both name the row of 259. Tables set
side by side under a repeated header ("Province | HIDZ (25) | Province | HIDZ (29)") are blocks, each
with its own stub. A section row (text in the stub only) opens a section that prefixes the
paths of the rows under it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, TypeVar

from .lines import HAS_DIGIT_RE, is_numeric

COUNT_RE = re.compile(r"\s*\([^()]*\)$")  # "HIDZ (25)" and "HIDZ (29)" head alike columns


class _Text(Protocol):
    value: str


_T = TypeVar("_T", bound=_Text)


class _Slot(Protocol):
    row: int
    col: int
    row_span: int


def block_width(texts: Mapping[tuple[int, int], _Text], nh: int, n_cols: int) -> int:
    """Columns per block: the period of the last header row's texts (n_cols if none)."""
    if nh < 1:
        return n_cols
    head = [COUNT_RE.sub("", texts[(nh - 1, c)].value) if (nh - 1, c) in texts else "" for c in range(n_cols)]
    for p in range(2, n_cols // 2 + 1):
        if n_cols % p == 0 and head[0] and all(head[c] == head[c % p] for c in range(n_cols)):
            return p
    return n_cols


def _numeric(t: _Text) -> bool:
    return bool(HAS_DIGIT_RE.search(t.value)) and is_numeric(t.value)


def stub_columns(texts: Mapping[tuple[int, int], _Text], nh: int, start: int, width: int) -> list[int]:
    """Leading columns of a block with no number in the body, if a later column has one."""
    numeric = [
        any(_numeric(t) for (r, c), t in texts.items() if r >= nh and c == k) for k in range(start, start + width)
    ]
    k = 0
    while k < width - 1 and not numeric[k]:
        k += 1
    return list(range(start, start + max(1, k))) if any(numeric[k:]) else [start]


def row_paths(
    slots: Sequence[_Slot],
    texts: Mapping[tuple[int, int], _T],
    nh: int,
    n_rows: int,
    n_cols: int,
    is_section: Callable[[Mapping[tuple[int, int], _T], int, int], bool],
) -> dict[tuple[int, int], tuple[str, ...]]:
    """(row, block start) -> row path for every body row of every block."""
    width = block_width(texts, nh, n_cols)
    label: dict[tuple[int, int], str] = {}
    for s in slots:
        for r in range(s.row, s.row + s.row_span):
            label[(r, s.col)] = texts[(s.row, s.col)].value
    out: dict[tuple[int, int], tuple[str, ...]] = {}
    for start in range(0, n_cols, width):
        stubs = stub_columns(texts, nh, start, width)
        section: str | None = None
        for r in range(nh, n_rows):
            if width == n_cols and is_section(texts, r, n_cols):
                section = label.get((r, start)) or None
                out[(r, start)] = (section,) if section else ()
                continue
            names = [label[(r, c)] for c in stubs if label.get((r, c))]
            out[(r, start)] = tuple(p for p in [section, *names] if p)
    return out
