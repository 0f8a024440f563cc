"""Seed PDFs and structure-aware mutations of them, for the ingest fuzzer.

Every mutation is a function ``(data, rng) -> bytes``; ``mutants(seeds, n, seed)`` draws
``n`` distinct mutated files from a seeded :class:`random.Random`, so a case is found
again from its number and the seed.
"""
from __future__ import annotations

import base64
import io
import random
import re
import zlib
from collections.abc import Callable, Iterator

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ..pdfgen import LOREM, raw_pdf, ruled_table_pdf, text_pdf

Mutation = Callable[[bytes, random.Random], bytes]

_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b.*?\bendobj\b", re.DOTALL)
_XREF_ENTRY = re.compile(rb"(?m)^(\d{10}) (\d{5}) ([nf])")
_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_LENGTH = re.compile(rb"/Length\s+(\d+)")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)


def image_pdf() -> bytes:
    """A page with a caption and a small RGB image drawn under it."""
    from PIL import Image

    img = Image.new("RGB", (24, 16))
    img.putdata([((x * 10) % 256, (y * 15) % 256, (x * y) % 256) for y in range(16) for x in range(24)])
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 720, "Figure 3. Exports grew by 12.5 percent to US$7.3 billion in 2008.")
    c.drawImage(ImageReader(img), 72, 500, width=240, height=160)
    c.showPage()
    c.save()
    return buf.getvalue()


def seeds() -> dict[str, bytes]:
    """Small valid PDFs of each kind the pipeline reads, by name."""
    content = (
        b"BT /F1 11 Tf 72 720 Td (Exports grew by 5.2 percent to US$1,200 million in 2008.) Tj ET\n"
        b"BT /F1 11 Tf 72 700 Td (Employment rose from 120 to 135 thousand workers.) Tj ET\n"
        b"0 0 1 rg 72 600 200 40 re f\n"
    )
    return {
        "text": text_pdf([[LOREM, "GDP grew by 7.5 percent in 2007 and 9.1 percent in 2008."], [LOREM]]),
        "table": ruled_table_pdf(),
        "image": image_pdf(),
        "flate": raw_pdf(content, filtered=True),
        "plain": raw_pdf(content),
    }


