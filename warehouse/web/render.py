"""The Jinja2 environment of the pages: autoescaping on for every template, and the few
filters the templates use (all of them escape what they are given)."""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import jinja2
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

HERE = Path(__file__).resolve().parent

_MARKED = re.compile(r"«([^«»]*)»")


def marks(snippet: str | None) -> Markup:
    """A search snippet whose matched words are marked «so», escaped, with <mark> tags."""
    text = snippet or ""
    out, pos = [], 0
    for m in _MARKED.finditer(text):
        out += [escape(text[pos:m.start()]), Markup("<mark>"), escape(m.group(1)), Markup("</mark>")]
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def number(value: Any) -> str:
    """A value in base units, readable: 7300000000 -> '7,300,000,000', 0.125 -> '0.125'."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e18:
            return f"{int(value):,}"
        return f"{value:,.6g}" if abs(value) >= 1e6 else f"{value:,.6f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def short(doc_id: str | None) -> str:
    return (doc_id or "")[:12]


def label(name: str | None) -> str:
    """'policy_description' -> 'policy description'."""
    return (name or "").replace("_", " ")


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its name
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(marks=marks, number=number, short=short, label=label)
    return env


templates = Jinja2Templates(env=_env())
