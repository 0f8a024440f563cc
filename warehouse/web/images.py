"""Page images: a page of a kept PDF rendered to PNG with pdfplumber, cached on disk, and
optionally a box drawn around a source.

The cache lives in the warehouse's files folder (``<db>.files/cache/``); its file names are
made from a validated document id and integers only. Rendering is serialised: pdfium, which
pdfplumber renders with, is not thread-safe.
"""
from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from ..files import document_file, files_dir, is_doc_id

#: Resolutions a page may be rendered at (dots per inch); the first is the default.
RESOLUTIONS = (110, 72, 150, 200)
#: How a source is drawn on a page image: outline and translucent fill.
OUTLINE = (220, 38, 38, 255)
FILL = (250, 204, 21, 70)

_render_lock = threading.Lock()


def cache_path(db_path: str, doc_id: str, page: int, resolution: int) -> Path:
    if not is_doc_id(doc_id):
        raise ValueError(f"not a document id: {doc_id!r}")
    return files_dir(db_path) / "cache" / f"{doc_id}-p{int(page):05d}-r{int(resolution)}.png"


def page_png(db_path: str, doc_id: str, page: int, resolution: int = RESOLUTIONS[0]) -> Path:
    """The cached PNG of ``page`` (1-based) of the kept PDF of ``doc_id``, rendered if needed.

    Raises ValueError for a bad id, page or resolution, :class:`FileNotKept` when the
    warehouse has no copy of the PDF."""
    if resolution not in RESOLUTIONS:
        raise ValueError(f"resolution {resolution} is not one of {RESOLUTIONS}")
    pdf = document_file(db_path, doc_id)
    target = cache_path(db_path, doc_id, page, resolution)
    if target.is_file():
        return target
    with _render_lock:
        if target.is_file():  # rendered by another request meanwhile
            return target
        with pdfplumber.open(pdf) as doc:
            if not 1 <= page <= len(doc.pages):
                raise ValueError(f"page {page} is not a page of the document (1-{len(doc.pages)})")
            image = doc.pages[page - 1].to_image(resolution=resolution)
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            try:
                image.save(tmp, format="PNG")
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
    return target


def with_box(png: Path, bbox: tuple[float, float, float, float], resolution: int) -> bytes:
    """The PNG with ``bbox`` (PDF points, top-left origin) outlined and tinted."""
    scale = resolution / 72
    with Image.open(png) as im:
        base = im.convert("RGBA")
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    x0, top, x1, bottom = (v * scale for v in bbox)
    pad = 2
    box = (max(0, x0 - pad), max(0, top - pad), min(base.width, x1 + pad), min(base.height, bottom + pad))
    ImageDraw.Draw(overlay).rectangle(box, fill=FILL, outline=OUTLINE, width=3)
    out = io.BytesIO()
    Image.alpha_composite(base, overlay).convert("RGB").save(out, format="PNG")
    return out.getvalue()


def locate(db_path: str, doc_id: str, page: int, text: str,
           within: tuple[float, float, float, float]) -> list[tuple[float, float, float, float]]:
    """The boxes (one per line) of the first occurrence of ``text`` on ``page`` that lies
    inside ``within`` (a block's bbox), in pdfplumber's coordinates; [] if there is none.

    Facts from running text carry the box of their block; this finds the figure itself.
    pdfium's text search is used for speed (a few milliseconds a page)."""
    if not text.strip():
        return []
    pdf = document_file(db_path, doc_id)
    x0, top, x1, bottom = within
    with _render_lock:
        doc = pdfium.PdfDocument(str(pdf))
        try:
            if not 1 <= page <= len(doc):
                return []
            pg = doc[page - 1]
            height = pg.get_height()
            textpage = pg.get_textpage()
            searcher = textpage.search(text, match_case=True)
            while (hit := searcher.get_next()) is not None:
                start, count = hit
                rects = [textpage.get_rect(i) for i in range(textpage.count_rects(start, count))]
                boxes = [(left, height - up, right, height - low) for left, low, right, up in rects]
                # pdfium's boxes include the font's ascent and descent: compare centres
                if boxes and all(x0 <= (b[0] + b[2]) / 2 <= x1 and top <= (b[1] + b[3]) / 2 <= bottom
                                 for b in boxes):
                    return boxes
        finally:
            doc.close()
    return []


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``"x0,top,x1,bottom"`` -> four finite numbers with x0 <= x1 and top <= bottom."""
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise ValueError(f"a box is four numbers x0,top,x1,bottom, not {text[:60]!r}") from None
    if len(values) != 4 or not all(abs(v) < 1e6 for v in values):
        raise ValueError(f"a box is four numbers x0,top,x1,bottom, not {text[:60]!r}")
    x0, top, x1, bottom = values
    if x1 < x0 or bottom < top:
        raise ValueError(f"box {text[:60]!r} has x1 < x0 or bottom < top")
    return x0, top, x1, bottom
