"""Throughput of the whole ingest (extract + load + checks skipped) serially, with local
worker processes, and on a local Dask cluster, over the corpus replicated to --pages pages.

    python benchmarks/scale.py [--pages 400] [--jobs 2]

Each copy of a corpus PDF gets a unique trailing comment, so it is a new document (new
SHA-256) with the same content. Every configuration ingests the same copies into a fresh
warehouse with ``evidence add`` (the real command, in a subprocess, wall time measured
around it). Prints a markdown table and the capacity plan derived from it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.manifest import manifest_files  # noqa: E402

PDFS_PER_MONTH = 100_000


def replicate(corpus: Path, folder: Path, pages: int) -> tuple[int, int]:
    """Copies of the corpus PDFs in ``folder`` until they hold at least ``pages`` pages."""
    files = manifest_files(corpus)
    sizes = {f: len(pypdfium2.PdfDocument(str(f))) for f in files}
    n_docs = n_pages = 0
    copy = 0
    while n_pages < pages:
        for f in files:
            data = f.read_bytes() + f"\n% copy {copy}\n".encode()
            (folder / f"{f.stem}-copy{copy:03d}.pdf").write_bytes(data)
            n_docs += 1
            n_pages += sizes[f]
        copy += 1
    return n_docs, n_pages


def run(folder: Path, db: Path, extra: list[str]) -> float:
    evidence = [sys.executable, "-m", "warehouse.cli"]
    t0 = time.perf_counter()
    subprocess.run([*evidence, "add", str(folder), "--db", str(db), "-q", "--no-check", *extra],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def counts(db: Path) -> tuple[int, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM facts)").fetchall()[0]
    finally:
        con.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT / "corpus" / "manifest.csv"))
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="evidence-scale-"))
    try:
        folder = tmp / "pdfs"
        folder.mkdir()
        n_docs, n_pages = replicate(Path(args.corpus), folder, args.pages)
        configs = [
            ("serial (`--jobs 1`)", ["--jobs", "1"]),
            (f"local workers (`--jobs {args.jobs}`)", ["--jobs", str(args.jobs)]),
            (f"Dask local cluster ({args.jobs} workers)", ["--engine", "dask", "--workers", str(args.jobs)]),
        ]
        rows = []
        for name, extra in configs:
            db = tmp / f"{len(rows)}.duckdb"
            seconds = run(folder, db, extra)
            docs, facts = counts(db)
            rows.append((name, seconds, docs, facts, db.stat().st_size))
        serial = rows[0][1]
        print(f"{n_docs} documents, {n_pages} pages (the corpus replicated); {os.cpu_count()} cores\n")
        print("| configuration | wall time (s) | pages/s | speed-up | documents | facts |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, seconds, docs, facts, _ in rows:
            print(f"| {name} | {seconds:.1f} | {n_pages / seconds:.2f} | {serial / seconds:.2f}x | {docs} | {facts} |")
        best = min(rows[1:], key=lambda r: r[1])
        pages_per_core_hour = n_pages / best[1] / args.jobs * 3600
        pages_per_pdf = n_pages / n_docs
        db_bytes_per_fact = rows[0][4] / max(1, rows[0][3])
        core_hours = PDFS_PER_MONTH * pages_per_pdf / pages_per_core_hour
        print(f"\nCapacity plan for {PDFS_PER_MONTH:,} PDFs a month"
              f" (at this corpus's {pages_per_pdf:.1f} pages per PDF):")
        print(f"- throughput measured: {pages_per_core_hour:,.0f} pages per core-hour ({best[0]})")
        print(f"- compute: {core_hours:,.0f} core-hours a month, e.g. {core_hours / 720:.1f} cores busy"
              f" around the clock, or 32 cores for {core_hours / 32:.0f} hours")
        print(f"- storage: {db_bytes_per_fact * 1e6 / 2**30:.2f} GiB of warehouse per million facts"
              f" (the file of the serial run, blocks, tables and search index included)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
