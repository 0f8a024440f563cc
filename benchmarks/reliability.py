"""Reliability: hostile files, hangs, memory and kills, in one table.

    python benchmarks/reliability.py [--cases 600] [--kills 50] [--seed 7]

1. ``--cases`` mutated PDFs (bit flips, truncations, duplicated and deleted objects, broken
   xref and streams: the generator of tests/test_fuzz.py), plus a decompression bomb,
   ingested in one batch with the default isolation (each file parsed in a child process
   with a time limit and a memory cap): outcomes by reason, hangs (timeouts), the worst
   time for one file, the peak memory of the parsing processes.
2. ``--kills`` runs of `evidence add --force` killed with SIGKILL at random points: kills
   survived, documents reported committed and then lost (must be 0), partial documents
   (must be 0), slowest reopen.
Prints a markdown table.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.fuzz import reason_class  # noqa: E402
from extractor.isolated import GIB, Limits  # noqa: E402
from tests.crash import doc_counts, kill_runs  # noqa: E402
from tests.fuzz.mutate import mutants, seeds  # noqa: E402
from tests.pdfgen import bomb_pdf  # noqa: E402
from tests.test_kill import corpus_to_kill  # noqa: E402
from warehouse import Warehouse  # noqa: E402
from warehouse.ingest import ingest  # noqa: E402


def hostile_batch(tmp: Path, cases: int, seed: int) -> list[tuple[str, str]]:
    folder = tmp / "hostile"
    folder.mkdir()
    for name, data in mutants(seeds(), cases, seed):
        (folder / f"{name}.pdf").write_bytes(data)
    (folder / "bomb.pdf").write_bytes(bomb_pdf(600))
    t0 = time.perf_counter()
    report = ingest([folder], tmp / "hostile.duckdb", limits=Limits(seconds=10, memory=GIB))
    seconds = time.perf_counter() - t0
    by_reason = Counter(reason_class(o.reason) if o.status == "failed" else o.status for o in report.outcomes)
    peak = report.peak_memory / 2**20
    worst = max(o.seconds for o in report.outcomes)
    rows = [
        ("files tried", str(len(report.outcomes))),
        ("ingested", str(report.count("ingested"))),
        ("failed", str(report.count("failed"))),
    ]
    rows += [(f"  failed: {reason}", str(n)) for reason, n in by_reason.most_common() if reason != "ingested"]
    rows += [
        ("hangs (timeouts)", str(sum(1 for o in report.outcomes if (o.reason or "").startswith("timeout")))),
        ("uncaught errors (batch stopped)", "0"),
        ("slowest file", f"{worst:.1f} s"),
        ("whole batch", f"{seconds:.0f} s"),
        ("peak memory of the parsing process (files it finished)", f"{peak:.0f} MiB"),
    ]
    return rows


def kill_batch(tmp: Path, kills: int, seed: int) -> list[tuple[str, str]]:
    folder = corpus_to_kill(tmp / "kill-in")
    ingest([folder], tmp / "reference.duckdb", limits=None)
    with Warehouse.open(tmp / "reference.duckdb", read_only=True) as wh:
        expected = doc_counts(wh)
    report = kill_runs(folder, tmp / "killed.duckdb", expected, kills, seed)
    return [
        ("ingest runs killed with SIGKILL", str(report.kills)),
        ("runs that finished before the kill", str(report.finished)),
        ("documents reported committed", str(len(report.committed))),
        ("lost commits", str(len(report.lost))),
        ("partial documents after a kill", str(len(report.partial))),
        ("slowest reopen after a kill", f"{report.slowest_reopen:.2f} s"),
    ]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=600)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = hostile_batch(Path(tmp), args.cases, args.seed) + kill_batch(Path(tmp), args.kills, args.seed)
    print("| measure | value |")
    print("|---|---:|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
