"""The crash harness: run `evidence add` and kill it with SIGKILL at random points.

Used by tests/test_kill.py and benchmarks/reliability.py. Each run re-ingests a folder
with --force, so kills also land in the middle of atomic replaces.
"""
from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from warehouse import Warehouse

COUNTED = ("pages", "blocks", "tables", "table_cells", "facts")


def doc_counts(wh: Warehouse) -> dict[str, tuple[int, ...]]:
    """Rows per content table for each stored document, by file name."""
    out = {}
    for doc_id, name in wh.con.execute("SELECT doc_id, file_name FROM documents").fetchall():
        out[name] = tuple(
            wh.con.execute(f"SELECT count(*) FROM {t} WHERE doc_id = ?", [doc_id]).fetchall()[0][0] for t in COUNTED
        )
    return out


@dataclass
class KillReport:
    kills: int = 0  # runs killed before they finished
    finished: int = 0  # runs that finished before the kill came
    committed: set[str] = field(default_factory=set)  # files some run reported as committed
    lost: set[str] = field(default_factory=set)  # reported committed, then missing
    partial: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)  # docs not as in the reference
    slowest_reopen: float = 0.0


def full_run_seconds(folder: Path, db: Path, extra: tuple[str, ...] = ()) -> float:
    """How long an undisturbed `evidence add FOLDER --force` takes here (kills are spread
    over that much time, so they land before, between and after commits on any machine)."""
    t0 = time.monotonic()
    subprocess.run(_command(folder, db, extra), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.monotonic() - t0


def _command(folder: Path, db: Path, extra: tuple[str, ...]) -> list[str]:
    return [sys.executable, "-m", "warehouse.cli", "add", str(folder), "--db", str(db), "-q", "--force",
            "--no-check", *extra]


def kill_runs(folder: Path, db: Path, expected: dict[str, tuple[int, ...]], runs: int, seed: int = 5583,
              longest: float | None = None, extra: tuple[str, ...] = ()) -> KillReport:
    """``runs`` runs of `evidence add FOLDER --force [EXTRA]`, each killed after a random
    delay of up to ``longest`` seconds (default: as long as an undisturbed run takes); after
    each, the warehouse is reopened and checked against ``expected`` (rows per document
    from an undisturbed ingest)."""
    rng = random.Random(seed)
    report = KillReport()
    if longest is None:
        longest = max(1.0, full_run_seconds(folder, db, extra))
    for _ in range(runs):
        proc = subprocess.Popen(_command(folder, db, extra), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True)
        time.sleep(rng.uniform(0.3, longest))
        proc.send_signal(signal.SIGKILL)
        _, stderr = proc.communicate(timeout=30)
        report.kills += proc.returncode == -signal.SIGKILL
        report.finished += proc.returncode != -signal.SIGKILL
        report.committed |= {
            Path(line.split(": ", 1)[1].split(" (")[0]).name
            for line in stderr.splitlines()
            if line.startswith(("ingested: ", "replaced: "))
        }
        t0 = time.monotonic()
        with Warehouse.open(db) as wh:
            report.slowest_reopen = max(report.slowest_reopen, time.monotonic() - t0)
            found = doc_counts(wh)
        report.lost |= report.committed - set(found)
        report.partial += [(name, counts) for name, counts in found.items() if counts != expected.get(name)]
    return report
