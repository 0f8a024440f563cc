"""Block text: lines joined with spaces, hyphenation at line breaks repaired.

Hyphen rule. A soft hyphen (U+00AD) is always removed. A line that ends with a
lowercase letter and "-" before a line that starts with a lowercase letter is a
candidate word break "a-" + "b"; it is decided by evidence from the same document:

1. "a-b" occurs elsewhere in the document (inside a line): a compound, keep the hyphen;
2. otherwise "ab" occurs elsewhere: a word split by hyphenation, drop the hyphen;
3. otherwise "a" is a compound-forming prefix from ``patterns.toml`` ("high", "self",
   "low", ...): keep the hyphen;
4. otherwise follow the document's habit: drop the hyphen if rules 1-2 dropped at least
   as many hyphens as they kept (typeset text with automatic hyphenation), else keep it
   (word-processor text, where a line-end hyphen is a compound's own hyphen).

Any other line-final hyphen or dash ("Sino-" + "Singapore", "sectors—" + "such") is kept
and the lines are joined without a space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .patterns import patterns

SOFT_HYPHEN = "\u00ad"
_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_END = re.compile(r"([a-z]+)-$")
_START = re.compile(r"^([a-z]+)")
_DASH_END = re.compile(r"[\-\u2010\u2011\u2013\u2014]$")


@dataclass
class Hyphenator:
    """Decides line-break hyphens with the vocabulary of one document."""

    words: set[str] = field(default_factory=set)
    compounds: set[str] = field(default_factory=set)
    keep_default: bool = False

    @classmethod
    def from_texts(cls, texts: Iterable[str], breaks: Iterable[tuple[str, str]]) -> Hyphenator:
        """Learn from the document's word texts and its (line end, next line) pairs."""
        h = cls()
        for t in texts:
            for tok in _TOKEN.findall(t.replace(SOFT_HYPHEN, "")):
                tok = tok.lower()
                if "-" in tok:
                    h.compounds.add(tok)
                    h.words.update(tok.split("-"))
                else:
                    h.words.add(tok)
        kept = dropped = 0
        for end, start in breaks:
            verdict = h._evidence(end, start)
            kept += verdict is True
            dropped += verdict is False
        h.keep_default = kept > dropped
        return h

    def _pair(self, end: str, start: str) -> tuple[str, str] | None:
        m, n = _END.search(end), _START.match(start)
        if m is None or n is None:
            return None
        return m.group(1), n.group(1)

    def _evidence(self, end: str, start: str) -> bool | None:
        """True to keep, False to drop, None when the document says nothing."""
        pair = self._pair(end, start)
        if pair is None:
            return None
        a, b = pair
        if f"{a}-{b}" in self.compounds:
            return True
        if a + b in self.words:
            return False
        return None

    def keep(self, end: str, start: str) -> bool:
        """Whether the hyphen ending ``end`` stays when joined to ``start``."""
        verdict = self._evidence(end, start)
        if verdict is not None:
            return verdict
        pair = self._pair(end, start)
        if pair is None:
            return True
        if pair[0] in patterns().keep_prefixes:
            return True
        return self.keep_default

    def join(self, lines: list[str]) -> str:
        """Join line texts into one string, repairing hyphenation."""
        out = ""
        for text in lines:
            text = text.strip()
            if not out:
                out = text
            elif out.endswith(SOFT_HYPHEN):
                out = out[:-1] + text
            elif _END.search(out) and _START.match(text):
                out = out + text if self.keep(out, text) else out[:-1] + text
            elif _DASH_END.search(out) and out[-2:-1].strip():
                out = out + text
            else:
                out = out + " " + text
        return out.replace(SOFT_HYPHEN, "")
