"""Facts from table cells: each numeric cell is a figure whose entity, indicator, period,
unit and scale come from its row and column headers, section rows, caption and notes.

Labels are read innermost first (the cell's own row and column header before a section
row, before the caption), so "as % of China total" under "Real GDP (RMB 100 millions)"
is a share in percent, not an amount in RMB. A footnote on the cell, its row or its
column that names a year or months ("a. 1979", "d. January–November") sets the period.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Cell, Fact, Table, TableNote
from .numbers import is_missing, parse_number, scaled
from .sentence import compatible, is_currency
from .units import UnitSpec, fold, unit_in
from .vocabulary import default_unit, find_indicator, match_indicator, share_of
from .words import words

YEAR = r"(?:1[89]\d\d|20\d\d)"
_SPAN = re.compile(rf"(?<!\d)(?P<a>{YEAR})\s*(?:[-\u2013\u2014]|to)\s*(?P<b>{YEAR}|\d\d)(?!\d)")
_YEAR = re.compile(rf"(?<![\d.,])(?P<y>{YEAR})(?![\d.,])")
_MONTHS = (
    "january february march april may june july august september october november december".split()
)
_MONTH_SPAN = re.compile(
    r"^(?P<a>" + "|".join(_MONTHS) + r")\s*(?:[-\u2013\u2014]|to)\s*(?P<b>" + "|".join(_MONTHS) + r")\b",
    re.IGNORECASE,
)
#: Row labels that are classes or aggregates, not entities: "<10", "10-50", "Total".
_NOT_ENTITY = re.compile(
    r"^(?:[<>\u2264\u2265]?\s*\d[\d,.]*\s*(?:[-\u2013+]\s*\d[\d,.]*|\+)?|total|totals|all|average|mean|median|"
    r"sum|subtotal|other|others|\w+ average)$",
    re.IGNORECASE,
)
#: Stub-column headers that name the kind of row label, not an entity.
_GENERIC = re.compile(r"^(?:year|years|period|indicator|indicators|national indicator|item|items|category|"
                      r"variable|description|country|region|sector|#.*|no\.?)$", re.IGNORECASE)
#: Column headers whose numbers are references, not figures (a table of contents).
_NOT_FIGURES = re.compile(r"^\s*(?:page|pages|p\.|pp\.|no\.|#|rank|code|ref\.?)\s*$", re.IGNORECASE)
#: A caption's subject: "... of the Riverside Cluster Before ...", "... in Hill Province, 2001-07".
_CAPTION_ENTITY = re.compile(
    r"\b(?:in|of|for)\s+(?:the\s+)?(?P<e>(?:(?!(?:Before|After|And|In|Of|For|With|By|During|Since|From|To|At|On|Under|"
    r"Between|Versus)\b)[A-Z][\w'’-]*\s*){1,5})"
)


@dataclass(frozen=True)
class _Found:
    text: str
    how: str


_MONTH_YEAR = re.compile(
    r"\b(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[\s\-/']*(?P<y>(?:19|20)?\d\d)\b",
    re.IGNORECASE,
)
_ABBR = [m[:3] for m in _MONTHS]


def period_in(text: str) -> str | None:
    """A month ("Jun 22", "November 2022" -> "2022-06"), a year ("2006") or a span of years
    ("1978-2008", "2001-07" -> "2001-2007") in ``text``."""
    m = _MONTH_YEAR.search(text)
    if m:
        y = m.group("y")
        year = y if len(y) == 4 else "20" + y
        return f"{year}-{_ABBR.index(fold(m.group('m'))[:3]) + 1:02d}"
    m = _SPAN.search(text)
    if m:
        a, b = m.group("a"), m.group("b")
        if len(b) == 2:
            b = a[:2] + b
        return f"{a}-{b}" if b > a else a
    m = _YEAR.search(text)
    return m.group("y") if m else None


def _note_period(note: TableNote, year: str | None) -> str | None:
    """The period a footnote gives its cell: "1979." -> "1979"; "January–November." in
    2008 -> "2008-01/2008-11"."""
    text = note.text.strip().rstrip(".")
    m = re.fullmatch(YEAR, text)
    if m:
        return text
    m = _MONTH_SPAN.match(text)
    if m and year:
        a = _MONTHS.index(fold(m.group("a"))) + 1
        b = _MONTHS.index(fold(m.group("b"))) + 1
        return f"{year}-{a:02d}/{year}-{b:02d}"
    return None


def _may_be_in(indicator: str, unit: str) -> bool:
    """Whether a table's figures in ``unit`` may be of ``indicator``: a currency heading an
    exchange rate's or a price's column is the numerator of a ratio ("SBD" per unit)."""
    ratio_ok = is_currency(unit) and "ratio" in words().compatible_units.get(indicator, ())
    return compatible(indicator, unit) or ratio_ok


def _labels(cell: Cell, table: Table) -> list[_Found]:
    """The texts that describe a cell, innermost first, each with where it came from."""
    out = [_Found(t, "row header") for t in cell.row_path[-1:]]
    out += [_Found(t, "column header") for t in reversed(cell.header_path)]
    out += [_Found(t, "section row") for t in reversed(cell.row_path[:-1])]
    if table.caption:
        out.append(_Found(table.caption, "caption"))
    return out


def _is_label(cell: Cell) -> bool:
    return cell.is_header or cell.value in cell.row_path or cell.text in cell.row_path


class _TableReader:
    """Reads one table's cells into facts."""

    def __init__(self, table: Table, currency: str | None, country: str | None) -> None:
        self.table, self.currency, self.country = table, currency, country
        self.notes = {n.marker: n for n in table.notes if n.marker}
        self.by_pos = {(c.row, c.col): c for c in table.cells}
        self.headers = [c for c in table.cells if c.is_header]
        self.numeric_cols = {
            c.col for c in table.cells if not _is_label(c) and parse_number(c.value) is not None
        }

    def indicator(self, cell: Cell, stated: str | None) -> tuple[str | None, _Found | None]:
        """Canonical indicator and the label it was read from: the strongest match among
        the cell's headers (innermost first on a tie), else the caption's. A share row
        ("as % of China total") takes the indicator of the nearest row above naming one. An
        indicator whose figures cannot be in the unit the labels state is passed over (a row
        "Unemployment insurance" in a table of US$ is no unemployment rate): ``stated``."""
        best: tuple[int, int, str, _Found] | None = None
        for order, lab in enumerate(_labels(cell, self.table)):
            if lab.how == "caption" and best is not None:
                break
            name, strength = match_indicator(lab.text)
            if name is not None and stated is not None and not _may_be_in(name, stated):
                continue
            # on a tie a column header wins: a row of "Firm average" under "Employees"
            if name is not None and (best is None or strength > best[0]
                                     or (strength == best[0] and lab.how == "column header")):
                best = (strength, order, name, lab)
        if best is None:
            return None, None
        name, lab = best[2], best[3]
        if name == "share" and lab.how in ("row header", "section row"):
            base = self._indicator_above(cell.row)
            return (share_of(base) if base else "share"), lab
        return name, lab

    def _indicator_above(self, row: int) -> str | None:
        for r in range(row - 1, -1, -1):
            stub = self.by_pos.get((r, 0))
            if stub is None or stub.is_header:
                continue
            name = find_indicator(stub.text)
            if name and name != "share":
                return name
        return None

    def unit(self, cell: Cell) -> tuple[UnitSpec, str | None]:
        """Unit and scale from the cell's labels (innermost first, then the caption), else
        from a headnote ("[In thousands ...]"). Units stated by other rows or columns of the
        table (``Table.units``) are theirs, not this cell's. (A unit still unknown is the
        indicator's usual one, "employment" -> count: see ``fact``.)"""
        unit, scale, how = None, None, None
        sources = [(lab.text, lab.how) for lab in _labels(cell, self.table)]
        sources += [(n.text, "headnote") for n in self.table.notes if n.kind == "headnote"]
        for text, where in sources:
            spec = unit_in(text, self.currency, self.country)
            if unit is None and spec.unit:
                unit, how = spec.unit, where
            if scale is None and spec.scale != 1.0:
                scale = spec.scale
            if unit and scale:
                break
        return UnitSpec(unit, scale or 1.0), how

    def period(self, cell: Cell) -> tuple[str | None, str | None]:
        found, how = None, None
        for lab in _labels(cell, self.table):
            p = period_in(lab.text)
            if p:
                found, how = p, lab.how
                break
        for marker in self._markers(cell):
            note = self.notes.get(marker)
            p = _note_period(note, (found or "")[:4] or None) if note else None
            if p:
                return p, "footnote"
        return found, how

    def _markers(self, cell: Cell) -> list[str]:
        """Markers on the cell, on its row's stub, and on its column's header cells."""
        stub = self.by_pos.get((cell.row, 0))
        heads = [c for c in self.headers if c.col <= cell.col < c.col + c.col_span]
        out = list(cell.markers) + (list(stub.markers) if stub and stub is not cell else [])
        return out + [m for h in heads for m in h.markers]

    def entity(self, cell: Cell, indicator_label: _Found | None) -> tuple[str | None, str | None]:
        """The innermost label that is not the indicator's, a period, a unit, a number or
        a generic stub heading ("Year"); else the caption's subject; else the country."""
        for lab in _labels(cell, self.table):
            if lab.how == "caption":
                break
            text = lab.text.strip()
            if (lab == indicator_label or _GENERIC.match(text) or _NOT_ENTITY.match(text) or period_in(text)
                    or unit_in(text, self.currency, self.country)
                    or parse_number(text) is not None or find_indicator(text) == "share"):
                continue
            return text, lab.how
        if self.table.caption:
            caption = _strip_label(self.table.caption, self.table.label)
            found = list(_CAPTION_ENTITY.finditer(caption))
            # "... in Hill Province" names the subject more surely than "... of X"
            found.sort(key=lambda m: not m.group(0).startswith("in "))
            if found:
                return found[0].group("e").strip(), "caption"
        return (self.country, "document") if self.country else (None, None)

    def fact(self, cell: Cell) -> Fact | None:
        if any(_NOT_FIGURES.match(h) for h in cell.header_path):
            return None
        number = parse_number(cell.value)
        missing = number is None and is_missing(cell.value) and cell.col in self.numeric_cols
        if _is_label(cell) or (number is None and not missing):
            return None
        spec, _ = self.unit(cell)
        indicator, ind_label = self.indicator(cell, spec.unit)
        period, period_how = self.period(cell)
        entity, entity_how = self.entity(cell, ind_label)
        unit = spec.unit or default_unit(indicator)
        value = None
        if number is not None:
            scale = 1.0 if unit in ("percent", "percentage_points") else spec.scale
            value = scaled(number.value, number.decimals, scale)
        return Fact(
            fact_id="",
            doc_id=self.table.doc_id,
            page=cell.page,
            bbox=cell.bbox,
            source="table",
            quote=self.quote(cell),
            raw=cell.value,
            value=value,
            unit=unit,
            decimals=number.decimals if number else None,
            entity=entity,
            entity_how=entity_how,
            indicator=indicator,
            indicator_raw=ind_label.text if ind_label else None,
            indicator_how=ind_label.how if ind_label else None,
            period=period,
            period_how=period_how,
            table_id=self.table.table_id,
            row=cell.row,
            col=cell.col,
            missing=missing,
        )

    def quote(self, cell: Cell) -> str:
        parts = [self.table.caption or self.table.label or ""]
        parts.append(" / ".join(cell.row_path))
        return " | ".join(parts) + " | " + " / ".join(cell.header_path) + ": " + cell.text


def _strip_label(caption: str, label: str | None) -> str:
    return caption[len(label):] if label and caption.startswith(label) else caption


def table_facts(tables: Sequence[Table], currency: str | None, country: str | None = None) -> list[Fact]:
    """One fact per numeric (or explicitly missing) body cell of every table."""
    out: list[Fact] = []
    for table in tables:
        reader = _TableReader(table, currency, country)
        for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
            fact = reader.fact(cell)
            if fact is not None:
                out.append(fact)
    return out
