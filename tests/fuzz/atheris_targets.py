"""Coverage-guided fuzz targets (atheris) for our own parsing code.

    python tests/fuzz/atheris_targets.py numbers -max_total_time=60
    python tests/fuzz/atheris_targets.py tables -max_total_time=60 -jobs=2

Targets: ``numbers`` (parse_number, is_missing, scaled), ``units`` (unit_in), ``periods``
(period_in), ``quantities`` (quantities with offsets checked) and ``tables`` (find_tables
on a page given words decoded from the input), ``citations`` (find_citations with offsets
checked, resolution, and bibliography entries split and parsed). A crash is written to
``tests/fuzz/regressions/<target>/crash-<sha1>``; ``tests/test_fuzz.py`` replays every file
there without atheris. Bugs already reported (``KNOWN_BUGS``) do not stop a fuzzing run
(pass ``--stop-on-known`` to stop on them too), so the fuzzer can look for new ones.

Inputs are decoded by :class:`Input`, not by atheris' FuzzedDataProvider, so that a saved
input means the same thing in the replay test, where atheris need not be installed.
"""
from __future__ import annotations

import math
import re
import struct
import sys
import traceback
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REGRESSIONS = Path(__file__).resolve().parent / "regressions"

#: Bugs reported to the lead and not fixed yet: (target, exception type, file, function
#: of the innermost frame). Fuzzing runs skip over them; the replay test xfails on them.
KNOWN_BUGS: list[tuple[str, str, str, str]] = [
    # A word matched case-insensitively ("m\u0131llion", "thou\u017fand", "\u017fep") is looked up
    # by its str.lower(), which is not the lexicon's ASCII key: KeyError / ValueError.
    ("units", "KeyError", "units.py", "unit_in"),
    ("quantities", "KeyError", "quantities.py", "_make"),
    ("quantities", "KeyError", "quantities.py", "_number_of"),
    ("quantities", "KeyError", "quantities.py", "_with_qualifier"),
    ("periods", "ValueError", "tables.py", "period_in"),
]

CURRENCIES = (None, "USD", "CNY", "EUR", "INR")


