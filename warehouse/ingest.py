"""Ingest files into a warehouse: read, extract (pure), load (one transaction per document).

This is the one place where extraction and storage meet; the CLI only wraps it. It lives
on the warehouse side so that ``extractor`` never depends on the database.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from extractor.claims import check_model
from extractor.errors import ExtractionError
from extractor.isolated import DEFAULT_LIMITS, IsolatedExtractor, Limits
from extractor.manifest import MANIFEST_NAME, manifest_files, merge_meta, read_manifest
from extractor.pipeline import extract_document
from extractor.records import DocumentMeta, Extraction
from extractor.source import read_bytes, sha256
from extractor.version import __version__

from .database import Warehouse
from .files import keep as keep_file

log = logging.getLogger(__name__)

#: Extraction of one document: (data, file name, metadata, on_page) -> records.
Extract = Callable[[bytes, str, DocumentMeta, Callable[[int, int], None] | None], Extraction]

#: Called as progress(event, detail): ("file", (n, of, path)) before the n-th file (1-based),
#: ("page", (done, total)) after each page, ("done", outcome) after a file.
Progress = Callable[[str, object], None]


@dataclass(frozen=True)
class Outcome:
    """What happened to one input file."""

    path: str
    status: str  # "ingested", "replaced", "skipped" or "failed"
    doc_id: str | None = None
    reason: str | None = None  # why it failed or was skipped
    hint: str | None = None
    pages: int = 0
    blocks: int = 0
    tables: int = 0
    cells: int = 0
    facts: int = 0
    seconds: float = 0.0


@dataclass
class IngestReport:
    run_id: str
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    peak_memory: int = 0  # bytes: the most a parsing worker used for one document (0 in process)

    def count(self, *statuses: str) -> int:
        return sum(o.status in statuses for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def totals(self) -> dict[str, float]:
        done = [o for o in self.outcomes if o.status in ("ingested", "replaced")]
        return {
            "documents": len(done),
            "pages": sum(o.pages for o in done),
            "blocks": sum(o.blocks for o in done),
            "tables": sum(o.tables for o in done),
            "table cells": sum(o.cells for o in done),
            "facts": sum(o.facts for o in done),
            "skipped": self.count("skipped"),
            "failed": self.count("failed"),
            "seconds": round(self.seconds, 2),
        }


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files to ingest: a folder gives its PDFs (recursively, sorted), a manifest CSV the
    files it lists, anything else itself (a missing path is kept so it can be reported)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() == ".pdf"))
        elif p.suffix.lower() == ".csv" and p.is_file():
            out.extend(manifest_files(p))
        else:
            out.append(p)
    seen: set[Path] = set()
    return [p for p in out if not (p.resolve() in seen or seen.add(p.resolve()))]  # type: ignore[func-returns-value]


class MetaLookup:
    """Metadata for a file: the manifest next to it (if it lists the file), then overrides."""

    def __init__(self, override: DocumentMeta | None = None) -> None:
        self.override = override or DocumentMeta()
        self._manifests: dict[Path, dict[str, DocumentMeta]] = {}

    def __call__(self, path: Path) -> DocumentMeta:
        folder = path.parent.resolve()
        if folder not in self._manifests:
            m = folder / MANIFEST_NAME
            self._manifests[folder] = read_manifest(m) if m.is_file() else {}
        base = self._manifests[folder].get(path.name, DocumentMeta())
        if base.title is None and self.override.title is None:
            base = merge_meta(base, DocumentMeta(title=path.stem))
        return merge_meta(base, self.override)


def ingest(
    paths: Sequence[str | Path],
    db: Warehouse | str | Path | None = None,
    *,
    meta: DocumentMeta | None = None,
    force: bool = False,
    limits: Limits | None = DEFAULT_LIMITS,
    progress: Progress | None = None,
    command: str = "",
) -> IngestReport:
    """Ingest ``paths`` (files, folders, manifest CSVs) into the warehouse ``db``.

    Each document is extracted in a child process held to ``limits`` (time, memory; with
    ``limits=None``, in this process), then stored in one transaction; a file that cannot
    be read is recorded as a failure and the others still go in. A document already in
    the warehouse (same SHA-256) is skipped unless ``force``, which replaces it
    atomically. Storage errors (disk full, lock lost) are not per-file: they propagate.
    """
    if isinstance(db, Warehouse):
        return _ingest(paths, db, meta, force, limits, progress, command)
    with Warehouse.open(db) as wh:
        return _ingest(paths, wh, meta, force, limits, progress, command)


@dataclass
class _Run:
    wh: Warehouse
    run_id: str
    lookup: MetaLookup
    force: bool
    extract: Extract
    progress: Progress | None


def _ingest(
    paths: Sequence[str | Path],
    wh: Warehouse,
    meta: DocumentMeta | None,
    force: bool,
    limits: Limits | None,
    progress: Progress | None,
    command: str,
) -> IngestReport:
    started = time.perf_counter()
    files = expand_paths(paths)
    with ExitStack() as stack:
        extract: Extract = extract_document
        isolated = None
        if limits is not None and files:
            # the worker loads the pipeline and models on the other core meanwhile
            isolated = stack.enter_context(IsolatedExtractor(limits))
            extract = isolated.extract
        if files:
            check_model()  # a missing or broken claims model is one error, before any file is parsed
            wh.publish_snapshot()  # readers read the warehouse as it was while this runs
        report = IngestReport(run_id=wh.start_run(command, __version__))
        run = _Run(wh, report.run_id, MetaLookup(meta), force, extract, progress)
        for n, path in enumerate(files, start=1):
            if progress:
                progress("file", (n, len(files), path))
            outcome = _ingest_one(path, run)
            report.outcomes.append(outcome)
            if progress:
                progress("done", outcome)
        report.peak_memory = isolated.peak_memory if isolated else 0
    if report.count("ingested", "replaced"):
        wh.regroup_claims()  # similar claims across documents, over the whole warehouse
    report.seconds = time.perf_counter() - started
    wh.finish_run(
        report.run_id,
        files=len(files),
        ingested=report.count("ingested", "replaced"),
        skipped=report.count("skipped"),
        failed=report.count("failed"),
    )
    return report


def _ingest_one(path: Path, run: _Run) -> Outcome:
    t0 = time.perf_counter()
    digest = None
    progress = run.progress
    try:
        data = read_bytes(path)
        digest = sha256(data)
        exists = run.wh.has_document(digest)
        if exists and not run.force:
            return Outcome(str(path), "skipped", digest, reason="already in the warehouse (use --force to re-ingest)")
        on_page = (lambda done, total: progress("page", (done, total))) if progress else None
        ex = run.extract(data, path.name, run.lookup(path), on_page)
    except ExtractionError as exc:
        return _failed(run, path, digest, exc.reason, type(exc).__name__, exc.hint, t0)
    except Exception as exc:  # a parser bug on a hostile file must not stop the batch
        log.exception("unexpected error extracting %s", path)
        reason = f"parser error: {type(exc).__name__}: {str(exc)[:120]}"
        return _failed(run, path, digest, reason, type(exc).__name__, "please report this file", t0)
    try:
        run.wh.load(ex, run.run_id, replace=exists)
    except duckdb.Error as exc:  # refused rows (storage failures raise StorageError and stop the run)
        log.exception("could not store %s", path)
        reason = f"could not store: {type(exc).__name__}: {str(exc)[:120]}"
        return _failed(run, path, digest, reason, type(exc).__name__, "please report this file", t0)
    keep_file(run.wh.path, ex.document.doc_id, data)  # after the commit: page images need the PDF
    return _done(path, ex, "replaced" if exists else "ingested", t0)


def _failed(run: _Run, path: Path, digest: str | None, reason: str, cls: str, hint: str, t0: float) -> Outcome:
    run.wh.record_failure(run.run_id, str(path), digest, reason, cls)
    return Outcome(str(path), "failed", digest, reason=reason, hint=hint or None, seconds=time.perf_counter() - t0)


def _done(path: Path, ex: Extraction, status: str, t0: float) -> Outcome:
    return Outcome(
        str(path),
        status,
        ex.document.doc_id,
        pages=len(ex.pages),
        blocks=len(ex.blocks),
        tables=len(ex.tables),
        cells=sum(len(t.cells) for t in ex.tables),
        facts=len(ex.facts),
        seconds=time.perf_counter() - t0,
    )
