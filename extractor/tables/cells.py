"""Turn a grid of slots (cell positions holding words) into a :class:`PageTable`.

Shared by every finder: drops empty rows and columns, separates superscript footnote
markers, decides the header rows and fills ``header_path`` and ``row_path``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..records import BBox, round_bbox, union_bbox
from ..words import Word, is_bold
from .lines import HAS_DIGIT_RE, MARKER_SIZE_RATIO, Line, group_lines, is_numeric, main_size, make_line
from .model import PageCell, PageTable
from .stubs import block_width, row_paths

MARKER_RE = re.compile(r"^(?:[a-z]{1,2}|\d{1,2}|[*†‡§]{1,3})\)?,?$")
NOTE_START_RE = re.compile(r"^(?:(?:\d{1,2}|[a-z]|[*†‡§])\s+\S|(?i:sources?|notes?)\s*[:.;])")
#: Dot leaders after a row label: spaced dots ("Total . . . .", "etc. .") or a run of three or more.
LEADER_RE = re.compile(r"(?<=\S)(?:\s+(?:\.\s*)+|(?<=[^\s.])\.{3,}\s*)$")
YEAR_RE = re.compile(r"^(1[89]|20)\d\d[a-z]?$")
TOUCH = 0.05  # words closer than this (in font sizes) are one word
#: The header is at most this many rows when it is found from the first numeric row.
MAX_HEADER_ROWS = 4


@dataclass
class Slot:
    row: int
    col: int
    bbox: BBox
    words: list[Word] = field(default_factory=list)
    row_span: int = 1
    col_span: int = 1


@dataclass
class _Text:
    text: str
    value: str
    markers: tuple[str, ...]
    bold: bool


def cell_text(words: list[Word]) -> _Text:
    """Cell text with lines joined by spaces; smaller raised words are footnote markers."""
    if not words:
        return _Text("", "", (), False)
    parts: list[str] = []
    values: list[str] = []
    markers: list[str] = []
    for line in _markers_joined(group_lines(words), main_size(words)):
        prev: Word | None = None
        for w in line.words:
            w = {**w, "text": "".join(w["text"].split())}  # a glyph " ." inside "11,062 .6"
            size = float(w.get("size", line.size))
            raised = w["bottom"] < line.bottom - 0.15 * line.size
            if size < MARKER_SIZE_RATIO * line.size and raised and MARKER_RE.match(w["text"]):
                markers.append(w["text"].rstrip(",)"))
                parts.append(w["text"])
                prev = None
                continue
            if prev is not None and parts and values and w["x0"] - prev["x1"] < TOUCH * line.size:
                parts[-1] += w["text"]  # a font change split one word ("2,799" + ".2")
                values[-1] += w["text"]
            else:
                parts.append(w["text"])
                values.append(w["text"])
            prev = w
    bold = all(is_bold(str(w.get("fontname", ""))) for w in words)
    text, value = LEADER_RE.sub("", " ".join(parts)), LEADER_RE.sub("", " ".join(values))
    return _Text(text, value, tuple(markers), bold)


def _markers_joined(lines: list[Line], main: float) -> list[Line]:
    """Markers raised onto a line of their own join the line below ("Liquidity" + "2")."""
    out: list[Line] = []
    pending: list[Word] = []
    for line in lines:
        if all(
            float(w.get("size", main)) < MARKER_SIZE_RATIO * main and MARKER_RE.match(w["text"]) for w in line.words
        ):
            pending.extend(line.words)
            continue
        out.append(make_line(line.words + pending) if pending else line)
        pending = []
    if pending:
        out.append(make_line(pending))
    return out


def _compact(slots: list[Slot], n_rows: int, n_cols: int) -> tuple[list[Slot], int, int]:
    """Drop rows and columns in which no slot with text starts; renumber and re-span."""
    full = [s for s in slots if s.words]
    keep_r = sorted({s.row for s in full})
    keep_c = sorted({s.col for s in full})
    rmap = {r: i for i, r in enumerate(keep_r)}
    cmap = {c: i for i, c in enumerate(keep_c)}
    out = []
    for s in full:
        rs = sum(1 for r in keep_r if s.row <= r < s.row + s.row_span)
        cs = sum(1 for c in keep_c if s.col <= c < s.col + s.col_span)
        out.append(Slot(rmap[s.row], cmap[s.col], s.bbox, s.words, max(rs, 1), max(cs, 1)))
    return out, len(keep_r), len(keep_c)


def _numeric_row(texts: dict[tuple[int, int], _Text], row: int, n_cols: int) -> bool:
    vals = [texts[(row, c)].value for c in range(1, n_cols) if (row, c) in texts]
    return any(HAS_DIGIT_RE.search(v) and is_numeric(v) for v in vals)


def _year_row(texts: dict[tuple[int, int], _Text], row: int, n_cols: int) -> bool:
    vals = [texts[(row, c)].value for c in range(1, n_cols) if (row, c) in texts]
    return bool(vals) and all(YEAR_RE.match(v.replace(" ", "")) for v in vals)


def _group_row(texts: dict[tuple[int, int], _Text], n_cols: int) -> bool:
    """Row 0 names groups of columns that row 1 (full, not numeric) heads one by one."""
    row1 = [(1, c) in texts for c in range(n_cols)]
    gaps = [c for c in range(1, n_cols) if (0, c) not in texts and row1[c]]
    return all(row1) and bool(gaps) and not _numeric_row(texts, 1, n_cols)


def is_section_row(texts: Mapping[tuple[int, int], _Text], row: int, n_cols: int) -> bool:
    return n_cols >= 3 and (row, 0) in texts and not any((row, c) in texts for c in range(1, n_cols))


def header_rows(
    texts: dict[tuple[int, int], _Text], spans: dict[tuple[int, int], int], n_rows: int, n_cols: int
) -> int:
    """How many leading rows are column headers (see module docstring of the finders)."""
    if n_rows < 2:
        return 0
    first_num = next(
        (r for r in range(n_rows) if _numeric_row(texts, r, n_cols) and not _year_row(texts, r, n_cols)), None
    )
    if first_num is not None and first_num <= MAX_HEADER_ROWS:
        n = first_num
        for r in range(1, first_num):
            if is_section_row(texts, r, n_cols):
                n = r
                break
        if n == 0 and (0, 0) not in texts and sum((0, c) in texts for c in range(n_cols)) >= 2:
            n = 1  # an empty stub above the stub column: the first row heads the columns
        return min(n, n_rows - 1)
    n = 0
    while n < n_rows - 1 and all(t.bold for (r, _), t in texts.items() if r == n) and any(r == n for r, _ in texts):
        n += 1
    if n == 1 and n_rows > 3 and _group_row(texts, n_cols):
        return 2
    if n:
        return n
    if any(spans.get((0, c), 1) > 1 for c in range(n_cols)) and n_rows > 2:
        return 2
    return 1 if first_num is None and n_rows >= 3 else 0


def build_table(
    page_no: int,
    bbox: BBox,
    method: str,
    slots: list[Slot],
    n_rows: int,
    n_cols: int,
    n_header: int | None = None,
    rules: list[tuple[float, float, float]] | None = None,
) -> PageTable | None:
    """A PageTable from slots; ``n_header`` overrides the header-row rule (e.g. from a rule line);
    ``rules`` (x0, x1, y) are horizontal rules that may underline group headers."""
    slots, n_rows, n_cols = _compact(slots, n_rows, n_cols)
    if n_rows < 1 or n_cols < 1:
        return None
    slots, n_rows, bbox = _drop_notes(slots, n_rows, n_cols, bbox)
    texts = {(s.row, s.col): cell_text(s.words) for s in slots}
    spans = {(s.row, s.col): s.col_span for s in slots}
    nh = header_rows(texts, spans, n_rows, n_cols) if n_header is None else min(n_header, n_rows - 1)
    if rules:
        by_slot = {id(s): texts[(s.row, s.col)] for s in slots}
        _centre_group_headers(slots, nh, rules)
        texts = {(s.row, s.col): by_slot[id(s)] for s in slots}
    _widen_group_headers(slots, nh, n_cols, rules)
    paths = row_paths(slots, texts, nh, n_rows, n_cols, is_section_row)
    width = block_width(texts, nh, n_cols)
    cells = []
    for s in sorted(slots, key=lambda s: (s.row, s.col)):
        t = texts[(s.row, s.col)]
        is_header = s.row < nh
        hp: tuple[str, ...] = ()
        if not is_header:
            hp = _header_path(slots, texts, nh, s.col)
        cells.append(
            PageCell(
                row=s.row,
                col=s.col,
                text=t.text,
                value=t.value,
                markers=t.markers,
                bbox=round_bbox(s.bbox),
                row_span=s.row_span,
                col_span=s.col_span,
                is_header=is_header,
                header_path=hp,
                row_path=() if is_header else paths.get((s.row, s.col - s.col % width), ()),
            )
        )
    return PageTable(
        page=page_no,
        bbox=round_bbox(bbox),
        method=method,
        n_rows=n_rows,
        n_cols=n_cols,
        n_header_rows=nh,
        cells=cells,
    )


def _notes_row(slots: list[Slot], row: int, n_cols: int) -> bool:
    """One cell across the whole grid that starts like a footnote ("1 Value in ...", "Note:")."""
    in_row = [s for s in slots if s.row == row]
    if len(in_row) != 1 or in_row[0].col != 0 or in_row[0].col_span != n_cols:
        return False
    text = " ".join(w["text"] for w in sorted(in_row[0].words, key=lambda w: (round(w["top"]), w["x0"])))
    return bool(NOTE_START_RE.match(text))


def _drop_notes(slots: list[Slot], n_rows: int, n_cols: int, bbox: BBox) -> tuple[list[Slot], int, BBox]:
    """A last row that is one cell of footnotes across the grid is not part of the table."""
    if n_cols < 3 or n_rows < 3 or not _notes_row(slots, n_rows - 1, n_cols):
        return slots, n_rows, bbox
    kept = [s for s in slots if s.row < n_rows - 1]
    out = [Slot(s.row, s.col, s.bbox, s.words, min(s.row_span, n_rows - 1 - s.row), s.col_span) for s in kept]
    return out, n_rows - 1, (bbox[0], bbox[1], bbox[2], min(bbox[3], max(s.bbox[3] for s in kept)))


def _underlined(s: Slot, rules: list[tuple[float, float, float]]) -> bool:
    x0, top, x1, bottom = s.bbox
    return any(a <= x0 and b >= x1 and bottom <= y <= bottom + 0.8 * (bottom - top) + 2 for a, b, y in rules)


def _centre_group_headers(slots: list[Slot], nh: int, rules: list[tuple[float, float, float]]) -> None:
    """An underlined group header in a grid without column rules is centred over the columns
    it heads: it spans the run of columns (between its neighbours, stub column excluded)
    whose middle is nearest its own."""
    ext: dict[int, tuple[float, float]] = {}
    for o in slots:
        if o.row >= nh - 1 and o.col_span == 1:
            a, b = ext.get(o.col, (o.bbox[0], o.bbox[2]))
            ext[o.col] = (min(a, o.bbox[0]), max(b, o.bbox[2]))
    for r in range(nh - 1):
        row = sorted((o for o in slots if o.row == r), key=lambda o: o.col)
        if 2 * sum(1 for o in row if o.col > 0) > sum(1 for c in ext if c > 0) or row[0].col == 0:
            continue  # column headers, or groups that take in the stub column
        free = 1
        for k, s in enumerate(row):
            end = row[k + 1].col - 1 if k + 1 < len(row) else max(ext, default=0)
            if s.col == 0 or s.col_span != 1 or s.col < free:
                free = s.col + s.col_span
                continue
            if not _underlined(s, rules):
                free = s.col + s.col_span
                continue
            mid = (s.bbox[0] + s.bbox[2]) / 2
            best: tuple[float, int, int] | None = None
            for lo in range(free, s.col + 1):
                for hi in range(s.col, end + 1):
                    if lo not in ext or hi not in ext or hi == lo:
                        continue
                    off = abs(mid - (ext[lo][0] + ext[hi][1]) / 2)
                    if off < 0.25 * (ext[hi][1] - ext[lo][0]) and (best is None or off < best[0]):
                        best = (off, lo, hi)
            if best is not None:
                s.col, s.col_span = best[1], best[2] - best[1] + 1
            free = s.col + s.col_span


def _widen_group_headers(
    slots: list[Slot], nh: int, n_cols: int, rules: list[tuple[float, float, float]] | None
) -> None:
    """A header above the last header row heads the empty columns to its right (up to the
    next header in its row): "Eastern Region" over "Province | HIDZ (25)". Where rules are
    drawn, only a header underlined by one does."""
    for r in range(nh - 1):
        row = sorted((s for s in slots if s.row == r), key=lambda s: s.col)
        if 2 * len(row) > n_cols + 1:
            continue  # a row of column headers (a header cell's first line), not of groups
        for k, s in enumerate(row):
            end = row[k + 1].col if k + 1 < len(row) else n_cols
            below = [o for o in slots if o.row == nh - 1 and s.col <= o.col < end]
            if rules and not _underlined(s, rules):
                continue  # a ruled header without its own underline is one column's header
            if len(below) >= 2 and below[0].col == s.col and s.col + s.col_span < end:
                s.col_span = end - s.col


def _header_path(slots: list[Slot], texts: dict[tuple[int, int], _Text], nh: int, col: int) -> tuple[str, ...]:
    path: list[str] = []
    for s in sorted((s for s in slots if s.row < nh), key=lambda s: s.row):
        if s.col <= col < s.col + s.col_span:
            v = texts[(s.row, s.col)].value
            if v and (not path or path[-1] != v):
                path.append(v)
    return tuple(path)


def words_bbox(words: list[Word]) -> BBox:
    return union_bbox([(w["x0"], w["top"], w["x1"], w["bottom"]) for w in words])
