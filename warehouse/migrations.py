"""Numbered, idempotent schema migrations, recorded in ``schema_migrations``.

Each ``sql/migrations/NNN_name.sql`` file is applied once, in number order, inside a
transaction, and recorded with its version; running :func:`migrate` again is a no-op.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import duckdb

_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available() -> list[Migration]:
    """Every migration shipped with the package, in version order."""
    folder = resources.files("warehouse") / "sql" / "migrations"
    found = []
    for entry in folder.iterdir():
        m = _NAME.match(entry.name)
        if m:
            found.append(Migration(int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise ValueError(f"duplicate migration numbers in {versions}")
    return found


def applied(con: duckdb.DuckDBPyConnection) -> set[int]:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    return {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[Migration]:
    """Apply the migrations not applied yet; return those applied now."""
    done = applied(con)
    new = [m for m in available() if m.version not in done]
    for m in new:
        con.begin()
        try:
            con.execute(m.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, now()::TIMESTAMP)", [m.version, m.name]
            )
            con.commit()
        except Exception:
            con.rollback()
            raise
    return new


def pending(con: duckdb.DuckDBPyConnection) -> list[Migration]:
    """Migrations not applied yet (read-only check)."""
    try:
        rows = con.execute("SELECT version FROM schema_migrations").fetchall()
    except duckdb.CatalogException:
        rows = []
    done = {r[0] for r in rows}
    return [m for m in available() if m.version not in done]
