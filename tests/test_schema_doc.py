"""warehouse/SCHEMA.md is generated from the migrations and kept current."""
from __future__ import annotations

from pathlib import Path

from warehouse import schema_doc

SCHEMA_MD = Path(__file__).resolve().parent.parent / "warehouse" / "SCHEMA.md"


def test_schema_doc_is_current():
    assert SCHEMA_MD.read_text(encoding="utf-8") == schema_doc.render(), (
        "warehouse/SCHEMA.md is out of date: python -m warehouse.schema_doc > warehouse/SCHEMA.md"
    )


def test_schema_doc_names_every_table_with_its_columns():
    text = schema_doc.render()
    for table in ("documents", "blocks", "tables", "table_cells", "facts", "paragraphs"):
        assert f"## {table} (" in text
    assert "| `value` | DOUBLE | base units, every scale applied |" in text
