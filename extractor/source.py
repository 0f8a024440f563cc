"""Open a PDF from bytes, turning every way it can be unreadable into an ExtractionError."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pdfplumber
import pypdfium2
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from .errors import CorruptPDF, EmptyFile, EncryptedPDF, FileMissing, NotAPDF

#: PDF readers accept a header anywhere in the first kilobyte.
HEADER_WINDOW = 1024


def read_bytes(path: str | Path) -> bytes:
    p = Path(path)
    if not p.is_file():
        raise FileMissing(str(path))
    return p.read_bytes()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_header(data: bytes, name: str) -> None:
    """Raise if ``data`` is empty or does not look like a PDF at all."""
    if not data:
        raise EmptyFile(name)
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        raise NotAPDF(name, _describe_start(data))


def _describe_start(data: bytes) -> str:
    head = data[:8]
    if all(32 <= b < 127 for b in head):
        return repr(head.decode("ascii"))
    return "0x" + head.hex()


def open_pdf(data: bytes, name: str) -> pdfplumber.PDF:
    """A pdfplumber PDF over ``data``; raises EncryptedPDF or CorruptPDF when it cannot be read."""
    check_header(data, name)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        # Touch the page tree now, so a broken one fails here and not mid-extraction.
        _ = pdf.pages
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or _pdfium_says_password(data):
            raise EncryptedPDF(name) from exc
        raise CorruptPDF(name, describe(cause)) from exc
    except Exception as exc:  # pdfminer raises plain errors on some broken files
        raise CorruptPDF(name, describe(exc)) from exc
    return pdf


def describe(exc: object) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    cls = type(exc).__name__
    return f"{cls}: {text}"[:160] if text else cls


def pdfium_page_count(data: bytes) -> int | None:
    """The page count a second parser (PDFium) sees, or None if it cannot open the file.

    Malformed files can parse "successfully" in pdfminer with pages silently missing;
    a disagreement between the two parsers is worth a warning on the document.
    """
    try:
        doc = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None
    try:
        return len(doc)
    finally:
        doc.close()


def _pdfium_says_password(data: bytes) -> bool:
    try:
        pypdfium2.PdfDocument(data).close()
    except pypdfium2.PdfiumError as exc:
        return "password" in str(exc).lower()
    return False
