"""Plain-text renderings of stored objects for the terminal (no colour, no I/O)."""
from __future__ import annotations

import re
import textwrap
import unicodedata
from typing import Any

WIDTH = 100


def _bbox(b: Any) -> str:
    return "[" + ", ".join(f"{float(v):.1f}" for v in b) + "]" if b is not None else "-"


def provenance(row: dict[str, Any]) -> list[str]:
    return [
        f"document: {row['doc_id'][:12]}  {row.get('title') or row.get('file_name')}",
        f"file:     {row.get('file_name')}",
        f"page:     {row['page']}",
        f"bbox:     {_bbox(row['bbox'])}",
    ]


def block(row: dict[str, Any]) -> str:
    lines = [f"block {row['block_id']} ({row['kind']}{', level ' + str(row['level']) if row['level'] else ''})"]
    lines += provenance(row)
    if row["section"]:
        lines.append("section:  " + " > ".join(row["section"]))
    if row["marker"]:
        lines.append(f"marker:   {row['marker']}")
    if row["note_refs"]:
        lines.append("notes:    " + ", ".join(row["note_refs"]))
    if row["continues"]:
        lines.append(f"continues: {row['continues']}")
    if row["table_id"]:
        lines.append(f"table:    {row['table_id']}")
    lines.append("")
    lines += textwrap.wrap(row["text"], WIDTH) or [""]
    return "\n".join(lines)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def grid(rows: list[list[str]], n_header_rows: int = 0, max_col: int = 28) -> str:
    """Rows as an aligned text grid, with a rule under the header rows."""
    if not rows:
        return "(empty table)"
    cut = [[c if _width(c) <= max_col else c[: max_col - 1] + "…" for c in r] for r in rows]
    widths = [max(_width(r[j]) for r in cut) for j in range(len(cut[0]))]
    out = []
    for i, r in enumerate(cut):
        out.append(" | ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)).rstrip())
        if i + 1 == n_header_rows:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def table(row: dict[str, Any]) -> str:
    rows = [["" for _ in range(row["n_cols"])] for _ in range(row["n_rows"])]
    for c in row["cells"]:
        rows[c["row"]][c["col"]] = c["value"] + ("" if not c["markers"] else " " + " ".join(c["markers"]))
    pages = ", ".join(map(str, row["pages"]))
    lines = [f"table {row['table_id']} ({row['n_rows']} rows x {row['n_cols']} cols, {row['method']})"]
    lines += provenance(row)
    if len(row["pages"]) > 1:
        lines.append(f"pages:    {pages}")
    lines.append(f"caption:  {row['caption'] or '-'}")
    lines.append(f"units:    {row['units'] or '-'}")
    lines.append("")
    lines.append(grid(rows, row["n_header_rows"]))
    if row["notes"]:
        lines.append("")
        for n in row["notes"]:
            head = {"source": "Source:", "note": "Note:"}.get(n["kind"], f"{n['marker']}.")
            lines += textwrap.wrap(f"{head} {n['text']}", WIDTH)
    return "\n".join(lines)


def page(row: dict[str, Any]) -> str:
    lines = [
        f"page {row['page']} of {row['doc_id'][:12]}  {row.get('title') or row.get('file_name')}",
        f"size:     {row['width']:.1f} x {row['height']:.1f} pt, rotation {row['rotation']}, {row['n_chars']} chars",
        "",
    ]
    for b in row["blocks"]:
        lines.append(f"{b['block_id']}  {b['kind']:<11} {_bbox(b['bbox'])}  {textwrap.shorten(b['text'], 60)}")
    for t in row["tables"]:
        lines.append(f"{t['table_id']}  table       {_bbox(t['bbox'])}  {textwrap.shorten(t['caption'] or '', 60)}")
    return "\n".join(lines)


def fact_table(rows: list[dict[str, Any]]) -> Any:
    """Facts as a terminal table (rich), one line each; document text is never read as markup."""
    from rich.table import Table
    from rich.text import Text

    t = Table()
    for name, justify in (("fact", "left"), ("doc", "left"), ("page", "right"), ("entity", "left"),
                          ("indicator", "left"), ("period", "left"), ("as printed", "left"),
                          ("value", "right"), ("unit", "left"), ("quote", "left")):
        t.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for r in rows:
        value = r["value"] if r["value"] is not None else (r["value_low"], r["value_high"])
        cells = (r["fact_id"], (r["title"] or r["doc_id"])[:24], r["page"], r["entity"], r["indicator"],
                 r["period"], r["raw"], _number(value), r["unit"], _short_quote(r))
        t.add_row(*(Text("" if c is None else str(c)) for c in cells))
    return t


def _number(v: Any) -> str:
    if isinstance(v, tuple):
        return "–".join(_number(x) for x in v)
    if v is None:
        return ""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}"


def _short_quote(r: dict[str, Any]) -> str:
    """The sentence, or for a table cell its headers and cell (the caption is long and the
    same for every cell of the table)."""
    quote = r["quote"].split(" | ", 1)[-1] if r["source"] == "table" else r["quote"]
    return textwrap.shorten(quote, 90, placeholder=" …")


def hit_table(hits: list[Any]) -> Any:
    """Search hits as a terminal table, matched words in bold (document text is not markup)."""
    from rich.table import Table
    from rich.text import Text

    t = Table()
    for name in ("#", "kind", "id", "document", "page", "score", "snippet"):
        t.add_column(name, overflow="fold", justify="right" if name in ("#", "page", "score") else "left")
    for rank, h in enumerate(hits, 1):
        t.add_row(str(rank), h.kind, h.item_id, Text(h.title[:30]), str(h.page), f"{h.score:.2f}", marked(h.snippet))
    return t


