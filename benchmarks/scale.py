"""Throughput of the whole ingest (extract + load + checks skipped) serially, with local
worker processes, and on a local Dask cluster, over the corpus replicated to --pages pages.

    python benchmarks/scale.py [--pages 400] [--jobs 2] [--repeat 3]

Each copy of a corpus PDF gets a unique trailing comment, so it is a new document (new
SHA-256) with the same content. Every configuration ingests the same copies into a fresh
warehouse with ``evidence add`` (the real command, in a subprocess, wall time measured
around it). With ``--repeat N`` the configurations run N times, interleaved, and each is
reported by its fastest run (on a shared machine, slower runs measure the neighbours) with
the slowest beside it. "cores busy" is the machine's busy CPU time over wall time
(/proc/stat, Linux): what a configuration left idle, or spent on top of the serial run.
Prints a markdown table and the capacity plan derived from it.
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


def run(folder: Path, db: Path, extra: list[str]) -> tuple[float, float | None]:
    """Wall seconds of one ``evidence add``, and the CPU seconds the machine was busy meanwhile."""
    evidence = [sys.executable, "-m", "warehouse.cli"]
    busy0 = busy_seconds()
    t0 = time.perf_counter()
    subprocess.run([*evidence, "add", str(folder), "--db", str(db), "-q", "--no-check", *extra],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    busy1 = busy_seconds()
    return wall, (busy1 - busy0 if busy0 is not None and busy1 is not None else None)


def busy_seconds() -> float | None:
    """CPU seconds all cores have spent busy since boot (user, nice, system, irq, softirq)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in fields[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


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
    ap.add_argument("--repeat", type=int, default=1, help="runs of each configuration; the fastest is reported")
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
        runs: dict[str, list[tuple[float, float | None]]] = {name: [] for name, _ in configs}
        rows = []
        for attempt in range(args.repeat):
            for n, (name, extra) in enumerate(configs):
                db = tmp / f"{n}-{attempt}.duckdb"
                runs[name].append(run(folder, db, extra))
                if attempt == 0:
                    docs, facts = counts(db)
                    rows.append((name, docs, facts, db.stat().st_size))
                _remove_warehouse(db)
        fastest = {name: min(r, key=lambda x: x[0]) for name, r in runs.items()}
        serial = fastest[configs[0][0]][0]
        print(f"{n_docs} documents, {n_pages} pages (the corpus replicated); {os.cpu_count()} cores;"
              f" fastest of {args.repeat} run(s) each\n")
        print("| configuration | wall time (s) | slowest run (s) | pages/s | speed-up | cores busy"
              " | documents | facts |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, docs, facts, _ in rows:
            seconds, busy = fastest[name]
            cores = f"{busy / seconds:.2f}" if busy is not None else "n/a"
            slowest = max(w for w, _ in runs[name])
            print(f"| {name} | {seconds:.1f} | {slowest:.1f} | {n_pages / seconds:.2f} | {serial / seconds:.2f}x"
                  f" | {cores} | {docs} | {facts} |")
        best = min(rows[1:], key=lambda r: fastest[r[0]][0])
        pages_per_core_hour = n_pages / fastest[best[0]][0] / args.jobs * 3600
        pages_per_pdf = n_pages / n_docs
        db_bytes_per_fact = rows[0][3] / max(1, rows[0][2])
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


def _remove_warehouse(db: Path) -> None:
    """The warehouse file and what lives beside it (kept PDFs, WAL), to keep the disk small."""
    for p in db.parent.glob(db.name + "*"):
        shutil.rmtree(p) if p.is_dir() else p.unlink()


if __name__ == "__main__":
    main()
