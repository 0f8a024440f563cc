"""The PDFs a warehouse was made from, kept next to it so that pages can be shown.

Each ingested file is stored once under its SHA-256 (its document id) in a folder beside
the warehouse file: ``evidence.duckdb`` keeps ``evidence.duckdb.files/<doc_id>.pdf``.
Files are written atomically (a temporary file renamed into place) after the document's
transaction commits, so a kept file is always whole. :func:`document_file` is the only way
to turn an id into a path: it accepts a 64-digit lower-case hex id only and checks that
the path stays inside the folder.
"""
from __future__ import annotations

import contextlib
import logging
import os
import re
from pathlib import Path

from .errors import FileNotKept

log = logging.getLogger(__name__)

_DOC_ID = re.compile(r"[0-9a-f]{64}")


def files_dir(db_path: str | os.PathLike[str]) -> Path:
    """The folder that keeps the PDFs of the warehouse at ``db_path``."""
    p = Path(db_path)
    return p.with_name(p.name + ".files")


def is_doc_id(text: str) -> bool:
    return _DOC_ID.fullmatch(text) is not None


def _inside(folder: Path, name: str) -> Path:
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise ValueError(f"{name!r} is not a file of {folder}")
    return path


def keep(db_path: str | os.PathLike[str], doc_id: str, data: bytes) -> Path | None:
    """Store ``data`` as the file of ``doc_id`` (once: the name is its hash); returns the
    path, or None for an in-memory warehouse or when the file could not be written (the
    document stays stored: only its page images are missing)."""
    if str(db_path) == ":memory:":
        return None
    if not is_doc_id(doc_id):
        raise ValueError(f"not a document id: {doc_id!r}")
    folder = files_dir(db_path)
    target = _inside(folder, f"{doc_id}.pdf")
    if target.exists():
        return target
    tmp = target.with_name(f".{doc_id}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        log.warning("could not keep the PDF of %s in %s: %s", doc_id[:12], folder, exc)
        return None
    return target


def document_file(db_path: str | os.PathLike[str], doc_id: str) -> Path:
    """The kept PDF of ``doc_id``; ValueError for anything but a document id,
    :class:`FileNotKept` if the warehouse has no copy."""
    if not is_doc_id(doc_id):
        raise ValueError(f"not a document id: {doc_id!r}")
    path = _inside(files_dir(db_path), f"{doc_id}.pdf")
    if not path.is_file():
        raise FileNotKept(doc_id)
    return path
