"""What the classifier reads of a sentence: its words, followed by marker tokens that carry
what a bag of words misses.

- ``__cue_<kind>``: the kinds whose cue phrases (``[cues]`` of ``claims.toml``) occur in the
  sentence (``lexicon.with_cues``);
- ``__sec_<word>`` and ``__sec_cue_<kind>``: the words of its section heading and the cue
  kinds they hold ("Challenges to ..." gives ``__sec_cue_challenge``), so that a heading
  never seen in training still says what its part of the report does;
- ``__prev_cue_<kind>``: the cue kinds of the sentence before it;
- shape: a question, a list item (a sentence opening with a bullet), a lead-in ending
  with a colon or a sentence after one, a short sentence (a list head), a sentence holding
  figures.

Section headings name what a part of a report does ("Challenges", "Lessons learned",
"Policy implications") in any report; the tokens are built from whatever heading the
block has, never from a list of known headings.
"""
from __future__ import annotations

import re

from .lexicon import cue_kinds, with_cues

_WORD = re.compile(r"[a-z]+")
_FIGURE = re.compile(r"\d")
_SHORT = 8  # words: a list head ("Location advantages.") or a label


def shape(sentence: str, previous: str = "") -> list[str]:
    """Marker tokens for the form of ``sentence``."""
    text = sentence.strip()
    out = []
    if text.endswith("?"):
        out.append("__question")
    if text and not text[0].isalnum() and text[0] not in "\"'“‘(":
        out.append("__bullet")
    if text.endswith(":"):
        out.append("__leadin")
    if previous.strip().endswith(":"):
        out.append("__after_leadin")
    if len(text.split()) < _SHORT:
        out.append("__short")
    if _FIGURE.search(text):
        out.append("__figures")
    return out


def model_input(sentence: str, section: str = "", previous: str = "") -> str:
    """The text the kind classifier sees for ``sentence``."""
    parts = [with_cues(sentence)]
    parts += [f"__sec_{w}" for w in _WORD.findall(section.lower())]
    parts += [f"__sec_cue_{k}" for k in cue_kinds(section)] if section else []
    parts += [f"__prev_cue_{k}" for k in cue_kinds(previous)] if previous else []
    parts += shape(sentence, previous)
    return " ".join(parts)
