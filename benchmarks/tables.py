"""Benchmark the table finder against the peer suites in ``shared/bench/tables``.

As a module it offers the scorer's contract::

    python ../shared/bench/tables/score.py benchmarks/tables.py extract \\
        --cases ../shared/bench/tables/cases_icdar2013_eu.json -v

As a script it scores our extractor and plain pdfplumber on the three case files and
prints a markdown table::

    python benchmarks/tables.py [--bench ../shared/bench/tables]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import os
import sys
from types import ModuleType
from typing import Any

import pdfplumber

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from extractor.tables import find_tables  # noqa: E402
from extractor.words import page_words  # noqa: E402

DEFAULT_BENCH = os.path.join(ROOT, "..", "shared", "bench", "tables")
CASE_FILES = ("cases_icdar2013_eu.json", "cases_camelot.json", "cases_pdfplumber.json")


def extract(pdf_path: str, page: int) -> list[list[list[str]]]:
    """Every table found on 1-based ``page`` as rows of cell texts (no hints)."""
    with pdfplumber.open(pdf_path) as pdf:
        p = pdf.pages[page - 1]
        return [t.grid() for t in find_tables(p, page_words(p))]


def _load(path: str, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run(bench: str) -> list[dict[str, Any]]:
    score = _load(os.path.join(bench, "score.py"), "bench_score")
    baseline = _load(os.path.join(bench, "baseline_pdfplumber.py"), "bench_baseline")
    args = argparse.Namespace(all=False, hints=False, filter=None, verbose=False)
    rows = []
    for name in CASE_FILES:
        for label, fn in (("ours", extract), ("pdfplumber", baseline.extract_lines)):
            with contextlib.redirect_stdout(io.StringIO()):
                summ, _ = score.run_file(os.path.join(bench, name), fn, args, label)
            rows.append(summ)
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", default=DEFAULT_BENCH, help="folder with score.py and cases*.json")
    args = ap.parse_args(argv)
    print("| suite | extractor | cell acc | exact | checks | pages/s |")
    print("|---|---|---|---|---|---|")
    for s in run(os.path.abspath(args.bench)):
        acc = f"{s['acc']:.3f}" if s["grid_cases"] else "—"
        exact = f"{s['exact']}/{s['grid_cases']}" if s["grid_cases"] else "—"
        checks = f"{s['checks_passed']}/{s['checks_total']}" if s["checks_total"] else "—"
        print(f"| {s['file']} | {s['extractor']} | {acc} | {exact} | {checks} | {s['pages_per_s']:.1f} |")


if __name__ == "__main__":
    main()
