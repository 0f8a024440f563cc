"""The checks, declared as data in ``checks.toml``: name, family, severity, description,
and what runs them (a SQL file of ``sql/`` returning offending rows, or a Python function)."""
from __future__ import annotations

import importlib
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Context, Finding

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Check:
    name: str
    family: str
    severity: str
    description: str
    sql: str | None = None  # file name under sql/
    python: str | None = None  # "module:function"

    def runner(self) -> Callable[[Context], Iterable[Finding]]:
        if self.python:
            module, _, fn = self.python.partition(":")
            found: Callable[[Context], Iterable[Finding]] = getattr(importlib.import_module(module), fn)
            return found
        from .sqlchecks import sql_runner

        return sql_runner(self)

    def sql_text(self) -> str:
        if not self.sql:
            raise ValueError(f"check {self.name!r} is not a SQL check")
        return (resources.files("warehouse.checks") / "sql" / self.sql).read_text(encoding="utf-8")


@cache
def checks() -> tuple[Check, ...]:
    """Every declared check, in declaration order."""
    text = (resources.files("warehouse.checks") / "checks.toml").read_text(encoding="utf-8")
    found = [_check(spec) for spec in tomllib.loads(text)["check"]]
    names = [c.name for c in found]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate check names in checks.toml: {names}")
    return tuple(found)


def _check(spec: dict[str, Any]) -> Check:
    c = Check(**spec)
    if c.severity not in SEVERITIES:
        raise ValueError(f"check {c.name!r}: severity {c.severity!r} is not one of {SEVERITIES}")
    if bool(c.sql) == bool(c.python):
        raise ValueError(f"check {c.name!r}: give exactly one of sql or python")
    return c


def get(name: str) -> Check:
    for c in checks():
        if c.name == name:
            return c
    raise ValueError(f"no check named {name!r}; choose from {', '.join(c.name for c in checks())}")
