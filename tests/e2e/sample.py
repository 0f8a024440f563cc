"""A small warehouse for the web app's tests: one generated report whose text holds HTML
(to check it is shown escaped) and a table whose total is wrong (so a check flags it)."""
from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from warehouse import Warehouse
from warehouse.checks import run_checks
from warehouse.ingest import ingest

HTML_TEXT = "Zone reports quote <script>alert(1)</script> and <b>x</b> verbatim."
ROWS = [
    ["Zone", "2007", "2008"],
    ["North", "1,200", "1,350"],
    ["South", "980", "1,020"],
    ["Total", "2,500", "2,370"],  # 1,200 + 980 = 2,180: the 2007 total is wrong
]


def report_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1)  # the same bytes (document id) every time
    c.setTitle("Zone report")
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 740, "Exports of the zones")
    c.setFont("Helvetica", 10)
    c.drawString(72, 715, "Exports of the zones reached US$2.4 billion in 2008, up from US$2.2 billion in 2007.")
    c.drawString(72, 700, HTML_TEXT)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(72, 670, "Table 1 Exports by Zone, 2007-2008 (US$ millions)")
    c.setFont("Helvetica", 10)
    x, top, h = [72, 200, 300, 400], 660, 18
    for i, row in enumerate(ROWS):
        for j, cell in enumerate(row):
            c.drawString(x[j] + 4, top - (i + 1) * h + 5, cell)
    for i in range(len(ROWS) + 1):
        c.line(x[0], top - i * h, x[-1], top - i * h)
    for xv in x:
        c.line(xv, top, xv, top - len(ROWS) * h)
    c.setFont("Helvetica", 8)
    c.drawString(72, top - len(ROWS) * h - 14, "Source: Zone statistics office.")
    c.showPage()
    c.setFont("Helvetica", 10)
    c.drawString(72, 720, "Foreign direct investment in the zones grew quickly after the reform.")
    c.showPage()
    c.save()
    return buf.getvalue()


def build(folder: Path) -> Path:
    """Ingest the report into ``folder/web.duckdb`` (keeping its PDF) and run the checks."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / "zone-report.pdf"
    pdf.write_bytes(report_pdf())
    db = folder / "web.duckdb"
    report = ingest([pdf], db, limits=None)
    assert report.totals()["documents"] == 1, report.outcomes
    with Warehouse.open(db) as wh:
        run_checks(wh)
    return db
