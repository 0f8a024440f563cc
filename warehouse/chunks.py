"""Chunk tasks: the engine-agnostic unit of distributed work.

A chunk task is a list of documents (paths plus metadata) -> one Parquet file per record
type (documents, pages, blocks, tables, table cells, facts, ... and failures), named by
the chunk and written atomically (temporary name, then rename), plus a small JSON summary
written last: a chunk whose summary exists is complete. No worker ever opens the
warehouse: the single writer loads finished chunks (:mod:`warehouse.dataset`).

The rows are the ones :func:`warehouse.rows.batches` makes for a serial ingest, so a
distributed run stores exactly what a serial one does.
"""
from __future__ import annotations

import atexit
import hashlib
import json
import mmap
import os
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extractor.errors import ExtractionError
from extractor.isolated import DEFAULT_LIMITS, IsolatedExtractor, Limits
from extractor.pipeline import extract_document
from extractor.records import DocumentMeta, Extraction
from extractor.source import read_bytes, sha256
from extractor.version import __version__

from .rows import batches

#: Where a dataset keeps chunk summaries (the other folders are named after tables).
SUMMARIES = "_chunks"
FAILURES = "ingest_failures"


@dataclass(frozen=True)
class Item:
    path: str
    meta: DocumentMeta = field(default_factory=DocumentMeta)


@dataclass(frozen=True)
class ChunkTask:
    chunk_id: str
    items: tuple[Item, ...]
    out_dir: str
    run_id: str
    limits: Limits | None = DEFAULT_LIMITS
    skip: frozenset[str] = frozenset()  # doc ids not to extract again (already stored)


@dataclass(frozen=True)
class DocResult:
    """What happened to one file of a chunk (the loader turns it into an ``Outcome``)."""

    path: str
    status: str  # "extracted", "skipped" or "failed"
    doc_id: str | None = None
    reason: str | None = None
    error_class: str | None = None
    hint: str | None = None
    pages: int = 0
    blocks: int = 0
    tables: int = 0
    cells: int = 0
    facts: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class ChunkResult:
    chunk_id: str
    run_id: str
    docs: tuple[DocResult, ...]
    files: dict[str, str]  # table -> Parquet file
    seconds: float
    extractor_version: str = __version__

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ChunkResult:
        raw = json.loads(text)
        raw["docs"] = tuple(DocResult(**d) for d in raw["docs"])
        return cls(**raw)


def plan(items: Sequence[Item], out_dir: str | Path, run_id: str, *, workers: int = 1,
         limits: Limits | None = DEFAULT_LIMITS, skip: frozenset[str] = frozenset()) -> list[ChunkTask]:
    """Items cut into chunks, the heaviest documents first and the chunks shrinking
    towards the end of the run (guided self-scheduling), so that the workers finish close
    together instead of idling while one of them works through a long document.

    A document's work is estimated from its pages (:func:`estimated_pages`: counted in its
    bytes, nothing parsed). Each chunk takes the next documents up to its share of the
    work still to plan: that work split :data:`SHARES_PER_WORKER` ways per worker, but no
    less than the whole split :data:`MAX_SHARES_PER_WORKER` ways per worker (so that
    a large job does not become a myriad of tiny chunks and small Parquet files), and at
    most :data:`MAX_DOCS_PER_CHUNK` documents. A document heavier than its share is a
    chunk alone. A chunk's id is a hash of its files (name, size, modification time) and
    the extractor version, so re-running the same job names the same chunks (and loading
    them twice is recognised)."""
    work = {it.path: estimated_pages(it.path) + 1 for it in items}  # + 1: a document's cost besides its pages
    workers = max(1, workers)
    left = float(sum(work[it.path] for it in items))
    floor = left / (workers * MAX_SHARES_PER_WORKER)
    chunks: list[list[Item]] = []
    share = filled = 0.0
    for it in sorted(items, key=lambda i: (-work[i.path], i.path)):
        w = work[it.path]
        if not chunks or filled + w > share or len(chunks[-1]) >= MAX_DOCS_PER_CHUNK:
            chunks.append([])
            share, filled = max(1.0, floor, left / (workers * SHARES_PER_WORKER)), 0.0
        chunks[-1].append(it)
        filled += w
        left -= w
    return [ChunkTask(chunk_id(part), tuple(part), str(out_dir), run_id, limits, skip) for part in chunks]


SHARES_PER_WORKER = 4
MAX_SHARES_PER_WORKER = 32
MAX_DOCS_PER_CHUNK = 16
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_BYTES_PER_PAGE = 100_000  # when the page objects are compressed out of sight