class Input:
    """Typed values read off the front of a byte string (zeros once it runs out)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def left(self) -> int:
        return len(self.data) - self.pos

    def byte(self) -> int:
        if self.pos >= len(self.data):
            return 0
        self.pos += 1
        return self.data[self.pos - 1]

    def int(self, n: int) -> int:
        """An int in [0, n)."""
        if n <= 256:
            return self.byte() % n
        return (self.byte() << 8 | self.byte()) % n

    def float(self, lo: float, hi: float) -> float:
        raw = self.data[self.pos : self.pos + 2].ljust(2, b"\0")
        self.pos += 2
        return lo + (hi - lo) * struct.unpack(">H", raw)[0] / 65535

    def choice(self, options: tuple[Any, ...] | list[Any]) -> Any:
        return options[self.int(len(options))]

    def text(self, n: int | None = None) -> str:
        """The next ``n`` bytes (all that is left if None) as text; bytes that are not
        UTF-8 become lone surrogates, so every input is some string."""
        end = len(self.data) if n is None else self.pos + n
        chunk, self.pos = self.data[self.pos : end], min(end, len(self.data))
        return chunk.decode("utf-8", "surrogateescape")


def text_of(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


# ---------------------------------------------------------------- targets


def fuzz_numbers(data: bytes) -> None:
    from extractor.facts.numbers import is_missing, parse_number, scaled

    text = text_of(data)
    is_missing(text)
    n = parse_number(text)
    if n is None:
        return
    assert n.decimals >= 0, (text, n)
    assert not math.isnan(n.value), (text, n)
    for scale in (1.0, 1e3, 1e6, 1e8, 1e9, 0.01):
        out = scaled(n.value, n.decimals, scale)
        assert math.isnan(out) is False, (text, scale, out)


def fuzz_units(data: bytes) -> None:
    from extractor.facts.units import UnitSpec, unit_in

    inp = Input(data)
    currency = inp.choice(CURRENCIES)
    spec = unit_in(inp.text(), currency)
    assert isinstance(spec, UnitSpec)
    assert spec.scale > 0 or math.isnan(spec.scale) is False, spec


_PERIOD = re.compile(r"^\d{4}(?:-\d{2}|-\d{4})?$")


def fuzz_periods(data: bytes) -> None:
    from extractor.facts.tables import period_in

    text = text_of(data)
    p = period_in(text)
    assert p is None or _PERIOD.match(p), (text, p)


def fuzz_quantities(data: bytes) -> None:
    from extractor.facts.text import quantities

    inp = Input(data)
    currency = inp.choice(CURRENCIES)
    text = inp.text()
    for q in quantities(text, currency):
        assert 0 <= q["start"] <= q["end"] <= len(text), (text, q)
        assert text[q["start"] : q["end"]] == q["raw"], (text, q)


_VOCAB = (
    "Total", "Zone", "North", "South", "2007", "2008", "2001-07", "1,200", "1,350", "(3.5)", "-0.2", "12.3",
    "—", "n.a.", "..", "Table", "2.1", "Source:", "Note:", "a", "b", "%", "US$", "million", "(RMB",
    "100", "millions)", "Exports", "of", "the", "Year", "Jun", "22", "Figure", "•", "1.", "x", "",
)


@cache
def _pages() -> tuple[Any, ...]:
    """Pages for the table finder: a blank one and one with a ruled 4x3 grid drawn."""
    import io

    import pdfplumber

    from tests.pdfgen import raw_pdf

    grid = b"0.5 w\n" + b"".join(
        b"72 %d m 400 %d l S\n" % (y, y) for y in range(608, 681, 18)
    ) + b"".join(b"%d 608 m %d 680 l S\n" % (x, x) for x in (72, 200, 300, 400))
    out = []
    for content in (b"", grid):
        pdf = pdfplumber.open(io.BytesIO(raw_pdf(content)))
        out.append(pdf.pages[0])
    return tuple(out)


def words_of(inp: Input) -> list[dict[str, Any]]:
    """Up to 48 words, mostly on a grid of columns and lines (so that they line up as
    tables do), some anywhere; texts from a small vocabulary or from the input."""
    words = []
    for _ in range(inp.int(49)):
        if inp.left() <= 0:
            break
        if inp.int(4):
            x0, top = 72 + 8.0 * inp.int(64), 90 + 12.0 * inp.int(55)
            size = inp.choice((10.0, 10.0, 10.0, 8.0, 6.0, 12.0))
        else:
            x0, top, size = inp.float(-20, 640), inp.float(-20, 820), inp.float(0, 40)
        text = inp.choice(_VOCAB) if inp.int(4) else inp.text(inp.int(12))
        width = max(len(text), 1) * size * inp.choice((0.5, 0.5, 0.3, 1.0))
        bottom = top + size
        words.append({
            "text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": bottom,
            "doctop": top, "upright": inp.int(8) != 0, "height": size, "width": width,
            "direction": "ltr", "size": size, "fontname": inp.choice(("Helvetica", "Helvetica-Bold", "")),
        })
    words.sort(key=lambda w: (round(w["top"]), w["x0"]))
    return words


def fuzz_tables(data: bytes) -> None:
    from extractor.tables import PageInfo, find_tables, merge_continued

    inp = Input(data)
    page = _pages()[inp.int(2)]
    words = words_of(inp)
    tables = find_tables(page, words)
    for t in tables:
        assert t.n_rows >= 1 and t.n_cols >= 1, t
        for c in t.cells:
            assert 0 <= c.row < t.n_rows and 0 <= c.col < t.n_cols, (t, c)
    info = PageInfo.from_words(1, float(page.width), float(page.height), words)
    merge_continued([(info, tables)])


_REFS = (
    "Porter, Michael. 1990. The Competitive Advantage of Nations. New York: Free Press.",
    "\u2014\u2014\u2014. 1998. \"Clusters and Competition.\" Review 76 (6): 77\u201391.",
    "Ministry of Commerce (MOFCOM). 2008a. Yearbook 2008. Beijing: Press.",
    "World Bank. Various years. Statistics. Washington, DC: World Bank.",
)


@cache
def _ref_index() -> Any:
    from dataclasses import replace

    from extractor.citations.bibliography import parse_entry
    from extractor.citations.resolve import index

    refs = [replace(parse_entry(raw), ref_id=f"r{n}") for n, raw in enumerate(_REFS)]
    return index(refs)


def fuzz_citations(data: bytes) -> None:
    from extractor.citations import find_citations
    from extractor.citations.bibliography import parse_entry, split_entries
    from extractor.citations.intext import find_numbered
    from extractor.citations.resolve import resolve

    inp = Input(data)
    mode = inp.choice(("text", "note"))
    text = inp.text()
    for f in find_citations(text, mode):
        assert 0 <= f.start <= f.end <= len(text), (text, f)
        assert text[f.start : f.end].strip() == f.raw, (text, f)
        assert f.authors and all(a for a in f.authors), (text, f)
        ref_id, how = resolve(f.authors, f.year, _ref_index())
        assert (ref_id is None) == (how in ("unresolved", "ambiguous")), (text, f, ref_id, how)
    for f in find_numbered(text):
        assert text[f.start : f.end] == f.raw and f.label and f.label.isdigit(), (text, f)
    for entry in split_entries(text):
        assert entry and entry in text, (text, entry)
        parse_entry(entry)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "numbers": fuzz_numbers,
    "units": fuzz_units,
    "periods": fuzz_periods,
    "quantities": fuzz_quantities,
    "tables": fuzz_tables,
    "citations": fuzz_citations,
}


def known_bug(target: str, exc: BaseException) -> bool:
    """Whether ``exc`` raised by ``target`` is one of ``KNOWN_BUGS``."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return False
    last = frames[-1]
    here = (target, type(exc).__name__, Path(last.filename).name, last.name)
    return here in KNOWN_BUGS


