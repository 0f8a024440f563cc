"""The kind classifier: TF-IDF word and character n-grams of the sentence, a weighted block
of marker tokens (cue kinds, section heading, sentence shape: ``features.model_input``),
and a linear SVM with balanced class weights (scikit-learn), trained on
``corpus/annotations/claims.jsonl``.

The model is a directory ``models/claims/`` holding ``kind.skops`` (the fitted pipeline,
saved with skops, never pickle) and ``meta.json`` (versions, training data hash, scores).
It is loaded once per process (``load``, cached by path), with skops' check of the types
it holds against the exact list in ``TRUSTED_TYPES``: a file with any other type is
refused. ``meta.json`` records the file's sha256, so that ``check`` (run by ingestion
before any file is parsed) confirms the model without importing scikit-learn. ``models/``
sits next to the ``extractor`` package both in a checkout and in an installed copy (the
wheel ships it), so the default path needs no configuration.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import platform
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .errors import CorruptModel, ModelNotFound, UntrustedModel

log = logging.getLogger(__name__)

#: Where the model lives unless ``EVIDENCE_MODELS`` says otherwise: ``models/claims``
#: next to the ``extractor`` package.
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "claims"
MODEL_FILE = "kind.skops"
META_FILE = "meta.json"

#: Every non-builtin type the saved pipeline holds. Loading refuses a file in which skops
#: finds any untrusted type not on this list, then loads with exactly these trusted (never
#: ``trusted=True``).
TRUSTED_TYPES = [
    "numpy.float64",
    "numpy.ndarray",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.svm._classes.LinearSVC",
]

#: Hyper-parameters, chosen by cross-validation with folds grouped by section
#: (benchmarks/claims.py); ``marker_weight`` scales a third feature block that holds only
#: the marker tokens of ``features.model_input`` (cue kinds, heading, shape).
CONFIG: dict[str, Any] = {
    "word_ngrams": [1, 3],
    "char_ngrams": [2, 5],
    "char_min_df": 2,
    "marker_weight": 0.5,
    "C": 0.3,
    "class_weight": "balanced",
}


#: The marker tokens of ``features.model_input`` ("__cue_lesson", "__sec_challenges").
MARKER = r"__\w+"


def model_dir() -> Path:
    env = os.environ.get("EVIDENCE_MODELS")
    return Path(env) / "claims" if env else DEFAULT_DIR


def build(config: dict[str, Any] | None = None) -> Any:
    """An unfitted pipeline."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC

    c = {**CONFIG, **(config or {})}
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=tuple(c["word_ngrams"]), sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(c["char_ngrams"]),
                                      sublinear_tf=True, min_df=c["char_min_df"])),
            ("markers", TfidfVectorizer(token_pattern=MARKER, lowercase=False, sublinear_tf=True)),
        ],
        transformer_weights={"words": 1.0, "chars": 1.0, "markers": c["marker_weight"]},
    )
    svm = LinearSVC(C=c["C"], class_weight=c["class_weight"], random_state=0)
    return Pipeline([("features", features), ("svm", svm)])


@dataclass(frozen=True)
class Prediction:
    kind: str
    confidence: float  # softmax of the SVM's decision scores: a ranking score, not calibrated


class KindModel:
    """A fitted pipeline and its meta."""

    def __init__(self, pipeline: Any, meta: dict[str, Any]) -> None:
        self.pipeline = pipeline
        self.meta = meta

    def predict(self, inputs: Sequence[str]) -> list[Prediction]:
        if not inputs:
            return []
        scores = self.pipeline.decision_function(list(inputs))
        classes = [str(c) for c in self.pipeline.classes_]
        out = []
        for row in scores:
            values = [float(v) for v in row]
            top = max(values)
            exps = [math.exp(v - top) for v in values]
            best = values.index(top)
            out.append(Prediction(classes[best], round(exps[best] / sum(exps), 3)))
        return out

    def save(self, directory: Path) -> None:
        import skops.io as sio

        directory.mkdir(parents=True, exist_ok=True)
        sio.dump(self.pipeline, directory / MODEL_FILE, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        self.meta["sha256"] = file_hash(directory / MODEL_FILE)
        (directory / META_FILE).write_text(json.dumps(self.meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def load(directory: Path | None = None) -> KindModel:
    """The model in ``directory`` (default ``model_dir()``, read when called), loaded once
    per process and directory.

    Raises :class:`~extractor.claims.errors.ModelUnavailable` (missing, unreadable, or
    holding types not in ``TRUSTED_TYPES``), whose hint says how to rebuild it."""
    return _load(directory or model_dir())


@cache
def _load(directory: Path) -> KindModel:
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    path = directory / MODEL_FILE
    if not path.is_file():
        raise ModelNotFound(path)
    try:
        pipeline = sio.load(path, trusted=TRUSTED_TYPES)  # refuses any type not listed
        meta = _meta(directory)
    except UntrustedTypesFoundException as exc:  # list them (only now: a second pass over the file)
        raise UntrustedModel(path, sorted(set(sio.get_untrusted_types(file=path)) - set(TRUSTED_TYPES))) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, OSError, EOFError) as exc:
        raise CorruptModel(path, f"{type(exc).__name__}: {exc}") from exc
    if not hasattr(pipeline, "decision_function"):
        raise CorruptModel(path, f"a {type(pipeline).__name__}, not a fitted classifier")
    log.debug("loaded the claims model from %s", directory)
    return KindModel(pipeline, meta)


def check(directory: Path | None = None) -> None:
    """Raise :class:`~extractor.claims.errors.ModelUnavailable` unless the model loads (the
    check that ingestion runs once, before it parses any file).

    A model file whose sha256 is the one ``meta.json`` recorded when it was saved, with
    the scikit-learn and skops versions it was saved with installed, passes without being
    loaded: the check then costs milliseconds and no import of scikit-learn. Any other file
    is loaded, which raises the precise error."""
    directory = directory or model_dir()
    path = directory / MODEL_FILE
    if not path.is_file():
        raise ModelNotFound(path)
    try:
        meta = _meta(directory)
        saved = meta.get("versions", {})
        same = all(saved.get(d) == metadata.version(d) for d in ("scikit-learn", "skops"))
        if same and meta.get("sha256") == file_hash(path):
            return
    except (ValueError, TypeError, AttributeError, OSError, metadata.PackageNotFoundError):
        pass  # loading says what is wrong
    load(directory)


def _meta(directory: Path) -> dict[str, Any]:
    path = directory / META_FILE
    return dict(json.loads(path.read_text("utf-8"))) if path.is_file() else {}


def versions() -> dict[str, str]:
    import sklearn
    import skops

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__, "skops": skops.__version__}


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
