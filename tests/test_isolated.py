"""Parsing in a child process: a file that hangs, bloats or crashes the parser fails
alone, with its reason, and the worker goes on with the next file."""
from __future__ import annotations

import os
import pickle
import signal
import threading

import pytest

from extractor.errors import NotAPDF, ParserCrashed, ParseTimeout, TooMuchMemory
from extractor.isolated import GIB, IsolatedExtractor, Limits
from warehouse import Warehouse
from warehouse.ingest import ingest

from .conftest import PAPER
from .pdfgen import LOREM, bomb_pdf, raw_pdf, text_pdf, write

SMALL = raw_pdf(b"BT /F1 12 Tf 72 720 Td (Exports grew by 5 percent.) Tj ET")


def test_records_and_errors_come_back_from_the_worker():
    with IsolatedExtractor() as ex:
        records = ex.extract(SMALL, "small.pdf")
        assert [b.text for b in records.blocks] == ["Exports grew by 5 percent."]
        with pytest.raises(NotAPDF) as info:
            ex.extract(b"hello", "hello.pdf")
        assert str(info.value) == "hello.pdf: not a PDF (starts with 'hello')"


def test_a_decompression_bomb_fails_on_memory_and_the_next_file_goes_through():
    with IsolatedExtractor(Limits(seconds=60, memory=GIB // 3)) as ex:
        with pytest.raises(TooMuchMemory) as info:
            ex.extract(bomb_pdf(600), "bomb.pdf")
        assert info.value.reason.startswith("memory: ")
        assert ex.extract(SMALL, "small.pdf").blocks


def test_a_file_past_the_time_limit_fails_on_timeout():
    with IsolatedExtractor(Limits(seconds=0.3)) as ex:
        with pytest.raises(ParseTimeout) as info:
            ex.extract(PAPER.read_bytes(), PAPER.name)
        assert info.value.reason == "timeout: not parsed within 0.3s"
    with IsolatedExtractor(Limits(seconds=60)) as ex:
        assert ex.extract(SMALL, "small.pdf").blocks


def test_a_worker_that_dies_is_reported_and_replaced():
    with IsolatedExtractor() as ex:
        ex.extract(SMALL, "warm.pdf")  # the worker is up
        first = ex.pid
        assert first is not None
        # kill the worker while it parses the paper (after its first page)
        killed = threading.Event()

        def on_page(done: int, total: int) -> None:
            if not killed.is_set():
                killed.set()
                os.kill(first, signal.SIGKILL)

        with pytest.raises(ParserCrashed) as info:
            ex.extract(PAPER.read_bytes(), PAPER.name, on_page=on_page)
        assert info.value.reason == "parser crashed: killed by SIGKILL"
        assert ex.extract(SMALL, "small.pdf").blocks
        assert ex.pid != first


def test_errors_survive_pickling_with_their_fields():
    err = pickle.loads(pickle.dumps(TooMuchMemory("a.pdf", GIB)))
    assert (type(err), err.file, err.limit, str(err)) == (TooMuchMemory, "a.pdf", GIB, "a.pdf: memory: parsing needed "
                                                          "more than 1 GiB")


def test_ingest_records_limit_failures_and_keeps_the_batch_going(tmp_path, db_path):
    bomb = write(tmp_path / "bomb.pdf", bomb_pdf(600))
    good = write(tmp_path / "good.pdf", text_pdf([[LOREM]]))
    report = ingest([bomb, good], db_path, limits=Limits(seconds=60, memory=GIB // 3))
    assert [o.status for o in report.outcomes] == ["failed", "ingested"]
    with Warehouse.open(db_path, read_only=True) as wh:
        rows = wh.con.execute("SELECT file, reason, error_class FROM ingest_failures").fetchall()
        assert wh.totals()["documents"] == 1
    assert rows == [(str(bomb), "memory: parsing needed more than 0.33 GiB", "TooMuchMemory")]


def test_cli_limits(tmp_path, db_path):
    from click.testing import CliRunner

    from warehouse.cli import main

    bomb = write(tmp_path / "bomb.pdf", bomb_pdf(600))
    result = CliRunner().invoke(main, ["add", str(bomb), "--db", str(db_path), "-q", "--memory", "0.33"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {bomb}: memory: parsing needed more than 0.33 GiB (hint: the file needs more memory than "
        "allowed (a decompression bomb?); raise --memory to allow more)"
    ]
