"""Document metadata from a manifest CSV (``file,title,authors,publisher,year,...``)."""
from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

from .records import DocumentMeta

MANIFEST_NAME = "manifest.csv"
_FIELDS = {f.name for f in dataclasses.fields(DocumentMeta)}


def read_manifest(path: str | Path) -> dict[str, DocumentMeta]:
    """Metadata by file name for every row of the manifest at ``path``."""
    out: dict[str, DocumentMeta] = {}
    with open(path, newline="", encoding="utf-8") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            name = (row.get("file") or "").strip()
            if not name:
                raise ValueError(f"{path}:{n}: row has no 'file'")
            out[name] = meta_from_mapping(row)
    return out


def meta_from_mapping(values: dict[str, str | int | None]) -> DocumentMeta:
    """A DocumentMeta from strings; blank values become None, ``year`` an int."""
    kept: dict[str, str | int | None] = {}
    for key, value in values.items():
        if key not in _FIELDS or value is None:
            continue
        text = str(value).strip()
        if not text:
            continue
        kept[key] = int(text) if key == "year" else text
    return DocumentMeta(**kept)  # type: ignore[arg-type]


def merge_meta(base: DocumentMeta, override: DocumentMeta) -> DocumentMeta:
    """``base`` with every field that ``override`` sets replaced."""
    changes = {k: v for k, v in dataclasses.asdict(override).items() if v is not None}
    return dataclasses.replace(base, **changes)


def manifest_files(path: str | Path) -> list[Path]:
    """The files a manifest lists, resolved next to the manifest."""
    folder = Path(path).parent
    return [folder / name for name in read_manifest(path)]
