"""Ingestion speed on the corpus, next to a bare pdfplumber read of the same pages.

    python benchmarks/ingest.py [--repeat 3] [--corpus corpus/manifest.csv]

"bare read" = open the PDF and, for every page, ``extract_words()`` and
``extract_tables()`` with pdfplumber's defaults: the least any pdfplumber-based ingester
must do. "extract" = our pure extraction (words, tables, layout, captions: every record).
"ingest" = extract plus loading into an open DuckDB warehouse (one transaction per
document). Single process; best of --repeat runs per document. Then the whole job once, as
a user runs it. Prints a markdown table.
"""
from __future__ import annotations

import argparse
import io
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
from warehouse.ingest import ingest  # noqa: E402


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
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp, Warehouse.open(Path(tmp) / "bench.duckdb") as wh:
        for path in manifest_files(args.corpus):
            data = path.read_bytes()
            pages = bare_read(data)
            t_bare = best_of(lambda d=data: bare_read(d), args.repeat)
            t_ex = best_of(lambda d=data, n=path.name: extract_document(d, n), args.repeat)
            ex = extract_document(data, path.name)
            wh.load(ex, "bench")
            t_load = best_of(lambda e=ex: wh.load(e, "bench", replace=True), args.repeat)
            rows.append((path.name, pages, t_bare, t_ex, t_ex + t_load))
        # the whole job as a user runs it: a fresh warehouse, every file, checkpoint at the end
        t0 = time.perf_counter()
        ingest([args.corpus], Path(tmp) / "whole.duckdb")
        t_whole = time.perf_counter() - t0
    total = ("**all**", sum(r[1] for r in rows), *(sum(r[i] for r in rows) for i in (2, 3, 4)))
    print("| document | pages | bare read pages/s | extract pages/s | ingest pages/s | ingest speed vs bare read |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, pages, tb, te, ti in [*rows, total]:
        print(f"| {name} | {pages} | {pages / tb:.1f} | {pages / te:.1f} | {pages / ti:.1f} | {tb / ti:.2f}x |")
    print()
    print(f"Whole job (`ingest()` of the corpus into a new warehouse file, once): {total[1]} pages "
          f"in {t_whole:.2f} s = {total[1] / t_whole:.1f} pages/s, {total[2] / t_whole:.2f}x the bare read.")


if __name__ == "__main__":
    main()
