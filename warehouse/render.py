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
