"""Words of a page: read once per page and shared by table finding and text layout."""
from __future__ import annotations

from typing import Any

from pdfplumber.page import Page

#: Attributes that split words: a change of size starts a new word, which separates
#: superscript markers ("0.009" + "a") from the text they follow.
WORD_ATTRS = ["size"]

Word = dict[str, Any]


def page_words(page: Page) -> list[Word]:
    """Words of ``page`` with position, size and font name, in pdfplumber's order.

    The font name is that of the word's first character. (Asking pdfplumber to split
    words on font name as well costs a fifth of the time of the whole page read.)
    """
    words: list[Word] = page.extract_words(
        x_tolerance=2,
        y_tolerance=2,
        keep_blank_chars=False,
        use_text_flow=False,
        extra_attrs=WORD_ATTRS,
    )
    by_x0: dict[float, list[tuple[float, str]]] = {}
    for c in page.chars:
        by_x0.setdefault(c["x0"], []).append((c["top"], c["fontname"]))
    for w in words:
        w["fontname"] = _font_at(by_x0.get(w["x0"], ()), w["top"], w["bottom"])
    return words


def _font_at(candidates: Any, top: float, bottom: float) -> str:
    """The font of the character starting at a word's x0 within its vertical extent."""
    for c_top, font in candidates:
        if top - 0.01 <= c_top <= bottom:
            return str(font)
    return ""


def is_bold(fontname: str) -> bool:
    name = fontname.split("+", 1)[-1].lower()
    return any(k in name for k in ("bold", "black", "heavy", "semibold", "demi"))


def is_italic(fontname: str) -> bool:
    name = fontname.split("+", 1)[-1].lower()
    return "italic" in name or "oblique" in name
