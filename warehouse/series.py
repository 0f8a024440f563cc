"""One indicator for one entity over periods, from every document side by side.

A series is the facts matching an entity and an indicator (matched as ``evidence query``
matches them), laid out as periods (rows) by sources (columns: a document and the unit its
figures are in). A value taking part in a consistency flag nobody dismissed is marked as
disagreeing; a period where sources print different values is marked too (that may be a
revision or a different definition, which the checks decide, not the series).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .database import Warehouse
from .facts_query import FactFilter, find_facts


@dataclass(frozen=True)
class Point:
    fact_id: str
    period: str
    value: float
    raw: str
    page: int
    flagged: bool


@dataclass(frozen=True)
class Source:
    doc_id: str
    title: str
    unit: str | None
    points: list[Point] = field(default_factory=list)


@dataclass(frozen=True)
class Series:
    entity: str
    indicator: str
    sources: list[Source]

    def periods(self) -> list[str]:
        return sorted({p.period for s in self.sources for p in s.points}, key=period_key)

    def differing_periods(self) -> set[str]:
        """Periods in which sources of the same unit print different values."""
        seen: dict[tuple[str, str | None], set[float]] = {}
        for s in self.sources:
            for p in s.points:
                seen.setdefault((p.period, s.unit), set()).add(round(p.value, 9))
        return {period for (period, _), values in seen.items() if len(values) > 1}


def period_key(period: str) -> tuple[int, str]:
    years = re.findall(r"\d{4}", period)
    return (int(years[0]) if years else 0, period)


def build(wh: Warehouse, entity: str, indicator: str, *, limit: int = 10_000) -> Series:
    rows = [r for r in find_facts(wh, FactFilter(entity=entity, indicator=indicator, limit=limit))
            if r["period"] and r["value"] is not None]
    flagged = _flagged(wh, [r["fact_id"] for r in rows])
    sources: dict[tuple[str, str | None], Source] = {}
    for r in rows:
        key = (r["doc_id"], r["unit"])
        src = sources.setdefault(key, Source(r["doc_id"], r["title"] or r["doc_id"][:12], r["unit"]))
        src.points.append(Point(r["fact_id"], r["period"], r["value"], r["raw"], r["page"], r["fact_id"] in flagged))
    for src in sources.values():
        src.points.sort(key=lambda p: period_key(p.period))
    return Series(entity, indicator, list(sources.values()))


def _flagged(wh: Warehouse, fact_ids: list[str]) -> set[str]:
    if not fact_ids:
        return set()
    return {r["fact_id"] for r in wh.rows("series_flagged", {"fact_ids": fact_ids})}


def plot(series: Series, path: str | Path) -> None:
    """Draw the series to ``path`` (PNG): one line per source, disagreeing values marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    periods = series.periods()
    x_of = {p: i for i, p in enumerate(periods)}
    units = sorted({s.unit or "" for s in series.sources})
    fig, axes = plt.subplots(len(units), 1, figsize=(9, 3.2 * len(units)), squeeze=False)
    for ax, unit in zip(axes[:, 0], units, strict=True):
        for s in (s for s in series.sources if (s.unit or "") == unit):
            xs = [x_of[p.period] for p in s.points]
            # a line only where it means something: one value per period
            style = "-o" if len(set(xs)) == len(xs) else "o"
            ax.plot(xs, [p.value for p in s.points], style, label=_label(s))
            bad = [p for p in s.points if p.flagged]
            if bad:
                ax.scatter([x_of[p.period] for p in bad], [p.value for p in bad], s=160, facecolors="none",
                           edgecolors="red", linewidths=2, zorder=3, label="flagged (disagrees)")
        ax.set_ylabel(unit or "value")
        ax.set_xticks(range(len(periods)), periods, rotation=45, ha="right", fontsize=8)
        ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    axes[0, 0].set_title(f"{series.indicator} — {series.entity}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _label(s: Source) -> str:
    title = s.title if len(s.title) <= 40 else s.title[:39] + "…"
    return f"{title} ({s.unit})" if s.unit else title


def as_records(series: Series) -> list[dict[str, Any]]:
    return [{"period": p.period, "doc_id": s.doc_id, "title": s.title, "unit": s.unit, "value": p.value,
             "raw": p.raw, "page": p.page, "fact_id": p.fact_id, "flagged": p.flagged}
            for s in series.sources for p in s.points]
