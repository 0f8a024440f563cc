"""Ingestion speed on the corpus, next to a bare pdfplumber read of the same pages.

    python benchmarks/ingest.py [--repeat 3] [--corpus corpus/manifest.csv]

"bare read" = open the PDF and, for every page, ``extract_words()`` and
``extract_tables()`` with pdfplumber's defaults: the least any pdfplumber-based ingester
must do. "extract" = our pure extraction (words, tables, layout, captions: every record).
"ingest" = extract plus loading into an open DuckDB warehouse (one transaction per
document). Single process; best of --repeat runs per document, bare read and extraction
alternating. Then the whole job as a user runs it, from a cold start, alternating with a
cold bare read (best of --repeat each). Prints a markdown table.
"""
from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.manifest import manifest_files  # noqa: E402
from extractor.pipeline import extract_document  # noqa: E402
from warehouse import Warehouse  # noqa: E402


def bare_read(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.extract_tables()
            page.close()
        return len(pdf.pages)


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT / "corpus" / "manifest.csv"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--bare-read", metavar="MANIFEST", help="only read the files bare, once (for the cold timing)")
    args = ap.parse_args(argv)
    if args.bare_read:
        for path in manifest_files(args.bare_read):
            bare_read(path.read_bytes())
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp, Warehouse.open(Path(tmp) / "bench.duckdb") as wh:
        for path in manifest_files(args.corpus):
            data = path.read_bytes()
            pages = bare_read(data)
            t_bare = t_ex = float("inf")
            for _ in range(args.repeat):  # alternating, so that the machine's speed falls on both alike
                t_bare = min(t_bare, best_of(lambda d=data: bare_read(d), 1))
                t_ex = min(t_ex, best_of(lambda d=data, n=path.name: extract_document(d, n), 1))
            ex = extract_document(data, path.name)
            wh.load(ex, "bench")
            t_load = best_of(lambda e=ex: wh.load(e, "bench", replace=True), args.repeat)
            rows.append((path.name, pages, t_bare, t_ex, t_ex + t_load))
        # the whole job as a user runs it, from a cold start: a new process, a fresh
        # warehouse, every file, checkpoint at the end -- next to a bare read, also cold;
        # the two alternate, best of --repeat each, so that a busy minute of the machine
        # does not fall on one of them only
        t_whole = t_cold_bare = float("inf")
        for k in range(args.repeat):
            t_whole = min(t_whole, _cold([sys.executable, "-m", "warehouse.cli", "add", args.corpus, "--db",
                                          str(Path(tmp) / f"whole{k}.duckdb"), "-q"]))
            t_cold_bare = min(t_cold_bare, _cold([sys.executable, __file__, "--bare-read", args.corpus]))
    total = ("**all**", sum(r[1] for r in rows), *(sum(r[i] for r in rows) for i in (2, 3, 4)))
    print("| document | pages | bare read pages/s | extract pages/s | ingest pages/s | ingest speed vs bare read |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, pages, tb, te, ti in [*rows, total]:
        print(f"| {name} | {pages} | {pages / tb:.1f} | {pages / te:.1f} | {pages / ti:.1f} | {tb / ti:.2f}x |")
    print()
    print(f"Whole job from a cold start (`evidence add` in a new process, new warehouse): {total[1]} pages "
          f"in {t_whole:.2f} s = {total[1] / t_whole:.1f} pages/s; a bare read of the same files in a new "
          f"process: {t_cold_bare:.2f} s; ratio {t_cold_bare / t_whole:.2f}x.")


def _cold(command: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
