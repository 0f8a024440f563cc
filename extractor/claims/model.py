"""The kind classifier: TF-IDF word and character n-grams of the sentence, a weighted block
of marker tokens (cue kinds, section heading, sentence shape: ``features.model_input``),
and a linear SVM with balanced class weights (scikit-learn), trained on
``corpus/annotations/claims.jsonl``.

The model is a directory ``models/claims/`` holding three files, all written by
``KindModel.save`` (``evidence train claims``):

- ``kind.skops``: the fitted scikit-learn pipeline, saved with skops (never pickle). It is
  the record of what was trained; ``load_pipeline`` reads it back with skops' check of the
  types it holds against the exact list in ``TRUSTED_TYPES`` (a file with any other type
  is refused). Nothing at run time reads it.
- ``kind.linear.npz``: the same model in linear form (numpy arrays only, no pickled
  objects): for each feature block its vocabulary in column order, its idf vector and its
  slice of the SVM's coefficients, plus the intercepts and the classes.
- ``meta.json``: versions, training data hash, scores, the sha256 of both files, and under
  ``"linear"`` what the arrays need to be applied: each block's name, transformer weight
  and analyzer settings (analyzer, n-gram range, lowercasing, token pattern, sublinear tf,
  norm).

Run time (``load``, cached per process and directory) reads only the linear file and
``meta.json`` with numpy, and ``LinearKindModel`` (:mod:`extractor.claims.linear`) recomputes the pipeline's
``decision_function`` itself: scikit-learn's analyzers replicated for these settings,
counts, ``1 + log(tf)``, idf, per-block L2 norm and weight, a dot with the coefficients
plus the intercepts. It gives the pipeline's scores (bit for bit on the annotated
sentences; tests hold it to 1e-9) and never imports scikit-learn or skops: in a fresh
process ``load()`` takes 0.09-0.10 s after ``import extractor`` (0.29-0.30 s with it),
against 2.6-3.1 s when it imported skops and loaded the pipeline. ``load`` refuses a
linear file that is not a zip of plain arrays, whose arrays disagree with each other or
with ``meta.json``, or whose sha256 is not the one ``meta.json`` records. ``check`` (run by
ingestion before any file is parsed) compares that sha256 and reads nothing more when it
agrees. ``models/`` sits next to the ``extractor`` package both in a checkout and in an
installed copy (the wheel ships it), so the default path needs no configuration.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import zipfile
import zlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from .errors import CorruptModel, ModelNotFound, UntrustedModel
from .linear import LINEAR_FILE, LINEAR_FORMAT, FeatureBlock, LinearKindModel, Prediction, top_predictions

log = logging.getLogger(__name__)

#: Where the model lives unless ``EVIDENCE_MODELS`` says otherwise: ``models/claims``
#: next to the ``extractor`` package.
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "claims"
MODEL_FILE = "kind.skops"  # the fitted pipeline (skops): training's record, read by ``load_pipeline``
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
#: the marker tokens of ``features.model_input``.
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


class KindModel:
    """A fitted scikit-learn pipeline and its meta: what training makes and saves, and what
    ``load_pipeline`` reads back. Run time uses its linear form, :class:`LinearKindModel`."""

    def __init__(self, pipeline: Any, meta: dict[str, Any]) -> None:
        self.pipeline = pipeline
        self.meta = meta

    def predict(self, inputs: Sequence[str]) -> list[Prediction]:
        if not inputs:
            return []
        return top_predictions(self.pipeline.decision_function(list(inputs)), [str(c) for c in self.pipeline.classes_])

    def save(self, directory: Path) -> None:
        """Write ``kind.skops``, ``kind.linear.npz`` and ``meta.json`` (with both files'
        sha256) to ``directory``."""
        import skops.io as sio

        linear = LinearKindModel.from_pipeline(self.pipeline)  # refuses a pipeline it cannot replicate
        directory.mkdir(parents=True, exist_ok=True)
        sio.dump(self.pipeline, directory / MODEL_FILE, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        self.meta["sha256"] = file_hash(directory / MODEL_FILE)
        linear.write(directory / LINEAR_FILE)
        self.meta["linear"] = {**linear.settings(), "sha256": file_hash(directory / LINEAR_FILE)}
        (directory / META_FILE).write_text(json.dumps(self.meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def linear_settings(meta: dict[str, Any]) -> dict[str, Any]:
    """The ``"linear"`` section of a ``meta.json``, if it is one this code reads (else
    ``ValueError``)."""
    settings = meta.get("linear")
    if not isinstance(settings, dict):
        raise ValueError(f"no 'linear' section (the settings of {LINEAR_FILE})")
    if settings.get("format") != LINEAR_FORMAT:
        raise ValueError(f"linear format {settings.get('format')!r}, this code reads {LINEAR_FORMAT}")
    if not isinstance(settings.get("sha256"), str):
        raise ValueError("the 'linear' section records no sha256")
    blocks = settings.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        raise ValueError("the 'linear' section lists no feature blocks")
    names = [FeatureBlock.validate(b)["name"] for b in blocks]
    if len(set(names)) != len(names):
        raise ValueError(f"two feature blocks of one name: {names}")
    return settings


# ------------------------------------------------------------------ loading
def load(directory: Path | None = None) -> LinearKindModel:
    """The model in ``directory`` (default ``model_dir()``, read when called), loaded once
    per process and directory from its linear file (numpy only).

    Raises :class:`~extractor.claims.errors.ModelUnavailable` (missing, unreadable, or
    inconsistent with ``meta.json``), whose hint says how to rebuild it."""
    return _load(directory or model_dir())


#: What reading a damaged linear file can raise (zip, zlib and numpy header errors).
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, ValueError, KeyError, TypeError, AttributeError, OSError,
                EOFError, NotImplementedError, RuntimeError)


@cache
def _load(directory: Path) -> LinearKindModel:
    path = directory / LINEAR_FILE
    if not path.is_file():
        raise ModelNotFound(path)
    try:
        data = path.read_bytes()
        arrays = LinearKindModel.read_arrays(data)
    except _READ_ERRORS as exc:
        raise CorruptModel(path, _one_line(exc, ValueError)) from exc
    try:
        meta = _meta(directory)
        settings = linear_settings(meta)
    except (ValueError, TypeError, OSError) as exc:  # JSON errors are ValueErrors
        raise CorruptModel(directory / META_FILE, _one_line(exc, ValueError)) from exc
    try:
        model = LinearKindModel.from_arrays(arrays, settings, meta)
    except (ValueError, TypeError) as exc:
        raise CorruptModel(path, _one_line(exc, ValueError)) from exc
    if hashlib.sha256(data).hexdigest() != settings["sha256"]:
        raise CorruptModel(path, f"its sha256 is not the one {META_FILE} records: they are from different trainings")
    log.debug("loaded the claims model from %s", directory)
    return model


def load_pipeline(directory: Path | None = None) -> KindModel:
    """The fitted scikit-learn pipeline of ``kind.skops`` (not cached; imports scikit-learn
    and skops, seconds): for training, benchmarks and tests, never at run time.

    Refuses a file holding any type not in ``TRUSTED_TYPES``
    (:class:`~extractor.claims.errors.UntrustedModel`)."""
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    directory = directory or model_dir()
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
    return KindModel(pipeline, meta)


def check(directory: Path | None = None) -> None:
    """Raise :class:`~extractor.claims.errors.ModelUnavailable` unless the model loads (the
    check that ingestion runs once, before it parses any file).

    A linear file whose sha256 is the one ``meta.json`` recorded when it was saved passes
    without being read (milliseconds). Any other file is loaded, which raises the precise
    error."""
    directory = directory or model_dir()
    path = directory / LINEAR_FILE
    if not path.is_file():
        raise ModelNotFound(path)
    try:
        if _meta(directory)["linear"]["sha256"] == file_hash(path):
            return
    except (ValueError, KeyError, TypeError, OSError):
        pass  # loading says what is wrong
    load(directory)


def _meta(directory: Path) -> dict[str, Any]:
    path = directory / META_FILE
    return dict(json.loads(path.read_text("utf-8"))) if path.is_file() else {}


def _one_line(exc: BaseException, plain: type[BaseException] | None = None) -> str:
    """The exception as one line, with its type unless it is ``plain`` (our own messages)."""
    text = " ".join(str(exc).split())
    if plain is not None and type(exc) is plain:
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def versions() -> dict[str, str]:
    import sklearn
    import skops

    return {"python": platform.python_version(), "numpy": np.__version__, "scikit-learn": sklearn.__version__,
            "skops": skops.__version__}


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