def marked(snippet: str) -> Any:
    """A snippet whose «marked» words are shown in bold."""
    from rich.text import Text

    out = Text()
    for i, part in enumerate(re.split(r"[«»]", snippet)):
        out.append(part, style="bold" if i % 2 else "")
    return out


def sources(rows: list[dict[str, Any]]) -> list[str]:
    """The chain of sources of a statement (rows of ``Warehouse.sources``): each citation
    with how it is linked, then its reference; a note marker with its note, then the
    citations inside the note and their references. For facts and claims alike."""
    if not rows:
        return ["sources:  none found"]
    inner: dict[str, list[dict[str, Any]]] = {}
    top = []
    for r in rows:
        if r["link"] == "via note":
            inner.setdefault(r["block_id"], []).append(r)
        else:
            top.append(r)
    lines = [f"sources ({len(rows)}):"]
    for r in top:
        if r["kind"] == "note_marker":
            lines.append(f"  [{r['link']}] marker {r['marker']} on p.{r['page']}  ({r['citation_id']})")
            if r["note_block_id"]:
                note = textwrap.shorten(r["note_text"] or "", WIDTH - 16)
                lines.append(f"      -> note {r['note_block_id']} p.{r['note_page']}: {note}")
                for c in inner.pop(r["note_block_id"], []):
                    lines += ["    " + ln for ln in _citation(c)]
            else:
                lines.append("      -> no note with this marker found")
        else:
            lines += _citation(r)
    for rest in inner.values():  # citations of a note reached by another statement's marker
        for c in rest:
            lines += _citation(c)
    return lines


def _citation(r: dict[str, Any]) -> list[str]:
    raw = r["raw"] if r["kind"] != "source" else "Source: " + r["raw"]
    out = [f"  [{r['link']}] {raw}  p.{r['page']}  ({r['citation_id']})"]
    if r["ref_id"]:
        ref = textwrap.shorten(r["ref_raw"] or "", WIDTH - 20)
        out.append(f"      -> reference {r['ref_id']} p.{r['ref_page']} ({r['how']}): {ref}")
    else:
        out.append(f"      -> {r['how']}: no bibliography entry matches")
    return out


def fact(row: dict[str, Any]) -> str:
    """A fact: the statement, where it is printed, its value, and its chain of sources."""
    lines = [f"fact {row['fact_id']} ({row['source']})"]
    lines += provenance(row)
    where = row["block_id"] or f"{row['table_id']} row {row['row']} col {row['col']}"
    lines.append(f"from:     {where}")
    value = row["value"] if row["value"] is not None else f"{row['value_low']}-{row['value_high']}"
    lines.append(f"value:    {row['raw']}  =  {value} {row['unit'] or ''}".rstrip())
    lines.append("")
    lines += textwrap.wrap(row["quote"], WIDTH) or [""]
    lines.append("")
    lines += sources(row.get("sources") or [])
    return "\n".join(lines)


def claim(row: dict[str, Any]) -> str:
    """A claim: the statement, where it is printed, its kind, topics and hedge, the facts
    it states (its evidence), its chain of sources, and the similar claims of other
    documents (its group)."""
    lines = [f"claim {row['claim_id']} ({row['kind']})"]
    lines += provenance(row)
    if row["section"]:
        lines.append("section:  " + " > ".join(row["section"]))
    lines.append("topics:   " + (", ".join(row["topics"]) or "-"))
    lines.append(f"hedge:    {row['hedge']}")
    lines.append(f"score:    {row['confidence']:.3f}  (model {row['model_version']})")
    lines.append("")
    lines += textwrap.wrap(row["quote"], WIDTH) or [""]
    lines.append("")
    facts = row.get("evidence_facts") or []
    lines.append(f"evidence ({len(facts)}, same {row['evidence_how']}):" if facts else "evidence: no figures")
    for f in facts:
        what = " / ".join(str(x) for x in (f["indicator"], f["entity"], f["period"]) if x)
        lines.append(f"  {f['fact_id']}  {f['raw']}  p.{f['page']}  {what}".rstrip())
    lines += sources(row.get("sources") or [])
    group = row.get("group") or []
    if group:
        lines.append(f"similar claims (group {row['claim_group']}):")
        for g in group:
            quote = textwrap.shorten(g["quote"], WIDTH - 40)
            where = f"{g['file_name']} p.{g['page']} ({g['kind']}, {g['similarity']:.2f})"
            lines.append(f"  {g['claim_id']}  {where}: {quote}")
    return "\n".join(lines)


def series_table(s: Any) -> Any:
    """A series as periods by sources; ✗ marks a flagged value, ≠ a period whose sources differ."""
    from rich.table import Table
    from rich.text import Text

    t = Table(title=f"{s.indicator} — {s.entity}", title_justify="left")
    t.add_column("period")
    t.add_column("", width=1)
    for src in s.sources:
        head = src.title if len(src.title) <= 28 else src.title[:27] + "…"
        t.add_column(Text(f"{head}\n{src.unit or ''}"), justify="right", overflow="fold")
    differing = s.differing_periods()
    for period in s.periods():
        cells = []
        for src in s.sources:
            pts = [p for p in src.points if p.period == period]
            cells.append(Text(" / ".join(f"{p.raw} (p{p.page})" + (" ✗" if p.flagged else "") for p in pts)))
        t.add_row(Text(period), "≠" if period in differing else "", *cells)
    return t
