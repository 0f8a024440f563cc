"""Named SQL queries, kept in ``sql/queries.sql`` (aiosql's ``-- name:`` convention)."""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

_HEADER = re.compile(r"^--\s*name:\s*([a-z0-9_]+)\s*$", re.MULTILINE)


@cache
def queries() -> dict[str, str]:
    """Every named query of ``sql/queries.sql`` by name."""
    text = (resources.files("warehouse") / "sql" / "queries.sql").read_text(encoding="utf-8")
    parts = _HEADER.split(text)
    found: dict[str, str] = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        lines = [ln for ln in body.strip().splitlines() if not ln.lstrip().startswith("--")]
        if name in found:
            raise ValueError(f"query {name!r} is defined twice in queries.sql")
        found[name] = "\n".join(lines).strip()
    return found


def query(name: str) -> str:
    try:
        return queries()[name]
    except KeyError:
        raise ValueError(f"no query named {name!r} in queries.sql") from None