def bit_flips(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    """Cut the file short, or cut a range out of it."""
    a = rng.randrange(len(data))
    if rng.random() < 0.5:
        return data[:a]
    return data[:a] + data[a + rng.randint(1, 512) :]


def _objects(data: bytes) -> list[re.Match[bytes]]:
    return list(_OBJ.finditer(data))


def duplicate_object(data: bytes, rng: random.Random) -> bytes:
    """Copy one ``N 0 obj ... endobj`` after itself or after another object."""
    objs = _objects(data)
    if not objs:
        return bit_flips(data, rng)
    src, at = rng.choice(objs), rng.choice(objs).end()
    return data[:at] + b"\n" + src.group(0) + data[at:]


def delete_object(data: bytes, rng: random.Random) -> bytes:
    objs = _objects(data)
    if not objs:
        return truncate(data, rng)
    m = rng.choice(objs)
    return data[: m.start()] + data[m.end() :]


def corrupt_xref(data: bytes, rng: random.Random) -> bytes:
    """Point an xref entry (or startxref) somewhere else: off by a little, anywhere, or past the end."""
    entries = list(_XREF_ENTRY.finditer(data))
    start = _STARTXREF.search(data)
    if start is not None and (not entries or rng.random() < 0.25):
        old = int(start.group(1))
        new = rng.choice([old + rng.randint(-20, 20), rng.randrange(len(data) + 1), len(data) * 10, 0])
        return data[: start.start(1)] + str(max(0, new)).encode() + data[start.end(1) :]
    if not entries:
        return bit_flips(data, rng)
    m = rng.choice(entries)
    old = int(m.group(1))
    new = rng.choice([old + rng.randint(-20, 20), rng.randrange(len(data) + 1), 10**10 - 1, 0])
    return data[: m.start(1)] + b"%010d" % max(0, new) + data[m.end(1) :]


def change_length(data: bytes, rng: random.Random) -> bytes:
    lengths = list(_LENGTH.finditer(data))
    if not lengths:
        return bit_flips(data, rng)
    m = rng.choice(lengths)
    old = int(m.group(1))
    new = rng.choice([0, 1, old - 1, old + 1, old // 2, old * 2, old + rng.randint(-64, 64), 2**31 - 1, 2**63])
    return data[: m.start(1)] + str(max(0, new)).encode() + data[m.end(1) :]


def garble_stream(data: bytes, rng: random.Random) -> bytes:
    """Overwrite part of a stream's bytes with random bytes (same length, so offsets hold)."""
    streams = [m for m in _STREAM.finditer(data) if m.end(1) > m.start(1)]
    if not streams:
        return bit_flips(data, rng)
    m = rng.choice(streams)
    a = rng.randrange(m.start(1), m.end(1))
    b = min(m.end(1), a + rng.randint(1, 64))
    return data[:a] + rng.randbytes(b - a) + data[b:]


def _unpack(raw: bytes) -> tuple[bytes, bool] | None:
    """A stream's Flate content (under ASCII85 too, as reportlab writes it) and whether it
    was ASCII85; None if it is neither."""
    raw = raw.rstrip(b"\r\n")
    a85 = raw.endswith(b"~>")
    try:
        packed = base64.a85decode(raw, adobe=False, ignorechars=b" \t\n\r\x0b") if a85 else raw
        return zlib.decompress(packed[:-2] if a85 and packed.endswith(b"~>") else packed), a85
    except (ValueError, zlib.error):
        try:
            return zlib.decompress(base64.a85decode(raw[:-2], ignorechars=b" \t\n\r\x0b")), True
        except (ValueError, zlib.error):
            return None


def garble_inflated(data: bytes, rng: random.Random) -> bytes:
    """Inflate a Flate stream, garble its content and deflate it again (so the filters
    still work and the content parser sees the damage); fix /Length to match."""
    streams = list(_STREAM.finditer(data))
    rng.shuffle(streams)
    for m in streams:
        found = _unpack(m.group(1))
        if found is None or not found[0]:
            continue
        raw = bytearray(found[0])
        for _ in range(rng.randint(1, 6)):
            i = rng.randrange(len(raw))
            raw[i] = rng.choice(b"()<>[]{}/\\%0123456789.-+ \nTJjmlcre" + bytes([rng.randrange(256)]))
        packed = zlib.compress(bytes(raw))
        if found[1]:
            packed = base64.a85encode(packed) + b"~>"
        head = data[: m.start(1)]
        lengths = list(_LENGTH.finditer(head))
        if lengths:
            last = lengths[-1]
            head = head[: last.start(1)] + str(len(packed)).encode() + head[last.end(1) :]
        return head + packed + b"\n" + data[m.end(1) :]
    return garble_stream(data, rng)


MUTATIONS: dict[str, Mutation] = {
    "bit_flips": bit_flips,
    "truncate": truncate,
    "duplicate_object": duplicate_object,
    "delete_object": delete_object,
    "corrupt_xref": corrupt_xref,
    "change_length": change_length,
    "garble_stream": garble_stream,
    "garble_inflated": garble_inflated,
}


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    """One to three mutations applied in turn; returns the file and the mutations' names."""
    names = [rng.choice(list(MUTATIONS)) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
    for name in names:
        if data:
            data = MUTATIONS[name](data, rng)
    return data, names


def mutants(base: dict[str, bytes], n: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """``n`` distinct mutants of the ``base`` files (none equal to a base file), named
    ``<case>-<seed file>-<mutations>``; the same ``seed`` gives the same files."""
    rng = random.Random(seed)
    seen = {bytes(v) for v in base.values()}
    names = sorted(base)
    case = tries = 0
    while case < n and tries < 20 * n:
        tries += 1
        src = rng.choice(names)
        data, how = mutate(base[src], rng)
        if data in seen:
            continue
        seen.add(data)
        yield f"{case:05d}-{src}-{'+'.join(how)}", data
        case += 1
