"""Crash safety: `evidence add` killed with SIGKILL at random points, again and again.

After every kill the warehouse reopens quickly, holds no partial document, and holds
every document whose ingest the killed process had reported as committed. The number of
kills is KILLS (default 50).
"""
from __future__ import annotations

import os

from warehouse import Warehouse
from warehouse.ingest import ingest

from .crash import doc_counts, kill_runs
from .pdfgen import LOREM, ruled_table_pdf, text_pdf, write

KILLS = int(os.environ.get("KILLS", "50"))


def corpus_to_kill(folder):
    folder.mkdir()
    for i in range(6):
        write(folder / f"report{i}.pdf", text_pdf([[f"Report {i}: exports grew 5 percent. " + LOREM] * 5] * 4))
    write(folder / "table.pdf", ruled_table_pdf())
    return folder


def test_sigkill_at_random_points_loses_nothing_committed(tmp_path):
    folder = corpus_to_kill(tmp_path / "in")
    reference = tmp_path / "reference.duckdb"
    ingest([folder], reference, limits=None)
    with Warehouse.open(reference, read_only=True) as wh:
        expected = doc_counts(wh)
    assert len(expected) == 7

    # most kills on the serial path, the rest while local worker processes extract
    report = kill_runs(folder, tmp_path / "killed.duckdb", expected, KILLS - KILLS // 5, extra=("--jobs", "1"))
    parallel = kill_runs(folder, tmp_path / "killed-parallel.duckdb", expected, KILLS // 5, extra=("--jobs", "2"))
    for r in (report, parallel):
        assert r.lost == set()  # every document a killed run reported committed is there
        assert r.partial == []  # and no document is there in part
        assert r.slowest_reopen < 1.0
        assert r.committed  # some kills came after commits
    assert report.kills + parallel.kills >= KILLS * 0.8  # most runs were really killed, not finished first
