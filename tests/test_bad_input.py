"""Bad input: one line naming the file and the reason, non-zero exit, nothing partial kept,
and the good files of the same batch still ingested."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor import extract_document
from extractor.errors import CorruptPDF, EmptyFile, EncryptedPDF, NotAPDF, NoTextLayer
from warehouse import Warehouse
from warehouse.cli import main
from warehouse.ingest import ingest

from .pdfgen import LOREM, bad_files, text_pdf, write


@pytest.fixture
def batch(tmp_path: Path) -> tuple[dict[str, Path], Path]:
    bad = bad_files(tmp_path)
    good = write(tmp_path / "good.pdf", text_pdf([[LOREM, LOREM], [LOREM]]))
    return bad, good


def test_each_bad_file_fails_with_its_reason_and_the_good_one_goes_in(batch, db_path):
    bad, good = batch
    report = ingest([*bad.values(), good], db_path)
    by_path = {o.path: o for o in report.outcomes}
    for reason, path in bad.items():
        outcome = by_path[str(path)]
        assert outcome.status == "failed", path
        assert reason in outcome.reason, (path, outcome.reason)
    assert by_path[str(good)].status == "ingested"
    assert report.count("failed") == len(bad)
    with Warehouse.open(db_path, read_only=True) as wh:
        assert wh.totals()["documents"] == 1
        docs = wh.documents()
        assert docs[0]["file_name"] == "good.pdf"
        # nothing of the failed files: every stored row belongs to the good document
        for table in ("pages", "blocks", "tables", "table_cells"):
            n = wh.con.execute(f"SELECT count(*) FROM {table} WHERE doc_id <> ?", [docs[0]["doc_id"]]).fetchall()[0]
            assert n == (0,), table
        failures = wh.con.execute("SELECT file, reason FROM ingest_failures ORDER BY file").fetchall()
    assert {f for f, _ in failures} == {str(p) for p in bad.values()}


def test_cli_prints_one_line_per_bad_file_and_exits_non_zero(batch, db_path):
    bad, good = batch
    result = CliRunner().invoke(main, ["add", *map(str, bad.values()), str(good), "--db", str(db_path), "-q"])
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == len(bad)
    for reason, path in bad.items():
        line = next(ln for ln in errors if str(path) in ln)
        assert reason in line
        assert "(hint: " in line
    # the summary counts the failures
    assert "failed" in result.stdout
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("key", "error"),
    [
        ("not a PDF", NotAPDF),
        ("empty file", EmptyFile),
        ("corrupt PDF", CorruptPDF),
        ("encrypted PDF", EncryptedPDF),
        ("no text layer", NoTextLayer),
    ],
)
def test_extraction_raises_a_typed_error_naming_the_file(tmp_path, key, error):
    path = bad_files(tmp_path)[key]
    with pytest.raises(error) as info:
        extract_document(path.read_bytes(), path.name)
    assert str(info.value).startswith(f"{path.name}: ")
    assert "\n" not in str(info.value)


def test_pdf_with_only_an_owner_password_is_readable(tmp_path):
    """Encryption that needs no password to open (only restricts printing) is not an error."""
    import io

    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("", ownerPassword="owner"))
    c.drawString(72, 720, LOREM[:80])
    c.showPage()
    c.save()
    ex = extract_document(buf.getvalue(), "restricted.pdf")
    assert any("Special economic zones" in b.text for b in ex.blocks)


def test_a_page_without_text_in_a_text_document_is_a_warning_not_an_error():
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, LOREM[:80])
    c.showPage()
    c.rect(72, 500, 200, 100, fill=1)  # a picture only: a scanned page
    c.showPage()
    c.save()
    ex = extract_document(buf.getvalue(), "mixed.pdf")
    assert len(ex.pages) == 2
    assert ex.warnings == ("no text layer on page(s) 2",)


def test_docs_failed_lists_each_failure_with_its_reason(batch, db_path):
    bad, good = batch
    runner = CliRunner()
    runner.invoke(main, ["add", *map(str, bad.values()), str(good), "--db", str(db_path), "-q"])
    result = runner.invoke(main, ["docs", "--failed", "--db", str(db_path)])
    assert result.exit_code == 0
    for reason, path in bad.items():
        assert path.name in result.stdout and reason in result.stdout
    assert "good.pdf" not in result.stdout


def test_a_page_without_a_mediabox_is_a_corrupt_pdf_not_a_crash(tmp_path, db_path):
    from .pdfgen import raw_pdf

    broken = raw_pdf(b"BT /F1 12 Tf 72 720 Td (Hello world) Tj ET").replace(b"/MediaBox [0 0 612 792] ", b"")
    path = write(tmp_path / "no-mediabox.pdf", broken)
    good = write(tmp_path / "good.pdf", text_pdf([[LOREM]]))
    report = ingest([path, good], db_path)
    assert [o.status for o in report.outcomes] == ["failed", "ingested"]
    assert report.outcomes[0].reason.startswith("corrupt PDF (TypeError")


def test_parsers_that_disagree_on_the_page_count_leave_a_warning_on_the_document(tmp_path, db_path):
    from .pdfgen import raw_pdf

    odd = raw_pdf(b"BT /F1 12 Tf 72 720 Td (Hello world) Tj ET").replace(b"/Count 1", b"/Count 3")
    report = ingest([write(tmp_path / "count.pdf", odd)], db_path)
    assert report.outcomes[0].status == "ingested"
    with Warehouse.open(db_path, read_only=True) as wh:
        warnings = wh.con.execute("SELECT warnings FROM documents").fetchall()[0][0]
    assert warnings == ["page count differs between parsers: pdfminer 1, pdfium 3"]