# ---------------------------------------------------------------- command line

#: Characters that trip text code: case folding that changes a letter (long s, Kelvin
#: sign, dotted I, ligatures), other dashes, minus and spaces, digits of other scripts.
TRICKY = ("\u017f", "\u212a", "\u0130", "\u0131", "\ufb00", "\ufb01", "\u00df", "\u2212", "\u2013", "\u2014",
          "\u00a0", "\u2009", "\u202f", "\u0663", "\uff11", "\u00b2", "\u00bd", "(", ")", ",", ".", "-", "'")


def dictionary() -> list[str]:
    """libFuzzer dictionary entries: the lexicons' words, month names and TRICKY characters
    (regular expressions give the fuzzer no coverage signal to find words by)."""
    from extractor.facts.units import lexicon
    from extractor.facts.words import words

    lx, w = lexicon(), words()
    tokens = {*lx.currencies, *lx.bare_dollar, *lx.scales, *lx.units, *lx.counted, *w.number_words, *w.fractions,
              *w.qualifiers, *w.change_verbs, *w.durations, *w.references, *TRICKY}
    tokens |= {"January", "Jun", "Sept", "2008", "1978-2008", "2001-07", "1,234", "0.5", "(12.3)", "US$", "%"}
    tokens |= {"et al.", "\u2014\u2014\u2014. ", "See ", "eds.", "2008a", ", 54)", "\u201c", "\u201d", "'s", " says, ",
               "; ", " and ", "Porter", "MOFCOM", "Various years", "n.d."}
    tokens |= {v for t in list(tokens) for v in fold_variants(t)}
    return sorted(t for t in tokens if t)


#: Letters that a case-insensitive regular expression matches but ``str.lower`` does not
#: turn into the ASCII letter: long s, dotless i, dotted capital I, Kelvin sign.
FOLDS = {"s": "\u017f", "S": "\u017f", "i": "\u0131", "I": "\u0130", "k": "\u212a", "K": "\u212a"}


def fold_variants(word: str) -> list[str]:
    """``word`` with one letter replaced by a look-alike from FOLDS, for each such letter."""
    out = []
    for a, b in FOLDS.items():
        if a in word:
            out.append(word.replace(a, b, 1))
    return out


def _dict_file(name: str) -> Path:
    import tempfile

    path = Path(tempfile.gettempdir()) / f"evidence-fuzz-{name}.dict"
    lines = []
    for t in dictionary():
        escaped = "".join(f"\\x{b:02x}" if b < 32 or b > 126 or b in b'"\\' else chr(b) for b in t.encode())
        lines.append(f'"{escaped}"')
    path.write_text("\n".join(lines) + "\n")
    return path


def main(argv: list[str]) -> None:
    try:
        import atheris
    except ImportError:
        sys.exit("atheris is not installed (pip install atheris); the saved inputs replay without it: "
                 "pytest tests/test_fuzz.py")

    args = [a for a in argv[1:] if a != "--stop-on-known"]
    if not args or args[0] not in TARGETS:
        sys.exit(f"usage: {argv[0]} {{{','.join(TARGETS)}}} [--stop-on-known] [libFuzzer flags] [corpus dirs]")
    name, rest = args[0], args[1:]
    stop_on_known = "--stop-on-known" in argv
    with atheris.instrument_imports(include=["extractor"]):
        import extractor.citations  # noqa: F401
        import extractor.facts.numbers  # noqa: F401
        import extractor.facts.quantities  # noqa: F401
        import extractor.facts.tables  # noqa: F401
        import extractor.facts.text  # noqa: F401
        import extractor.facts.units  # noqa: F401
        import extractor.tables  # noqa: F401
    target = TARGETS[name]
    if name == "tables":
        _pages()
    if name == "citations":
        _ref_index()

    def one(data: bytes) -> None:
        try:
            target(data)
        except Exception as exc:
            if stop_on_known or not known_bug(name, exc):
                raise

    folder = REGRESSIONS / name
    folder.mkdir(parents=True, exist_ok=True)
    if not any(a.startswith("-artifact_prefix=") for a in rest):
        rest.append(f"-artifact_prefix={folder}/")
    if not any(a.startswith("-dict=") for a in rest):
        rest.append(f"-dict={_dict_file(name)}")
    atheris.Setup([argv[0], *rest], one)
    atheris.Fuzz()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main(sys.argv)
