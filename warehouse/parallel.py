"""Ingest with many workers: chunks run on an engine, the single writer loads their results.

Workers never open the warehouse: each chunk task writes Parquet files
(:mod:`warehouse.chunks`), and this process loads each finished chunk, one document per
transaction (:mod:`warehouse.dataset`), while the other chunks are still running. With
``out_parquet`` the dataset is kept and nothing is loaded.

A chunk whose worker dies on every attempt has its documents run again one at a time,
each alone, so a document that kills its worker becomes exactly one failure and the
documents that ran beside it go in.
"""
from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from extractor.claims import check_model
from extractor.errors import ExtractionError
from extractor.isolated import DEFAULT_LIMITS, Limits
from extractor.records import DocumentMeta
from extractor.source import read_bytes, sha256
from extractor.version import __version__

from .chunks import ChunkResult, ChunkTask, DocResult, Item, plan
from .database import Warehouse
from .dataset import load_chunk
from .engines import ChunkLost, Engine
from .files import keep as keep_file
from .ingest import IngestReport, MetaLookup, Outcome, Progress, expand_paths


def ingest_parallel(
    paths: Sequence[str | Path],
    wh: Warehouse,
    engine: Engine,
    *,
    workers: int,
    meta: DocumentMeta | None = None,
    force: bool = False,
    limits: Limits | None = DEFAULT_LIMITS,
    progress: Progress | None = None,
    command: str = "",
) -> IngestReport:
    """Extract ``paths`` on ``engine`` and load each finished chunk into ``wh``: what
    :func:`warehouse.ingest.ingest` does, with the extraction spread over workers."""
    started = time.perf_counter()
    lookup = MetaLookup(meta)
    files = expand_paths(paths)
    items = [Item(str(p), lookup(p)) for p in files]
    if files:
        check_model()  # a missing or broken claims model is one error, before any file is parsed
        wh.publish_snapshot()  # readers read the warehouse as it was while this runs
    report = IngestReport(run_id=wh.start_run(command, __version__))
    if not force:
        items = _skip_stored(wh, items, report, progress)
    staging = Path(f"{wh.path}.chunks") / report.run_id
    tasks = plan(items, staging, report.run_id, workers=workers, limits=limits)
    try:
        for result in _results(engine, tasks):
            for o in load_chunk(wh, result, force=force, once=False):
                if o.status in ("ingested", "replaced") and o.doc_id:
                    keep_file(wh.path, o.doc_id, Path(o.path).read_bytes())
                report.outcomes.append(o)
                if progress:
                    progress("done", o)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_if_empty(staging.parent)
    if report.count("ingested", "replaced"):
        wh.regroup_claims()  # similar claims across documents, over the whole warehouse
    report.seconds = time.perf_counter() - started
    wh.finish_run(report.run_id, files=len(files), ingested=report.count("ingested", "replaced"),
                  skipped=report.count("skipped"), failed=report.count("failed"))
    return report


def extract_to_parquet(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    engine: Engine,
    *,
    workers: int,
    meta: DocumentMeta | None = None,
    limits: Limits | None = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> IngestReport:
    """Extract ``paths`` on ``engine`` into the Parquet dataset ``out_dir`` (no warehouse);
    ``evidence load`` loads it later. Re-running names the same chunks (files replaced)."""
    started = time.perf_counter()
    lookup = MetaLookup(meta)
    items = [Item(str(p), lookup(p)) for p in expand_paths(paths)]
    if items:
        check_model()  # as in ingest_parallel: fail once, before any worker parses a file
    report = IngestReport(run_id=f"parquet-{uuid.uuid4().hex[:12]}")
    for result in _results(engine, plan(items, out_dir, report.run_id, workers=workers, limits=limits)):
        for d in result.docs:
            o = _outcome(d)
            report.outcomes.append(o)
            if progress:
                progress("done", o)
    report.seconds = time.perf_counter() - started
    return report


def _skip_stored(wh: Warehouse, items: list[Item], report: IngestReport, progress: Progress | None) -> list[Item]:
    """The items not in the warehouse yet; the others are reported as skipped here, before
    any worker spends time on them (unreadable files stay, for a worker to report)."""
    stored = {r["doc_id"] for r in wh.rows("document_ids")}
    keep = []
    for it in items:
        try:
            digest = sha256(read_bytes(Path(it.path)))
        except ExtractionError:
            digest = None
        if digest in stored:
            o = Outcome(it.path, "skipped", digest, reason="already in the warehouse (use --force to re-ingest)")
            report.outcomes.append(o)
            if progress:
                progress("done", o)
        else:
            keep.append(it)
    return keep


def _results(engine: Engine, tasks: list[ChunkTask]) -> Iterator[ChunkResult]:
    """Each task's result as it completes. The documents of a lost chunk (its worker died
    on every attempt) are then run again one at a time, each alone on the engine, so that a
    death can only be the document's own: a document that still kills its worker becomes a
    failed result, and documents that were merely running beside it go in."""
    lost: list[ChunkTask] = []
    for r in engine.run(tasks):
        if isinstance(r, ChunkResult):
            yield r
        else:
            lost += [replace(r.task, chunk_id=f"{r.task.chunk_id}-{n}", items=(it,))
                     for n, it in enumerate(r.task.items)]
    for task in lost:
        for r in engine.run([task]):
            yield r if isinstance(r, ChunkResult) else _lost(r)


def _lost(r: ChunkLost) -> ChunkResult:
    (item,) = r.task.items
    doc = DocResult(item.path, "failed", None, reason=f"parser crashed: {r.reason}", error_class="WorkerLost",
                    hint="the document killed the worker process that parsed it; please report this file")
    return ChunkResult(r.task.chunk_id, r.task.run_id, (doc,), {}, 0.0)


def _outcome(d: DocResult) -> Outcome:
    status = "ingested" if d.status == "extracted" else d.status
    return Outcome(d.path, status, d.doc_id, reason=d.reason, hint=d.hint, pages=d.pages, blocks=d.blocks,
                   tables=d.tables, cells=d.cells, facts=d.facts, seconds=d.seconds)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass
