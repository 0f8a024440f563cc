"""Author names: folding for comparison, and splitting an author list into names."""

from __future__ import annotations

import re
import unicodedata

from .patterns import patterns

_ET_AL = re.compile(r",?\s*\bet\.?\s+al\b\.?,?", re.IGNORECASE)
_EDITORS = re.compile(r",?\s*\(?\b(?:eds?|editors?|comps?|trans|coords?)\b\.?\)?(?=\s*(?:,|$))", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:;|,\s*(?:and|&)\s+|\s+(?:and|&)\s+|,)\s*")
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.\s?-?)*[A-Z]\.?$")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def fold(text: str) -> str:
    """Lower case without accents, punctuation or extra spaces: "Sörvik" -> "sorvik"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(w.lower() for w in _WORD.findall(plain))


def tokens(text: str) -> set[str]:
    """The folded words of ``text`` longer than one letter (initials say too little)."""
    return {w for w in fold(text).replace("-", " ").split() if len(w) > 1}


def has_et_al(text: str) -> bool:
    return _ET_AL.search(text) is not None


def split_names(text: str) -> list[str]:
    """"Yeung, Lee, and Kee" -> ["Yeung", "Lee", "Kee"]; "et al." and editor words dropped."""
    text = _EDITORS.sub("", _ET_AL.sub("", text))
    editors = patterns().editor_words
    parts = [p.strip(" .*\u2020") for p in _SPLIT.split(text)]
    out = [p for p in parts if p and p.lower().rstrip(".") not in editors]
    return out


def is_initials(part: str) -> bool:
    """"R.", "H. C.", "J.-P." are initials, not a name."""
    return _INITIALS.match(part.strip()) is not None


def looks_given(part: str) -> bool:
    """Whether a comma part after a surname is a given name ("Thomas", "Yue-man", "Michael J.")."""
    words = part.split()
    if not 1 <= len(words) <= 3:
        return False
    connectors = patterns().name_connectors
    return all(w[:1].isupper() and w.lower() not in connectors for w in words)


def surname_of(name: str) -> str:
    """The family name of "Given Surname" ("Jianming Wang" -> "Wang")."""
    words = [w for w in name.split() if w.rstrip(".,").lower() not in ("jr", "sr", "ii", "iii")]
    return words[-1] if words else name


def is_person_surname(part: str) -> bool:
    """A first comma part that is a person's family name: one to three words, no connectors."""
    words = part.split()
    connectors = patterns().name_connectors - {"de", "van", "von", "der", "den", "la", "le", "du", "da", "di"}
    return 1 <= len(words) <= 3 and not any(w.lower() in connectors for w in words)
