"""The ``evidence`` command: a thin layer over ``extractor.ingest`` and ``warehouse.Warehouse``.

Each command parses its arguments, calls one library function, and turns known errors into
one line on stderr with a hint and a non-zero exit status.
"""
from __future__ import annotations

import functools
import json
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from . import series as series_mod
from .checks import explain, review, run_checks
from .checks.run import CheckReport
from .database import Warehouse, default_path
from .dataset import is_dataset, load_dataset
from .engines import DaskEngine, Engine, LocalEngine
from .errors import WarehouseError, WarehouseNotFound
from .facts_query import FactFilter, find_facts
from .ingest import IngestReport, Outcome, ingest
from .parallel import extract_to_parquet, ingest_parallel

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
    type=click.Path(path_type=Path),
    default=None,
    help="Warehouse file (default: $EVIDENCE_DB or warehouse/evidence.duckdb), or a Parquet dataset"
    " folder to query where it lies.",
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
@click.option("--no-check", is_flag=True, help="Do not run the consistency checks after ingesting.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="number of cores",
              help="Local worker processes that extract documents (1: one after another, in this process).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run the extraction on local worker processes, or on a Dask cluster.")
@click.option("--scheduler",
              help="Address of a running Dask scheduler (tcp://HOST:PORT); default: start a local cluster.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Workers of the local Dask cluster (default: --jobs).")
@click.option("--out-parquet", type=click.Path(file_okay=False, path_type=Path),
              help="Only extract, into this Parquet dataset (load it later with 'evidence load DIR').")
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
    no_check: bool,
    jobs: int,
    engine: str,
    scheduler: str | None,
    workers: int | None,
    out_parquet: Path | None,
    **meta: Any,
) -> None:
    """Ingest PDFs (files, folders, or a manifest.csv listing files) into the warehouse.

    Metadata comes from the options (which apply to every file given), or from a
    manifest.csv next to each file. A document is identified by the SHA-256 of its
    bytes: adding it again does nothing unless --force. Each file is parsed in a child
    process held to --timeout and --memory, so a hostile file fails alone. Then runs
    the consistency checks over the warehouse and prints how many flags each check
    raised (--no-check to skip; see 'evidence check'). Exits 1 if any file failed.

    \b
    Example:
      evidence add corpus/manifest.csv
      evidence add report.pdf --title "Annual Report 2023" --year 2023 --currency USD
    """
    override = DocumentMeta(**{k: v for k, v in meta.items() if v is not None})
    command = "evidence add " + " ".join(shlex.quote(p) for p in paths)
    limits = None if in_process else Limits(seconds=timeout, memory=int(memory * GIB))
    n_workers = workers or jobs
    runner = None if engine == "local" and jobs == 1 and out_parquet is None else \
        _start_engine(engine, jobs, scheduler, n_workers)
    try:
        with _progress(quiet) as progress:
            if out_parquet is not None:
                report = extract_to_parquet(paths, out_parquet, runner, workers=n_workers,  # type: ignore[arg-type]
                                            meta=override, limits=limits, progress=progress)
                _print_summary(report, str(out_parquet))
                sys.exit(1 if report.failed else 0)
            with Warehouse.open(db, wait=wait, on_wait=_say_waiting) as wh:
                if runner is None:
                    report = ingest(paths, wh, meta=override, force=force, limits=limits, command=command,
                                    progress=progress)
                else:
                    report = ingest_parallel(paths, wh, runner, workers=n_workers, meta=override, force=force,
                                             limits=limits, command=command, progress=progress)
                _print_summary(report, wh.path)
                if not no_check and report.count("ingested", "replaced"):
                    _print_flag_summary(run_checks(wh), short=True)
    finally:
        if runner is not None:
            runner.close()
    if report.failed:
        sys.exit(1)


def _start_engine(engine: str, jobs: int, scheduler: str | None, workers: int) -> Engine:
    if engine == "dask":
        return DaskEngine(scheduler=scheduler, workers=workers)
    return LocalEngine(jobs)


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str, Any], None]]:
    """A progress bar over the files (and the pages of the one being parsed, when parsing
    runs in this process), or one line per file when quiet or not on a terminal."""
    if quiet or not err.is_terminal:
        yield _log_outcomes
        return
    with _progress_bar() as bar:
        yield bar


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


