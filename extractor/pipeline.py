"""Extraction as a pure function: a PDF's bytes (plus metadata) in, typed records out.

No database, no printing, no global state: the same bytes always give the same records,
so documents can be extracted in any process (or on any machine) and loaded later.
"""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass

from pdfplumber.page import Page as PlumberPage
from pdfplumber.utils.exceptions import PdfminerException

from . import captions
from .citations import Statement, extract_citations, fact_statements, link_statements
from .claims import extract_claims
from .errors import CorruptPDF, NoTextLayer, out_of_memory
from .facts import extract_facts
from .layout import PageInput, layout_document
from .records import (
    Block,
    Cell,
    Document,
    DocumentMeta,
    Extraction,
    Page,
    Table,
    round_bbox,
)
from .source import describe, open_pdf, pdfium_page_count, sha256
from .tables import PageInfo, PageTable, find_tables, merge_continued
from .version import __version__
from .words import Word, page_words

log = logging.getLogger(__name__)

#: Rules thinner than this (points) count as lines when passed to the layout.
RULE_THICKNESS = 2.0


@dataclass
class _PageWork:
    info: PageInfo
    record: Page
    words: list[Word]
    tables: list[PageTable]
    rules: list[dict]


def extract_document(
    data: bytes,
    file_name: str,
    meta: DocumentMeta | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> Extraction:
    """Every page, block, table, fact, reference, citation and claim of the PDF in ``data``.

    ``on_page(done, total)`` is called after each page (for progress bars).
    Raises an :class:`~extractor.errors.ExtractionError` for files that cannot be read.
    """
    doc_id = sha256(data)
    warnings: list[str] = []
    with open_pdf(data, file_name) as pdf:
        total = len(pdf.pages)
        if total == 0:
            raise CorruptPDF(file_name, "no pages")
        work = []
        for plumber_page in pdf.pages:
            try:
                work.append(_read_page(doc_id, plumber_page))
            except PdfminerException as exc:  # a damaged stream found while reading the page
                if out_of_memory(exc):
                    raise MemoryError(f"page {plumber_page.page_number}") from exc  # for the caller's limit
                cause = exc.args[0] if exc.args else exc
                raise CorruptPDF(file_name, f"page {plumber_page.page_number}: {describe(cause)}") from exc
            plumber_page.close()  # drop the page's cached objects as we go
            if on_page:
                on_page(len(work), total)
        info = pdf.metadata or {}
    if all(w.record.n_chars == 0 for w in work):
        raise NoTextLayer(file_name, total)
    empty = [w.record.page for w in work if w.record.n_chars == 0]
    if empty:
        warnings.append(f"no text layer on page(s) {', '.join(map(str, empty))}")
    second = pdfium_page_count(data)
    if second != total:
        warnings.append(f"page count differs between parsers: pdfminer {total}, pdfium {second}")

    blocks = layout_document(
        doc_id,
        [
            PageInput(
                page=w.record.page,
                width=w.record.width,
                height=w.record.height,
                words=w.words,
                exclude=[t.bbox for t in w.tables],
                lines=w.rules,
            )
            for w in work
        ],
    )
    groups = merge_continued([(w.info, w.tables) for w in work])
    tables, blocks = _build_tables(doc_id, groups, blocks)
    pages = tuple(_with_text(w.record, blocks, tables) for w in work)
    facts = extract_facts(doc_id, blocks, tables, meta or DocumentMeta())
    references, citations = extract_citations(doc_id, blocks)
    claims = extract_claims(doc_id, blocks, facts)
    claim_statements = [Statement("claim", c.claim_id, c.doc_id, c.block_id, None, c.quote) for c in claims]
    cite_links = link_statements(fact_statements(facts) + claim_statements, citations, blocks)
    document = Document(
        doc_id=doc_id,
        file_name=file_name,
        n_bytes=len(data),
        n_pages=total,
        meta=meta or DocumentMeta(),
        pdf_producer=_text(info.get("Producer")),
        pdf_title=_text(info.get("Title")),
        extractor_version=__version__,
    )
    return Extraction(
        document, pages, tuple(blocks), tuple(tables), tuple(warnings), tuple(facts),
        references=tuple(references), citations=tuple(citations), cite_links=tuple(cite_links),
        claims=tuple(claims),
    )


def _read_page(doc_id: str, p: PlumberPage) -> _PageWork:
    words = page_words(p)
    tables = find_tables(p, words)
    rules = [ln for ln in p.lines] + [
        r for r in p.rects if min(r["width"], r["height"]) <= RULE_THICKNESS
    ]
    record = Page(
        doc_id=doc_id,
        page=p.page_number,
        width=float(p.width),
        height=float(p.height),
        rotation=int(p.rotation or 0) % 360,
        n_chars=len(p.chars),
        text="",
    )
    info = PageInfo.from_page(p, words)
    return _PageWork(info, record, words, tables, rules)


def _build_tables(
    doc_id: str, groups: list[list[PageTable]], blocks: list[Block]
) -> tuple[list[Table], list[Block]]:
    """Logical tables from groups of page parts, with caption and notes linked."""
    places = [
        captions.TablePlace(
            g[0].page, g[0].bbox, g[-1].page, g[-1].bbox,
            (min(p.bbox[0] for p in g), max(p.bbox[2] for p in g)),
        )
        for g in groups
    ]
    markers = [frozenset(m for part in g for c in part.cells for m in c.markers) for g in groups]
    contexts = captions.link(places, blocks, markers)
    tables, owners = [], {}
    for n, (group, ctx) in enumerate(zip(groups, contexts, strict=True), start=1):
        table_id = f"{doc_id[:12]}-t{n:03d}"
        cells = _join_parts(table_id, doc_id, group)
        heads = [note.text for note in ctx.notes if note.kind == "headnote"]
        n_rows = 1 + max((c.row + c.row_span - 1 for c in cells), default=-1)
        tables.append(
            Table(
                table_id=table_id,
                doc_id=doc_id,
                page=group[0].page,
                pages=tuple(sorted({p.page for p in group})),
                bbox=round_bbox(group[0].bbox),
                part_bboxes=tuple((p.page, round_bbox(p.bbox)) for p in group),
                n_rows=n_rows,
                n_cols=max(p.n_cols for p in group),
                n_header_rows=group[0].n_header_rows,
                method=group[0].method,
                label=ctx.label,
                caption=ctx.caption,
                caption_bbox=ctx.caption_bbox,
                units=captions.units([ctx.caption or "", *heads, *_unit_sources(cells)]),
                notes=ctx.notes,
                cells=tuple(cells),
            )
        )
        owners.update({bid: table_id for bid in ctx.block_ids})
    return tables, captions.mark_blocks(blocks, owners)


def _join_parts(table_id: str, doc_id: str, group: list[PageTable]) -> list[Cell]:
    """The cells of a table's parts, rows numbered on across parts.

    A continued part that repeats the first part's header rows does not repeat them here.
    """
    first_header = _header_texts(group[0])
    out: list[Cell] = []
    offset = 0
    for k, part in enumerate(group):
        skip = part.n_header_rows if k and part.n_header_rows and _header_texts(part) == first_header else 0
        for c in part.cells:
            if c.row < skip:
                continue
            out.append(
                Cell(
                    table_id=table_id,
                    doc_id=doc_id,
                    page=part.page,
                    row=c.row - skip + offset,
                    col=c.col,
                    text=c.text,
                    value=c.value,
                    markers=tuple(c.markers),
                    bbox=round_bbox(c.bbox),
                    row_span=c.row_span,
                    col_span=c.col_span,
                    is_header=c.is_header,
                    header_path=tuple(c.header_path),
                    row_path=tuple(c.row_path),
                )
            )
        offset += part.n_rows - skip
    return out


def _unit_sources(cells: list[Cell]) -> list[str]:
    """Texts that may state a table's units: header cells, section rows, then the stub."""
    headers = [c.text for c in cells if c.is_header]
    sections = list(dict.fromkeys(c.row_path[0] for c in cells if len(c.row_path) > 1))
    stub = [c.text for c in cells if c.col == 0 and not c.is_header]
    return headers + sections + stub


def _header_texts(part: PageTable) -> list[tuple[int, int, str]]:
    return sorted((c.row, c.col, c.text) for c in part.cells if c.row < part.n_header_rows)


def _with_text(page: Page, blocks: list[Block], tables: list[Table]) -> Page:
    """The page's text: its blocks in reading order, each table part as tab-separated rows
    placed after the last block that starts above it."""
    items: list[tuple[float, int, str]] = []
    mine = [b for b in blocks if b.page == page.page]
    for i, b in enumerate(mine):
        items.append((float(i), 0, b.text))
    for t in tables:
        rows: dict[int, list[str]] = {}
        for c in t.cells:
            if c.page == page.page:
                rows.setdefault(c.row, [""] * t.n_cols)[c.col] = c.text
        if not rows:
            continue
        top = next(bb for p, bb in t.part_bboxes if p == page.page)[1]
        before = [i for i, b in enumerate(mine) if b.bbox[1] < top]
        pos = (max(before) + 0.5) if before else -0.5
        items.append((pos, 1, "\n".join("\t".join(r) for _, r in sorted(rows.items()))))
    items.sort(key=lambda x: (x[0], x[1]))
    text = "\n\n".join(s for _, _, s in items)
    return dataclasses.replace(page, text=text)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = str(value).strip()
    return text or None
