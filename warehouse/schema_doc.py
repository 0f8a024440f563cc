"""``warehouse/SCHEMA.md``: the warehouse's tables and views, generated from the migrations.

The document is made by applying every migration to an empty in-memory database and reading
back what DuckDB holds; each column's description is the ``-- comment`` that follows its
definition in the migration that created it. ``tests/test_schema_doc.py`` checks the file is
current. Regenerate with::

    python -m warehouse.schema_doc > warehouse/SCHEMA.md
"""
from __future__ import annotations

import re
import sys

import duckdb

from . import migrations

_CREATE = re.compile(r"CREATE\s+(?:OR\s+REPLACE\s+)?(TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", re.I)
_COLUMN = re.compile(r'^\s*"?(\w+)"?\s+[A-Z][A-Z0-9_\[\](), ]*.*?--\s*(.+?)\s*$')


def column_notes() -> dict[tuple[str, str], str]:
    """(table, column) -> the comment written after the column in its migration."""
    notes: dict[tuple[str, str], str] = {}
    for m in migrations.available():
        table = None
        for line in m.sql.splitlines():
            created = _CREATE.search(line)
            if created:
                table = created.group(2).lower()
                continue
            col = _COLUMN.match(line)
            if table and col and not line.lstrip().startswith("--"):
                notes.setdefault((table, col.group(1).lower()), col.group(2))
    return notes


def relation_notes() -> dict[str, str]:
    """table -> the comment lines just above its CREATE statement, and the migration's name."""
    notes: dict[str, str] = {}
    for m in migrations.available():
        above: list[str] = []
        for line in m.sql.splitlines():
            stripped = line.strip()
            if stripped.startswith("--"):
                above.append(stripped.lstrip("-").strip())
                continue
            created = _CREATE.search(line)
            if created:
                text = " ".join(a for a in above if a)
                notes.setdefault(created.group(2).lower(), f"{text} (migration {m.version:03d}_{m.name})".strip())
            if stripped:
                above = []
    return notes


def render() -> str:
    con = duckdb.connect(":memory:")
    migrations.migrate(con)
    cols = con.execute(
        "SELECT c.table_name, c.column_name, c.data_type, t.table_type"
        " FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)"
        " WHERE c.table_schema = 'main' ORDER BY c.table_name, c.ordinal_position"
    ).fetchall()
    con.close()
    col_notes, rel_notes = column_notes(), relation_notes()
    out = [
        "# Warehouse schema",
        "",
        "Generated from `warehouse/sql/migrations/` by `python -m warehouse.schema_doc > warehouse/SCHEMA.md`;",
        "do not edit by hand (a test checks it is current). Query it read-only with `evidence sql`.",
    ]
    current = None
    for table, column, dtype, ttype in cols:
        if table != current:
            current = table
            kind = "view" if ttype == "VIEW" else "table"
            out += ["", f"## {table} ({kind})", ""]
            if rel_notes.get(table):
                out += [rel_notes[table], ""]
            out += ["| column | type | meaning |", "|---|---|---|"]
        note = col_notes.get((table, column.lower()), "").replace("|", "\\|")
        out.append(f"| `{column}` | {dtype} | {note} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