def estimated_pages(path: str) -> int:
    """The pages of a PDF estimated without parsing it (the writer plans work before any
    isolated parser sees a file): its page objects counted in the raw bytes, or, when they
    sit in compressed object streams, one page per 100 kB. At least 1."""
    try:
        with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            pages = sum(1 for _ in _PAGE_OBJECT.finditer(data))
            size = len(data)
    except (OSError, ValueError):  # missing, unreadable or empty: a worker reports it
        return 1
    return max(1, pages or size // _BYTES_PER_PAGE)


def chunk_id(items: Sequence[Item]) -> str:
    h = hashlib.sha256(__version__.encode())
    for it in items:
        try:
            st = os.stat(it.path)
            h.update(f"{os.path.abspath(it.path)}|{st.st_size}|{st.st_mtime_ns}|".encode())
        except OSError:
            h.update(f"{os.path.abspath(it.path)}|missing|".encode())
        h.update(json.dumps(asdict(it.meta), sort_keys=True).encode())
    return "c" + h.hexdigest()[:16]


def run_chunk(task: ChunkTask) -> ChunkResult:
    """Extract every document of the chunk and write its Parquet files and summary."""
    t0 = time.perf_counter()
    per_table: dict[str, list[pa.Table]] = {}
    docs: list[DocResult] = []
    failures: list[dict[str, Any]] = []
    with _extractor(task.limits) as extract:
        for item in task.items:
            doc, ex = extract_file(item, extract, task.skip)
            docs.append(doc)
            if ex is not None:
                for table, batch in batches(ex, task.run_id).items():
                    per_table.setdefault(table, []).append(batch)
            elif doc.status == "failed":
                failures.append({"run_id": task.run_id, "file": doc.path, "sha256": doc.doc_id,
                                 "reason": doc.reason, "error_class": doc.error_class})
    if failures:
        per_table[FAILURES] = [pa.Table.from_pylist(failures)]
    files = {table: _write_parquet(task.out_dir, table, task.chunk_id, parts) for table, parts in per_table.items()}
    result = ChunkResult(task.chunk_id, task.run_id, tuple(docs), files, time.perf_counter() - t0)
    _write_atomic(Path(task.out_dir) / SUMMARIES / f"{task.chunk_id}.json", result.to_json().encode())
    return result


Extract = Any  # (data, file name, meta, on_page) -> Extraction


def extract_file(
    item: Item, extract: Extract, skip: frozenset[str] = frozenset()
) -> tuple[DocResult, Extraction | None]:
    """Read and extract one file; a file that cannot be read or parsed is a failed result."""
    t0 = time.perf_counter()
    digest = None
    try:
        data = read_bytes(Path(item.path))
        digest = sha256(data)
        if digest in skip:
            reason = "already in the warehouse (use --force to re-ingest)"
            return DocResult(item.path, "skipped", digest, reason=reason), None
        ex: Extraction = extract(data, Path(item.path).name, item.meta, None)
    except ExtractionError as exc:
        return DocResult(item.path, "failed", digest, exc.reason, type(exc).__name__, exc.hint or None,
                         seconds=time.perf_counter() - t0), None
    except Exception as exc:  # a parser bug on a hostile file fails this file only
        reason = f"parser error: {type(exc).__name__}: {str(exc)[:120]}"
        return DocResult(item.path, "failed", digest, reason, type(exc).__name__, "please report this file",
                         seconds=time.perf_counter() - t0), None
    return DocResult(item.path, "extracted", ex.document.doc_id, pages=len(ex.pages), blocks=len(ex.blocks),
                     tables=len(ex.tables), cells=sum(len(t.cells) for t in ex.tables), facts=len(ex.facts),
                     seconds=time.perf_counter() - t0), ex


# One isolated parsing process per worker process, reused from chunk to chunk, so that the
# NLP pipeline is loaded once per worker.
_ISOLATED: dict[Limits, IsolatedExtractor] = {}


@contextmanager
def _extractor(limits: Limits | None) -> Iterator[Extract]:
    if limits is None:
        yield extract_document
        return
    if limits not in _ISOLATED:
        iso = IsolatedExtractor(limits)
        iso.__enter__()
        atexit.register(iso.__exit__, None, None, None)
        _ISOLATED[limits] = iso
    yield _ISOLATED[limits].extract


def _write_parquet(out_dir: str, table: str, chunk: str, parts: list[pa.Table]) -> str:
    data = pa.concat_tables(parts, promote_options="permissive") if len(parts) > 1 else parts[0]
    path = Path(out_dir) / table / f"{chunk}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(data, tmp)
    os.replace(tmp, path)
    return str(path)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def completed(out_dir: str | Path) -> list[ChunkResult]:
    """Every complete chunk of a dataset (those whose summary was written), by id."""
    folder = Path(out_dir) / SUMMARIES
    if not folder.is_dir():
        return []
    return [ChunkResult.from_json(p.read_text("utf-8")) for p in sorted(folder.glob("c*.json"))]
