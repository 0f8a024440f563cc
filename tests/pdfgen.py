"""Small real PDFs made with reportlab for the tests, plus broken files made from them."""
from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

LOREM = (
    "Special economic zones attracted foreign direct investment and created jobs in the "
    "coastal provinces, while industrial clusters grew from small family firms into "
    "specialised towns that supply the world's markets with shoes, socks and lighting."
)


def text_pdf(pages: list[list[str]], *, title: str = "Test report", encrypt: str | None = None) -> bytes:
    """A PDF with one paragraph per string, wrapped at ~90 characters, on each page."""
    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption(encrypt, canPrint=0) if encrypt else None
    c = canvas.Canvas(buf, pagesize=letter, encrypt=enc)
    c.setTitle(title)
    for n, paragraphs in enumerate(pages, start=1):
        c.setFont("Helvetica", 8)
        c.drawString(72, 760, "Test Report Series 12")
        c.setFont("Helvetica", 10)
        y = 720.0
        for para in paragraphs:
            for line in _wrap(para, 90):
                c.drawString(72, y, line)
                y -= 13
            y -= 9
        c.setFont("Helvetica", 9)
        c.drawCentredString(306, 40, str(n))
        c.showPage()
    c.save()
    return buf.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines, cur = [], ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    return lines + ([cur] if cur else [])


def ruled_table_pdf() -> bytes:
    """A page with a caption, a fully ruled 4x3 table and a source line under it."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 720, LOREM[:90])
    c.setFont("Helvetica-Bold", 10)
    c.drawString(72, 690, "Table 2.1 Exports by Zone, 2008 (US$ millions)")
    c.setFont("Helvetica", 10)
    rows = [
        ["Zone", "2007", "2008"],
        ["North", "1,200", "1,350"],
        ["South", "980", "1,020"],
        ["Total", "2,180", "2,370"],
    ]
    x = [72, 200, 300, 400]
    top = 680
    h = 18
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            c.drawString(x[j] + 4, top - (i + 1) * h + 5, cell)
    for i in range(len(rows) + 1):
        c.line(x[0], top - i * h, x[-1], top - i * h)
    for xv in x:
        c.line(xv, top, xv, top - len(rows) * h)
    c.setFont("Helvetica", 8)
    c.drawString(72, top - len(rows) * h - 14, "Source: Zone statistics office.")
    c.showPage()
    c.save()
    return buf.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages that hold only a drawn picture: no text layer, as from a scanner."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    for _ in range(pages):
        for k in range(40):
            c.setFillGray(0.2 + (k % 5) * 0.15)
            c.rect(72, 700 - k * 15, 300 + (k * 37) % 150, 9, stroke=0, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def bad_files(folder: Path) -> dict[str, Path]:
    """One file for every kind of bad input, by the reason's key word."""
    good = text_pdf([[LOREM]])
    return {
        "not a PDF": write(folder / "notes.pdf", b"Meeting notes\nThese are not a PDF at all.\n"),
        "empty file": write(folder / "empty.pdf", b""),
        "corrupt PDF": write(folder / "truncated.pdf", good[: len(good) // 2]),
        "encrypted PDF": write(folder / "locked.pdf", text_pdf([[LOREM]], encrypt="secret")),
        "no text layer": write(folder / "scan.pdf", scanned_pdf()),
        "no such file": folder / "missing.pdf",
    }


def raw_pdf(content: bytes, *, filtered: bool = False) -> bytes:
    """A one-page PDF whose page content stream is ``content`` (Flate-compressed if
    ``filtered``), with a correct cross-reference table."""
    import zlib

    stream = zlib.compress(content, 9) if filtered else content
    extra = b"/Filter /FlateDecode " if filtered else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< " + extra + b"/Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def bomb_pdf(megabytes: int = 400) -> bytes:
    """A small file whose content stream inflates to ``megabytes`` MB (a decompression bomb)."""
    text = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n"
    return raw_pdf(text + b" " * (megabytes * 1024 * 1024), filtered=True)
