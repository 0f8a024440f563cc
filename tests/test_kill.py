"""Crash safety: `evidence add` killed with SIGKILL at random points, again and again.

After every kill the warehouse reopens quickly, holds no partial document, and holds
every document whose ingest the killed process had reported as committed. Each run
re-ingests everything with --force, so kills also land in the middle of atomic replaces.
The number of kills is KILLS (default 50).
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from warehouse import Warehouse
from warehouse.ingest import ingest

from .pdfgen import LOREM, ruled_table_pdf, text_pdf, write

KILLS = int(os.environ.get("KILLS", "50"))
COUNTED = ("pages", "blocks", "tables", "table_cells", "facts")


def _counts(wh: Warehouse) -> dict[str, tuple[int, ...]]:
    out = {}
    for doc_id, name in wh.con.execute("SELECT doc_id, file_name FROM documents").fetchall():
        out[name] = tuple(
            wh.con.execute(f"SELECT count(*) FROM {t} WHERE doc_id = ?", [doc_id]).fetchall()[0][0] for t in COUNTED
        )
    return out


def test_sigkill_at_random_points_loses_nothing_committed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        write(folder / f"report{i}.pdf", text_pdf([[f"Report {i}: exports grew 5 percent. " + LOREM] * 5] * 4))
    write(folder / "table.pdf", ruled_table_pdf())
    reference = tmp_path / "reference.duckdb"
    ingest([folder], reference, limits=None)
    with Warehouse.open(reference, read_only=True) as wh:
        expected = _counts(wh)
    assert len(expected) == 7

    db = tmp_path / "killed.duckdb"
    rng = random.Random(5583)
    committed: set[str] = set()
    survived = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "warehouse.cli", "add", str(folder), "--db", str(db), "-q", "--force"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        time.sleep(rng.uniform(0.3, 6.0))  # a whole run takes about 5 s here
        proc.send_signal(signal.SIGKILL)
        _, stderr = proc.communicate(timeout=30)
        committed |= {
            Path(line.split(": ", 1)[1].split(" (")[0]).name
            for line in stderr.splitlines()
            if line.startswith(("ingested: ", "replaced: "))
        }
        t0 = time.monotonic()
        with Warehouse.open(db) as wh:
            reopened = time.monotonic() - t0
            found = _counts(wh)
        assert reopened < 1.0, reopened
        assert committed <= set(found), committed - set(found)
        for name, counts in found.items():
            assert counts == expected[name], (name, counts, expected[name])
        survived += proc.returncode == -signal.SIGKILL
    assert survived >= KILLS * 0.8  # most runs were really killed, not finished first
    assert committed  # and some kills came after commits