# ---------------------------------------------------------------------------- load
@main.command(name="load")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@db_option
@wait_option
@click.option("--force", is_flag=True, help="Replace documents already stored.")
@click.option("--no-check", is_flag=True, help="Do not run the consistency checks after loading.")
@handle_errors
def load_cmd(folder: Path, db: Path | None, wait: float, force: bool, no_check: bool) -> None:
    """Load a Parquet dataset written by 'evidence add --out-parquet DIR' into the warehouse.

    Each document goes in one transaction; chunks already loaded are skipped, so loading
    the same dataset again adds nothing.

    \b
    Example:
      evidence add library/ --engine dask --out-parquet /data/evidence-parquet
      evidence load /data/evidence-parquet
    """
    if not is_dataset(folder):
        raise click.UsageError(f"{folder} is not a dataset written by 'evidence add --out-parquet'")
    with Warehouse.open(db, wait=wait, on_wait=_say_waiting) as wh:
        outcomes = load_dataset(wh, folder, force=force)
        for o in outcomes:
            _report_outcome(o)
        loaded = sum(o.status in ("ingested", "replaced") for o in outcomes)
        err.print(f"loaded {loaded} documents from {folder} into {wh.path}", markup=False)
        if not no_check and loaded:
            _print_flag_summary(run_checks(wh), short=True)
    if any(o.status == "failed" for o in outcomes):
        sys.exit(1)


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
    for col in ("year", "pages", "tables", "blocks", "cites", "unresolved"):
        t.add_column(col, justify="right", min_width=len(col))
    t.add_column("ingested at", no_wrap=True)
    t.add_column("warnings", max_width=50, overflow="fold")
    for r in rows:
        t.add_row(r["doc_id"][:12], r["title"] or r["file_name"], str(r["year"] or ""), str(r["n_pages"]),
                  str(r["n_tables"]), str(r["n_blocks"]),
                  str(r["n_citations"]), str(r["n_unresolved"]), r["ingested_at"].strftime("%Y-%m-%d %H:%M:%S"),
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
@click.argument("kind", type=click.Choice(["block", "table", "page", "fact", "claim"]))
@click.argument("key")
@db_option
@handle_errors
def show(kind: str, key: str, db: Path | None) -> None:
    """Print one stored object with its provenance. IDs may be shortened to a unique prefix.

    Pages are named DOCID-pN or DOCID:N (DOCID may be a prefix). A fact is shown with its
    chain of sources: citation -> reference, note marker -> note -> reference, table
    source line -> reference. A claim is shown with its kind, topics, hedge, the facts it
    states, its sources and the similar claims of other documents.

    \b
    Example:
      evidence show table 3f2a9c1be0d4-t004
      evidence show fact 3f2a9c1be0d4-f00042
      evidence show claim 3f2a9c1be0d4-p014-b002-s01
      evidence show page 3f2a9c1be0d4:12
    """
    with Warehouse.open(db, read_only=True) as wh:
        row = getattr(wh, kind)(key)
    out.print(getattr(render, kind)(row), markup=False)


# ---------------------------------------------------------------------------- export
@main.command(name="export")
@click.argument("what", type=click.Choice(
    ["blocks", "tables", "cells", "facts", "references", "citations", "cite-links", "flags", "claims"]))
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
      evidence export citations --format jsonl --doc 3f2a9c1b > citations.jsonl
      evidence export flags --format csv > flags.csv
      evidence export claims --format jsonl > claims.jsonl
    """
    if fmt == "parquet" and not out_path:
        raise click.UsageError("parquet needs --out FILE")
    name = {"cells": "table_cells", "cite-links": "cite_links"}.get(what, what)
    with Warehouse.open(db, read_only=True) as wh:
        cur = wh.export(name, doc)
        if fmt == "parquet":
            n = exporting.write_parquet(cur, out_path)  # type: ignore[arg-type]
        else:
            with (open(out_path, "w", encoding="utf-8", newline="") if out_path else _stdout()) as f:
                n = (exporting.write_jsonl if fmt == "jsonl" else exporting.write_csv)(cur, f)
    if out_path:
        err.print(f"wrote {n} {what} to {out_path}")



# ---------------------------------------------------------------------------- train
@main.group()
def train() -> None:
    """Retrain a model of the pipeline from the project's annotations.

    \b
    Example:
      evidence train claims
    """


@train.command(name="claims")
@click.option("--annotations", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Annotated sentences (default: corpus/annotations/claims.jsonl of this checkout).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Model directory to write (default: models/claims, or $EVIDENCE_MODELS/claims).")
def train_claims(annotations: Path | None, out_dir: Path | None) -> None:
    """Retrain the claim-kind classifier and write it with its scores (meta.json).

    Cross-validates it (folds grouped by section and by document), fits it on every
    annotated sentence, and saves it with skops. Takes a few seconds.

    \b
    Example:
      evidence train claims
      evidence train claims --annotations my-claims.jsonl --out /tmp/models/claims
    """
    from extractor.claims.errors import ClaimsError
    from extractor.claims.model import model_dir
    from extractor.claims.training import DEFAULT_ANNOTATIONS
    from extractor.claims.training import train as run

    source = annotations or DEFAULT_ANNOTATIONS
    if not source.is_file():
        fail(f"no annotations at {source}", "pass --annotations FILE")
        sys.exit(1)
    target = out_dir or model_dir()
    try:
        model = run(source, target)
    except ClaimsError as exc:
        fail(str(exc), getattr(exc, "hint", ""))
        sys.exit(1)
    data = model.meta["training_data"]
    out.print(f"trained on {data['examples']} sentences of {data['documents']} documents; wrote {target}")
    for grouping, sc in model.meta["scores"].items():
        out.print(f"{grouping}: macro-F1 over kinds {sc['macro_f1_kinds']:.3f}, claim vs none F1 {sc['claim_f1']:.3f}")


# ---------------------------------------------------------------------------- check
@main.command()
@db_option
@wait_option
@click.option("--doc", help="Only flags involving this document (id or unique prefix).")
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True,
              help="text: a summary per check and document, then each flag; jsonl: one flag per line.")
@click.option("--fail-on", type=click.Choice(["error", "warning"]),
              help="Exit 1 if a flag of this severity or worse stands (open or confirmed, not dismissed).")
@handle_errors
def check(db: Path | None, wait: float, doc: str | None, fmt: str, fail_on: str | None) -> None:
    """Run every consistency check over the warehouse and store the flags.

    Totals, shares and averages inside tables, groups across tables, text against
    tables, arithmetic stated in text, figures across documents (revisions of a series
    at lower severity) and scale sanity. Printed figures are intervals from their
    decimals; a flag is raised only when no reading of them agrees. Reviews (evidence
    review) are kept across runs.

    \b
    Example:
      evidence check
      evidence check --doc 3f2a9c1b --format jsonl > flags.jsonl
      evidence check --fail-on error || echo "inconsistent figures"
    """
    target = db or default_path()
    if not Path(target).exists():
        raise WarehouseNotFound(str(target))
    with Warehouse.open(target, wait=wait, on_wait=_say_waiting) as wh:
        report = run_checks(wh, doc)
    if fmt == "jsonl":
        for f in report.flags:
            click.echo(json.dumps(exporting.plain(f), ensure_ascii=False))
    else:
        _print_flag_summary(report)
        for f in report.flags:
            out.print(explain(f) + "\n", markup=False)
    if report.fails(fail_on):
        sys.exit(1)


def _print_flag_summary(report: CheckReport, short: bool = False) -> None:
    counts = report.counts()
    line = (f"checks: {_n(len(report.flags), 'flag')} ({_n(counts['error'], 'error')}, "
            f"{_n(counts['warning'], 'warning')}, {counts['info']} info) in {report.seconds:.1f}s")
    if short:
        err.print(line + (" (hint: evidence check, for each flag)" if report.flags else ""), markup=False)
        return
    t = RichTable(title=line, title_justify="left")
    for col in ("check", "document", "error", "warning", "info", "open"):
        t.add_column(col, justify="right" if col in ("error", "warning", "info", "open") else "left")
    for r in report.summary():
        t.add_row(r["check"], r["doc_id"][:12], *(str(r[k]) for k in ("error", "warning", "info", "open")))
    out.print(t)


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# ---------------------------------------------------------------------------- review
@main.command(name="review")
@click.argument("flag_id")
@click.option("--confirm", "status", flag_value="confirmed", help="The figures are indeed inconsistent.")
@click.option("--dismiss", "status", flag_value="dismissed", help="Not an inconsistency (say why in --note).")
@click.option("--note", help="The reviewer's note.")
@db_option
@wait_option
@handle_errors
def review_cmd(flag_id: str, status: str | None, note: str | None, db: Path | None, wait: float) -> None:
    """Confirm or dismiss a flag (id or unique prefix). Reviews survive re-checking and
    re-ingestion (they are kept by the flag's id, which the check and facts determine).

    \b
    Example:
      evidence review 285e5b71 --confirm --note "53,859 / 1,590 is 33.87, not 32.28"
      evidence review 1f2637c3 --dismiss --note "truncated, not rounded"
    """
    if status is None:
        raise click.UsageError("say --confirm or --dismiss")
    target = db or default_path()
    if not Path(target).exists():
        raise WarehouseNotFound(str(target))
    with Warehouse.open(target, wait=wait, on_wait=_say_waiting) as wh:
        flag = review(wh, flag_id, status, note)
    out.print(explain(flag), markup=False)


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
@click.option("--entity", help='What the figure is about; "Lagos SEZ" also finds "Lagos".')
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
      evidence query --indicator FDI --entity "Lagos SEZ"
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


# ---------------------------------------------------------------------------- series
@main.command(name="series")
@click.option("--entity", required=True, help='Whose figures; "Lagos SEZ" also finds "Lagos".')
@click.option("--indicator", required=True, help='What is measured; "FDI" also finds "utilized FDI".')
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), help="Also draw the series to this PNG.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@db_option
@handle_errors
def series_cmd(entity: str, indicator: str, plot_path: str | None, fmt: str, db: Path | None) -> None:
    """One indicator over periods from every document side by side, with sources.

    Values in a consistency flag nobody dismissed are marked ✗; periods where sources print
    different values are marked ≠.

    \b
    Example:
      evidence series --entity China --indicator FDI
      evidence series --entity "Solomon Islands" --indicator inflation --plot inflation.png
    """
    with Warehouse.open(db, read_only=True) as wh:
        s = series_mod.build(wh, entity, indicator)
    if not s.sources:
        err.print("no figures with a period match (hint: evidence query --entity ... --indicator ...)")
        return
    if fmt == "jsonl":
        for rec in series_mod.as_records(s):
            click.echo(json.dumps(rec, ensure_ascii=False))
    else:
        out.print(render.series_table(s))
    if plot_path:
        series_mod.plot(s, plot_path)
        err.print(f"wrote {plot_path}")


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
        if readonly.is_snapshot(con):
            err.print("(an update is running: reading the warehouse as it was when it started)")
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


# ---------------------------------------------------------------------------- serve
@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (the default accepts connections from this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@handle_errors
def serve(db: Path | None, host: str, port: int) -> None:
    """Browse the warehouse in a local web app: search, facts, claims, flags (with review
    buttons), documents and series, each source shown highlighted on its page image.

    Read-only except flag reviews; the JSON API behind the pages is documented at /docs.

    \b
    Example:
      evidence serve --db warehouse/evidence.duckdb --port 8000
    """
    import uvicorn

    from .database import default_path
    from .errors import WarehouseNotFound
    from .web import create_app
    from .web.app import LOOPBACK_HOSTS

    path = db or default_path()
    if not path.exists():
        raise WarehouseNotFound(str(path))
    hosts = LOOPBACK_HOSTS if host in LOOPBACK_HOSTS else None
    err.print(f"serving {path} on http://{host}:{port}/ (Ctrl-C to stop)", markup=False)
    uvicorn.run(create_app(path, allowed_hosts=hosts), host=host, port=port, log_level="warning")


class _stdout:
    def __enter__(self) -> Any:
        return sys.stdout

    def __exit__(self, *exc: object) -> None:
        sys.stdout.flush()


if __name__ == "__main__":
    main()
