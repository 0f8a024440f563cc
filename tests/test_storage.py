"""Storage failures and concurrent writers: a clear message, a non-zero exit, and nothing
that was committed is lost."""
from __future__ import annotations

import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from warehouse import Warehouse
from warehouse.ingest import ingest

from .pdfgen import LOREM, ruled_table_pdf, text_pdf, write

CLI = [sys.executable, "-m", "warehouse.cli"]


def _pdfs(folder: Path, n: int, tag: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write(folder / f"{tag}{i}.pdf", text_pdf([[f"{tag} report {i}. " + LOREM] * 6] * 3)) for i in range(n)]


def _limited(max_bytes: int):
    def limit() -> None:  # runs in the child: files may not grow past max_bytes
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails (EFBIG), no signal death
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return limit


def test_a_full_disk_stops_the_run_with_one_line_and_loses_nothing_committed(tmp_path, db_path):
    first = _pdfs(tmp_path / "first", 2, "first")
    ingest(first, db_path, limits=None)
    with Warehouse.open(db_path, read_only=True) as wh:
        before = {d["doc_id"] for d in wh.documents()}
    _pdfs(tmp_path / "more", 3, "more")
    write(tmp_path / "more" / "table.pdf", ruled_table_pdf())
    size = db_path.stat().st_size
    result = subprocess.run(
        [*CLI, "add", str(tmp_path / "more"), "--db", str(db_path), "-q", "--in-process"],
        capture_output=True, text=True, preexec_fn=_limited(size + 2048), timeout=120, check=False,
    )
    assert result.returncode == 1, result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "cannot write to the warehouse" in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    reported = {Path(ln.split(": ", 1)[1].split(" (")[0]).name for ln in result.stderr.splitlines()
                if ln.startswith("ingested: ")}
    # everything committed before is there, and all that the run reported as ingested;
    # nothing half-written is
    with Warehouse.open(db_path) as wh:
        docs = wh.documents()
        assert before <= {d["doc_id"] for d in docs}
        assert reported <= {d["file_name"] for d in docs}
        for d in docs:
            pages = wh.con.execute("SELECT count(*) FROM pages WHERE doc_id = ?", [d["doc_id"]]).fetchall()[0][0]
            assert pages == d["n_pages"]
    # with room again, the rest goes in
    again = ingest([tmp_path / "more"], db_path, limits=None)
    assert again.count("failed") == 0
    with Warehouse.open(db_path, read_only=True) as wh:
        assert wh.totals()["documents"] == 6


def test_a_second_writer_says_it_waits_then_goes_in(tmp_path, db_path):
    Warehouse.open(db_path).close()
    hold = "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(2)"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(db_path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    pdf = _pdfs(tmp_path / "in", 1, "wait")[0]
    t0 = time.monotonic()
    result = subprocess.run([*CLI, "add", str(pdf), "--db", str(db_path), "-q", "--wait", "30"],
                            capture_output=True, text=True, timeout=120, check=False)
    holder.wait()
    assert result.returncode == 0, result.stderr
    assert f"waiting for another process to release {db_path}" in result.stderr
    assert time.monotonic() - t0 >= 1
    assert f"ingested: {pdf}" in result.stderr
