"""The ``evidence`` command: a thin layer over ``extractor.ingest`` and ``warehouse.Warehouse``.

Each command parses its arguments, calls one library function, and turns known errors into
one line on stderr with a hint and a non-zero exit status.
"""
from __future__ import annotations

import functools
import json
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable
from rich.text import Text

from extractor import DocumentMeta, ExtractionError
from extractor.isolated import GIB, Limits
from extractor.version import __version__

from . import export as exporting
from . import readonly, render
from . import search as searching
from .database import Warehouse
from .errors import WarehouseError
from .facts_query import FactFilter, find_facts
from .ingest import IngestReport, Outcome, ingest

F = TypeVar("F", bound=Callable[..., Any])

#: Rich assumes 80 columns when output is not a terminal; tables of ids and titles need more.
PIPE_WIDTH = 160
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
if not out.is_terminal:
    out.width = PIPE_WIDTH


def fail(message: str, hint: str = "") -> None:
    err.print(f"error: {message}" + (f" (hint: {hint})" if hint else ""), markup=False)


def handle_errors(fn: F) -> F:
    """Known library errors become one line on stderr and exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (WarehouseError, ExtractionError) as exc:
            fail(str(exc), getattr(exc, "hint", ""))
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Warehouse file (default: $EVIDENCE_DB or warehouse/evidence.duckdb).",
)
wait_option = click.option(
    "--wait", type=float, default=30.0, show_default=True,
    help="Seconds to wait for another process that holds the warehouse.",
)


@click.group()
@click.version_option(__version__, prog_name="evidence")
def main() -> None:
    """Turn policy and economics reports (PDFs) into a queryable evidence warehouse."""


# ---------------------------------------------------------------------------- add
@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@wait_option
@click.option("--title")
@click.option("--authors")
@click.option("--publisher")
@click.option("--year", type=int)
@click.option("--country")
@click.option("--currency", help="ISO 4217 code of the document's currency, e.g. USD.")
@click.option("--force", is_flag=True, help="Re-ingest documents already stored (replaces them atomically).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=Limits.seconds, show_default=True,
              help="Seconds one document may take to parse before it is given up.")
@click.option("--memory", type=click.FloatRange(min=0.1), default=Limits.memory / GIB, show_default=True,
              help="GiB of memory the parser may use for one document.")
@click.option("--in-process", is_flag=True, help="Parse in this process, without limits (for debugging).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@handle_errors
def add(
    paths: tuple[str, ...],
    db: Path | None,
    wait: float,
    force: bool,
    timeout: float,
    memory: float,
    in_process: bool,
    quiet: bool,
    **meta: Any,
) -> None:
    """Ingest PDFs (files, folders, or a manifest.csv listing files) into the warehouse.

    Metadata comes from the options (which apply to every file given), or from a
    manifest.csv next to each file. A document is identified by the SHA-256 of its
    bytes: adding it again does nothing unless --force. Each file is parsed in a child
    process held to --timeout and --memory, so a hostile file fails alone. Exits 1 if
    any file failed.

    \b
    Example:
      evidence add corpus/manifest.csv
      evidence add report.pdf --title "Annual Report 2023" --year 2023 --currency USD
    """
    override = DocumentMeta(**{k: v for k, v in meta.items() if v is not None})
    command = "evidence add " + " ".join(shlex.quote(p) for p in paths)
    limits = None if in_process else Limits(seconds=timeout, memory=int(memory * GIB))
    with Warehouse.open(db, wait=wait, on_wait=_say_waiting) as wh:
        if quiet or not err.is_terminal:
            report = ingest(paths, wh, meta=override, force=force, limits=limits, command=command,
                            progress=_log_outcomes)
        else:
            with _progress_bar() as bar:
                report = ingest(paths, wh, meta=override, force=force, limits=limits, command=command,
                                progress=bar)
        _print_summary(report, wh.path)
    if report.failed:
        sys.exit(1)


def _say_waiting(path: str, wait: float) -> None:
    err.print(f"waiting for another process to release {path} (up to {wait:g}s; --wait to change)", markup=False)


def _log_outcomes(event: str, detail: Any) -> None:
    if event == "done":
        _report_outcome(detail)


def _report_outcome(o: Outcome) -> None:
    """One line per file: committed (ingested/replaced), skipped, or failed and why."""
    if o.status == "failed":
        fail(f"{o.path}: {o.reason}", o.hint or "")
    elif o.status == "skipped":
        err.print(f"skipped: {o.path}: {o.reason}", markup=False)
    else:
        err.print(f"{o.status}: {o.path} ({(o.doc_id or '')[:12]}, {o.pages} pages, {o.facts} facts)", markup=False)


class _progress_bar:
    """A rich progress bar over the pages of the file being ingested."""

    def __enter__(self) -> _progress_bar:
        self.bar = Progress(
            TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=err, transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("starting", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def __call__(self, event: str, detail: Any) -> None:
        if event == "file":
            n, of, path = detail
            self.bar.reset(self.task, total=None, description=f"[{n}/{of}] {Path(path).name[:40]}")
        elif event == "page":
            done, total = detail
            self.bar.update(self.task, completed=done, total=total)
        elif event == "done":
            _report_outcome(detail)


def _print_summary(report: IngestReport, path: str) -> None:
    t = RichTable(title=f"ingested into {path}", title_justify="left")
    totals = report.totals()
    for key in totals:
        t.add_column(key, justify="right")
    t.add_row(*(str(v) for v in totals.values()))
    out.print(t)


# ---------------------------------------------------------------------------- docs
@main.command()
@db_option
@click.option("--failed", is_flag=True, help="List the files that could not be ingested, and why.")
@handle_errors
def docs(db: Path | None, failed: bool) -> None:
    """List the documents in the warehouse (or, with --failed, the files that failed).

    \b
    Example:
      evidence docs --db warehouse/evidence.duckdb
      evidence docs --failed
    """
    with Warehouse.open(db, read_only=True) as wh:
        rows = wh.failures() if failed else wh.documents()
    if not rows:
        err.print("no failures recorded" if failed else "no documents yet (hint: evidence add PATH)")
        return
    out.print(_failure_table(rows) if failed else _document_table(rows))


def _document_table(rows: list[dict[str, Any]]) -> RichTable:
    t = RichTable()
    t.add_column("id", no_wrap=True)
    t.add_column("title", max_width=60, overflow="ellipsis", no_wrap=True)
    for col in ("year", "pages", "tables", "blocks"):
        t.add_column(col, justify="right")
    t.add_column("ingested at", no_wrap=True)
    t.add_column("warnings", max_width=50, overflow="fold")
    for r in rows:
        t.add_row(r["doc_id"][:12], r["title"] or r["file_name"], str(r["year"] or ""), str(r["n_pages"]),
                  str(r["n_tables"]), str(r["n_blocks"]), r["ingested_at"].strftime("%Y-%m-%d %H:%M:%S"),
                  "; ".join(r["warnings"] or []))
    return t


def _failure_table(rows: list[dict[str, Any]]) -> RichTable:
    t = RichTable()
    t.add_column("file", overflow="fold")
    t.add_column("reason", overflow="fold")
    t.add_column("error")
    t.add_column("failed at", no_wrap=True)
    t.add_column("in since", justify="center")
    for r in rows:
        t.add_row(r["file"], r["reason"], r["error_class"], r["failed_at"].strftime("%Y-%m-%d %H:%M:%S"),
                  "yes" if r["ingested_since"] else "")
    return t


# ---------------------------------------------------------------------------- show
@main.command()
@click.argument("kind", type=click.Choice(["block", "table", "page"]))
@click.argument("key")
@db_option
@handle_errors
def show(kind: str, key: str, db: Path | None) -> None:
    """Print one stored object with its provenance. IDs may be shortened to a unique prefix.

    Pages are named DOCID-pN or DOCID:N (DOCID may be a prefix).

    \b
    Example:
      evidence show table 3f2a9c1be0d4-t004
      evidence show page 3f2a9c1be0d4:12
    """
    with Warehouse.open(db, read_only=True) as wh:
        row = getattr(wh, kind)(key)
    out.print(getattr(render, kind)(row), markup=False)


# ---------------------------------------------------------------------------- export
@main.command(name="export")
@click.argument("what", type=click.Choice(["blocks", "tables", "cells", "facts"]))
@click.option("--format", "fmt", type=click.Choice(exporting.FORMATS), default="jsonl", show_default=True)
@click.option("--doc", help="Only this document (id or unique prefix).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="Output file (required for parquet).")
@db_option
@handle_errors
def export_cmd(what: str, fmt: str, doc: str | None, out_path: str | None, db: Path | None) -> None:
    """Stream stored rows to stdout (or --out FILE) as JSON lines, CSV or Parquet.

    \b
    Example:
      evidence export tables --format jsonl --doc 3f2a9c1b > tables.jsonl
      evidence export blocks --format parquet --out blocks.parquet
      evidence export facts --format csv > facts.csv
    """
    if fmt == "parquet" and not out_path:
        raise click.UsageError("parquet needs --out FILE")
    name = "table_cells" if what == "cells" else what
    with Warehouse.open(db, read_only=True) as wh:
        cur = wh.export(name, doc)
        if fmt == "parquet":
            n = exporting.write_parquet(cur, out_path)  # type: ignore[arg-type]
        else:
            with (open(out_path, "w", encoding="utf-8", newline="") if out_path else _stdout()) as f:
                n = (exporting.write_jsonl if fmt == "jsonl" else exporting.write_csv)(cur, f)
    if out_path:
        err.print(f"wrote {n} {what} to {out_path}")


# ---------------------------------------------------------------------------- quantities
@main.command()
@click.argument("text", required=False, default="-")
@click.option("--currency", help="ISO 4217 code a bare '$' stands for (default USD).")
def quantities(text: str, currency: str | None) -> None:
    """Every quantity in TEXT (or in each line of stdin, with - or no TEXT), as JSON lines:
    {"line": i, "quantities": [{"start", "end", "raw", "value", "unit", "qualifier", "change"}]}.

    \b
    Example:
      evidence quantities "Exports rose 21.5 percent to US$1.2 billion in 2007."
      cat sentences.txt | evidence quantities - --currency SBD
    """
    from extractor.facts.text import quantities as find

    lines = sys.stdin.read().splitlines() if text == "-" else [text]
    for i, line in enumerate(lines):
        click.echo(json.dumps({"line": i, "quantities": find(line, currency)}, ensure_ascii=False))


# ---------------------------------------------------------------------------- query
@main.command(name="query")
@click.option("--entity", help='What the figure is about; "Shenzhen SEZ" also finds "Shenzhen".')
@click.option("--indicator", help='What is measured; "FDI" also finds "utilized FDI".')
@click.option("--period", help="A year or FROM-TO years; keeps facts whose period overlaps it.")
@click.option("--doc", help="Only this document (id or unique prefix).")
@click.option("--unit", help="USD, CNY, percent, count, ...")
@click.option("--min", "min_", type=float, help="Smallest value (base units).")
@click.option("--max", "max_", type=float, help="Largest value (base units).")
@click.option("--source", type=click.Choice(["text", "table"]))
@click.option("--limit", type=click.IntRange(1, 100_000), default=1000, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@db_option
@handle_errors
def query_cmd(entity: str | None, indicator: str | None, period: str | None, doc: str | None, unit: str | None,
              min_: float | None, max_: float | None, source: str | None, limit: int, fmt: str,
              db: Path | None) -> None:
    """Facts matching structured filters, each with its document, page and quote.

    \b
    Example:
      evidence query --indicator FDI --entity "Shenzhen SEZ"
      evidence query --indicator exports --period 2000-2010 --unit USD --format csv
    """
    flt = FactFilter(entity=entity, indicator=indicator, period=period, doc_id=doc, unit=unit,
                     min=min_, max=max_, source=source, limit=limit)
    with Warehouse.open(db, read_only=True) as wh:
        rows = find_facts(wh, flt)
    if fmt == "jsonl":
        exporting.write_rows_jsonl(list(rows[0]) if rows else [], [tuple(r.values()) for r in rows], sys.stdout)
    elif fmt == "csv":
        exporting.write_rows_csv(list(rows[0]) if rows else [], [tuple(r.values()) for r in rows], sys.stdout)
    else:
        out.print(render.fact_table(rows))
    if not rows:
        err.print("no facts match (hint: loosen a filter; 'evidence sql \"SELECT DISTINCT indicator FROM facts\"')")


# ---------------------------------------------------------------------------- search
@main.command(name="search")
@click.argument("text")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["block", "fact", "claim"]),
              help="Only these kinds of item (repeatable; default all).")
@click.option("--doc", help="Only this document (id or unique prefix).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@db_option
@handle_errors
def search_cmd(text: str, kinds: tuple[str, ...], doc: str | None, limit: int, fmt: str, db: Path | None) -> None:
    """Ranked full-text search (BM25) over text blocks, facts and claims.

    Each hit shows its document, page and a snippet with the matched words marked.

    \b
    Example:
      evidence search "foreign direct investment in the zones"
      evidence search "inflation" --kind fact --format jsonl
    """
    with Warehouse.open(db, read_only=True) as wh:
        doc_id = wh.resolve("document", doc) if doc else None
        hits = searching.search(wh, text, kinds=kinds or ("block", "fact", "claim"), doc_id=doc_id, limit=limit)
    if fmt == "jsonl":
        for h in hits:
            click.echo(json.dumps(h.as_dict(), ensure_ascii=False))
    else:
        out.print(render.hit_table(hits))
    if not hits:
        err.print("no matches (hint: fewer or other words; 'evidence docs' lists what is stored)")


# ---------------------------------------------------------------------------- sql
@main.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table", show_default=True)
@click.option("--max-rows", type=click.IntRange(1, readonly.MAX_ROWS), default=1000, show_default=True,
              help=f"Rows to print (at most {readonly.MAX_ROWS}).")
@db_option
@handle_errors
def sql(query: str, fmt: str, max_rows: int, db: Path | None) -> None:
    """Run one read-only SELECT over the warehouse (tables: see warehouse/SCHEMA.md).

    The database is opened read-only with file access disabled and settings locked; a query
    runs for at most 1 s and returns at most --max-rows rows.

    \b
    Example:
      evidence sql "SELECT indicator, count(*) AS n FROM facts GROUP BY 1 ORDER BY n DESC"
      evidence sql "FROM facts WHERE unit = 'USD' LIMIT 5" --format jsonl
    """
    con = readonly.open_sandboxed(db)
    try:
        result = readonly.run_query(con, query, max_rows=max_rows)
    finally:
        con.close()
    if fmt == "jsonl":
        exporting.write_rows_jsonl(result.columns, result.rows, sys.stdout)
    elif fmt == "csv":
        exporting.write_rows_csv(result.columns, result.rows, sys.stdout)
    else:
        t = RichTable()
        for c in result.columns:
            t.add_column(c, overflow="fold")
        for r in result.rows:
            t.add_row(*(Text("" if v is None else str(v)) for v in r))  # Text: no markup
        out.print(t)
    if result.truncated:
        err.print(f"(showing the first {max_rows} rows; narrow the query or raise --max-rows)")


class _stdout:
    def __enter__(self) -> Any:
        return sys.stdout

    def __exit__(self, *exc: object) -> None:
        sys.stdout.flush()


if __name__ == "__main__":
    main()
