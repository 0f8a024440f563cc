"""A long mutation-fuzzing run of ingest, summarised: outcomes by reason, the slowest
files, and the files worth a look saved for replay.

    python benchmarks/fuzz.py --cases 5000 --seed 7 --keep /tmp/fuzz-finds

The cases are those of ``tests/test_fuzz.py`` (same generator, same seed gives the same
files). Files that crashed or hung the worker, ran out of memory, failed with an error
the pipeline did not classify ("parser error") or broke the report's invariants are
copied to ``--keep``; a file to keep for good goes in ``tests/fuzz/regressions/pdf/``.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.isolated import GIB, Limits  # noqa: E402
from tests.fuzz.mutate import mutants, seeds  # noqa: E402
from tests.test_fuzz import BATCH, check_report  # noqa: E402
from warehouse.ingest import ingest  # noqa: E402

WORTH_A_LOOK = ("parser error", "parser crashed", "timeout", "memory")


def reason_class(reason: str | None) -> str:
    """A failure reason without its file-specific details ("corrupt PDF (PSEOF ...)")."""
    if not reason:
        return "-"
    reason = re.sub(r"(found|construct|filter|starts with):? .*", r"\1 ...", reason)
    return re.sub(r"(?<!its )\d+", "N", reason)[:70]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=20250601)
    ap.add_argument("--seconds", type=float, default=10.0, help="time limit per file")
    ap.add_argument("--keep", type=Path, default=None, help="folder for the files worth a look")
    args = ap.parse_args()
    limits = Limits(seconds=args.seconds, memory=GIB)
    cases = list(mutants(seeds(), args.cases, args.seed))
    statuses: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    slowest: list[tuple[float, str]] = []
    keep: list[Path] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for b in range(0, len(cases), BATCH):
            folder = Path(tmp) / f"batch{b // BATCH:04d}"
            folder.mkdir()
            files = []
            for name, data in cases[b : b + BATCH]:
                (folder / f"{name}.pdf").write_bytes(data)
                files.append(folder / f"{name}.pdf")
            report = ingest(files, folder / "fuzz.duckdb", limits=limits)
            try:
                check_report(files, report, folder / "fuzz.duckdb")
            except AssertionError as exc:
                print(f"batch {b // BATCH}: invariant broken: {exc}")
                keep.extend(files)
            for o in report.outcomes:
                statuses[o.status] += 1
                reasons[reason_class(o.reason)] += 1
                slowest.append((o.seconds, Path(o.path).name))
                if o.reason and o.reason.startswith(WORTH_A_LOOK):
                    keep.append(Path(o.path))
            if args.keep and keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                for f in keep:
                    shutil.copy(f, args.keep / f.name)
            keep.clear()
    took = time.perf_counter() - started
    print(f"{len(cases)} cases in {took:.1f}s ({len(cases) / took:.0f}/s), seed {args.seed}")
    print("\n| status | files |\n|---|---|")
    for s, n in statuses.most_common():
        print(f"| {s} | {n} |")
    print("\n| reason | files |\n|---|---|")
    for r, n in reasons.most_common():
        print(f"| {r} | {n} |")
    print("\nslowest:")
    for secs, name in sorted(slowest, reverse=True)[:10]:
        print(f"  {secs:6.2f}s  {name}")


if __name__ == "__main__":
    main()
