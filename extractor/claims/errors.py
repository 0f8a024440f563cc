"""Errors of the claims stage. Each carries the data its message needs."""
from __future__ import annotations

from pathlib import Path

from ..errors import ExtractionError


class ClaimsError(Exception):
    """Base class of the claims stage's errors."""


class ModelUnavailable(ClaimsError, ExtractionError):
    """The claims model cannot be loaded (missing, unreadable, or holding unexpected types).

    No document can be extracted without it, so ingestion checks it before parsing any
    file (``extractor.claims.check_model``) and stops with this one error; it is also an
    :class:`~extractor.errors.ExtractionError` so that the CLI prints it as one line."""

    hint = "run 'evidence train claims'"

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        ExtractionError.__init__(self, str(path), reason)


class ModelNotFound(ModelUnavailable):
    def __init__(self, path: Path) -> None:
        super().__init__(path, "no claims model here")


class CorruptModel(ModelUnavailable):
    """The model file cannot be read (truncated, overwritten, holding other arrays than
    expected or pickled objects) or disagrees with its ``meta.json``."""

    def __init__(self, path: Path, detail: str) -> None:
        self.detail = detail
        super().__init__(path, f"the claims model cannot be read ({detail})")


class UntrustedModel(ModelUnavailable):
    """The saved model holds object types this code does not expect (it was tampered
    with, or saved by another version): it is not loaded."""

    def __init__(self, path: Path, types: list[str]) -> None:
        self.types = types
        super().__init__(path, f"the claims model holds unexpected object types: {', '.join(types)}")


class BadAnnotations(ClaimsError):
    def __init__(self, path: Path, line: int, reason: str) -> None:
        self.path, self.line, self.reason = path, line, reason
        self.hint = "each line is a JSON object with doc, page, section, sentence, kind, topics, hedge"
        super().__init__(f"{path}:{line}: {reason}")
