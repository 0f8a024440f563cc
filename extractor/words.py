"""Words of a page: read once per page and shared by table finding and text layout."""
from __future__ import annotations

from typing import Any

from pdfplumber.page import Page

#: Attributes kept on every word; a change of font or size starts a new word, which
#: separates superscript markers ("0.009" + "a") from the text they follow.
WORD_ATTRS = ["fontname", "size"]

Word = dict[str, Any]


def page_words(page: Page) -> list[Word]:
    """Words of ``page`` with position, font name and size, in pdfplumber's order."""
    words: list[Word] = page.extract_words(
        x_tolerance=2,
        y_tolerance=2,
        keep_blank_chars=False,
        use_text_flow=False,
        extra_attrs=WORD_ATTRS,
    )
    return words


def is_bold(fontname: str) -> bool:
    name = fontname.split("+", 1)[-1].lower()
    return any(k in name for k in ("bold", "black", "heavy", "semibold", "demi"))


def is_italic(fontname: str) -> bool:
    name = fontname.split("+", 1)[-1].lower()
    return "italic" in name or "oblique" in name
