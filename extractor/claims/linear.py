"""The claim-kind classifier in linear form, run with numpy alone.

A fitted ``FeatureUnion`` of ``TfidfVectorizer`` blocks and a multi-class ``LinearSVC``
is, at prediction time, a sum of dot products: for each block, the sentence's n-gram
counts (scikit-learn's analyzers, replicated here for the settings the model uses),
``1 + log(tf)``, times idf, normalised and weighted, dotted with that block's slice of the
coefficients; plus the intercepts. :class:`LinearKindModel` holds those arrays
(vocabularies, idf vectors, coefficients) and computes exactly the pipeline's
``decision_function`` without importing scikit-learn, which costs seconds per process.
:mod:`extractor.claims.model` writes, reads and checks the files.
"""
from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

#: The file of the linear form in a model directory, and its layout (with that of
#: ``meta["linear"]``); loading refuses any other.
LINEAR_FILE = "kind.linear.npz"
LINEAR_FORMAT = 1


@dataclass(frozen=True)
class Prediction:
    kind: str
    confidence: float  # softmax of the SVM's decision scores: a ranking score, not calibrated


def top_predictions(scores: Any, classes: Sequence[str]) -> list[Prediction]:
    """The top class of each row of decision scores, with the softmax of its score."""
    out = []
    for row in scores:
        values = [float(v) for v in row]
        top = max(values)
        exps = [math.exp(v - top) for v in values]
        best = values.index(top)
        out.append(Prediction(classes[best], round(exps[best] / sum(exps), 3)))
    return out


# ------------------------------------------------------------------ the linear form
#: scikit-learn's ``_VectorizerMixin._white_spaces``.
_WHITE_SPACES = re.compile(r"\s\s+")
#: Sentences scored at once (bounds the temporary arrays: a sentence has ~500 known n-grams).
_CHUNK = 256


def _word_ngrams(tokens: list[str], min_n: int, max_n: int) -> list[str]:
    """scikit-learn's ``_VectorizerMixin._word_ngrams`` (no stop words)."""
    if max_n != 1:
        original = tokens
        if min_n == 1:
            tokens = list(original)
            min_n += 1
        else:
            tokens = []
        n_original = len(original)
        for n in range(min_n, min(max_n + 1, n_original + 1)):
            for i in range(n_original - n + 1):
                tokens.append(" ".join(original[i:i + n]))
    return tokens


def _char_wb_ngrams(text: str, min_n: int, max_n: int) -> list[str]:
    """scikit-learn's ``_VectorizerMixin._char_wb_ngrams``: the n-grams of each word padded
    with a space on both sides; a word shorter than n gives its padded self once."""
    text = _WHITE_SPACES.sub(" ", text)
    ngrams = []
    for w in text.split():
        w = " " + w + " "
        w_len = len(w)
        for n in range(min_n, max_n + 1):
            offset = 0
            ngrams.append(w[offset:offset + n])
            while offset + n < w_len:
                offset += 1
                ngrams.append(w[offset:offset + n])
            if offset == 0:  # count a short word (w_len < n) only once
                break
    return ngrams


class FeatureBlock:
    """One ``TfidfVectorizer`` of the feature union, with its transformer weight: the
    n-grams of a text that are in ``vocabulary`` (term -> column), tf-idf weighted and
    normalised as scikit-learn does for these settings."""

    ANALYZERS = ("word", "char_wb")
    NORMS = ("l2", "l1", None)
    KEYS = ("name", "weight", "analyzer", "ngram_range", "lowercase", "token_pattern", "sublinear_tf", "norm")

    def __init__(self, settings: dict[str, Any], vocabulary: np.ndarray, idf: np.ndarray) -> None:
        s = self.validate(settings)
        name = s["name"]
        if vocabulary.ndim != 1 or vocabulary.dtype.kind != "U":
            raise ValueError(f"block {name!r}: vocabulary is {vocabulary.dtype}{list(vocabulary.shape)}, "
                             "not a 1-d unicode array")
        if idf.dtype != np.float64 or idf.shape != vocabulary.shape:
            raise ValueError(f"block {name!r}: idf is {idf.dtype}{list(idf.shape)}, "
                             f"not float64[{len(vocabulary)}] like its vocabulary")
        if not np.isfinite(idf).all():
            raise ValueError(f"block {name!r}: idf holds non-finite values")
        terms = vocabulary.tolist()
        self.vocabulary: dict[str, int] = dict(zip(terms, range(len(terms)), strict=True))
        if len(self.vocabulary) != len(terms):
            raise ValueError(f"block {name!r}: vocabulary holds duplicate terms")
        self.idf = idf  # (the unicode array itself is not kept: ~10 MB for the word block)
        self.name: str = name
        self.weight: float = float(s["weight"])
        self.analyzer: str = s["analyzer"]
        lo, hi = s["ngram_range"]
        self.ngram_range: tuple[int, int] = (lo, hi)
        self.lowercase: bool = s["lowercase"]
        self.token_pattern: str | None = s["token_pattern"]
        self.sublinear_tf: bool = s["sublinear_tf"]
        self.norm: str | None = s["norm"]
        self.pattern = re.compile(s["token_pattern"]) if s["analyzer"] == "word" else None

    @classmethod
    def validate(cls, settings: Any) -> dict[str, Any]:
        """``settings`` if it is a block's entry of ``meta["linear"]["blocks"]`` that this code
        replicates exactly, else ``ValueError``."""
        if not isinstance(settings, dict) or set(settings) != set(cls.KEYS):
            raise ValueError(f"a block's settings are not an object with exactly {', '.join(cls.KEYS)}")
        name, weight, analyzer, ngrams = (settings[k] for k in ("name", "weight", "analyzer", "ngram_range"))
        if not isinstance(name, str) or not name:
            raise ValueError(f"bad block name {name!r}")
        if analyzer not in cls.ANALYZERS:
            raise ValueError(f"block {name!r}: analyzer {analyzer!r} (supported: {', '.join(cls.ANALYZERS)})")
        if (not isinstance(ngrams, list | tuple) or len(ngrams) != 2
                or not all(isinstance(n, int) and not isinstance(n, bool) for n in ngrams)
                or not 1 <= ngrams[0] <= ngrams[1]):
            raise ValueError(f"block {name!r}: bad ngram_range {ngrams!r}")
        if settings["norm"] not in cls.NORMS:
            raise ValueError(f"block {name!r}: norm {settings['norm']!r} (supported: l2, l1, none)")
        if not all(isinstance(settings[k], bool) for k in ("lowercase", "sublinear_tf")):
            raise ValueError(f"block {name!r}: lowercase and sublinear_tf are not booleans")
        if not isinstance(weight, int | float) or isinstance(weight, bool) or not math.isfinite(weight):
            raise ValueError(f"block {name!r}: bad weight {weight!r}")
        pattern = settings["token_pattern"]
        if analyzer == "word":
            if not isinstance(pattern, str):
                raise ValueError(f"block {name!r}: a word analyzer without a token pattern")
            try:
                groups = re.compile(pattern).groups
            except re.error as exc:
                raise ValueError(f"block {name!r}: bad token pattern ({exc})") from exc
            if groups > 1:
                raise ValueError(f"block {name!r}: token pattern with more than one group")
        return settings

    def __len__(self) -> int:
        return len(self.vocabulary)

    def terms(self) -> np.ndarray:
        """The vocabulary in column order (a dict keeps its insertion order)."""
        return np.array(list(self.vocabulary), dtype=str)

    def settings(self) -> dict[str, Any]:
        return {"name": self.name, "weight": self.weight, "analyzer": self.analyzer,
                "ngram_range": list(self.ngram_range), "lowercase": self.lowercase,
                "token_pattern": self.token_pattern, "sublinear_tf": self.sublinear_tf, "norm": self.norm}

    def analyze(self, doc: str) -> list[str]:
        """scikit-learn's ``build_analyzer()(doc)`` for these settings (no accent stripping,
        no stop words)."""
        if self.lowercase:
            doc = doc.lower()
        if self.pattern is not None:
            return _word_ngrams(self.pattern.findall(doc), *self.ngram_range)
        return _char_wb_ngrams(doc, *self.ngram_range)

    def transform(self, docs: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The block's weighted tf-idf rows of ``docs`` as sparse triples (row, column,
        value), columns ascending within a row: the values of ``TfidfVectorizer.transform``
        times the weight, computed in the same order."""
        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        vocab = self.vocabulary
        for i, doc in enumerate(docs):
            found: dict[int, int] = {}
            for gram in self.analyze(doc):
                j = vocab.get(gram)
                if j is not None:  # unknown n-grams are ignored
                    found[j] = found.get(j, 0) + 1
            for j in sorted(found):
                rows.append(i)
                cols.append(j)
                counts.append(found[j])
        r = np.asarray(rows, dtype=np.intp)
        c = np.asarray(cols, dtype=np.intp)
        x = np.asarray(counts, dtype=np.float64)
        if self.sublinear_tf:
            np.log(x, out=x)
            x += 1.0
        x *= self.idf[c]
        if self.norm is not None:  # per row, like sklearn.utils.sparsefuncs_fast (a row with nothing stays empty)
            sums = np.zeros(len(docs))
            np.add.at(sums, r, x * x if self.norm == "l2" else np.abs(x))
            if self.norm == "l2":
                sums = np.sqrt(sums)
            sums[sums == 0.0] = 1.0
            x /= sums[r]
        x *= self.weight
        return r, c, x


class LinearKindModel:
    """The kind classifier in linear form, numpy only: ``decision_function`` equals the
    fitted pipeline's (a ``FeatureUnion`` of ``TfidfVectorizer`` blocks and a multi-class
    ``LinearSVC``)."""

    def __init__(self, blocks: Sequence[FeatureBlock], coef: np.ndarray, intercept: np.ndarray,
                 classes: Sequence[str], meta: dict[str, Any] | None = None) -> None:
        n_features = sum(len(b) for b in blocks)
        k = len(classes)
        if not blocks or len({b.name for b in blocks}) != len(blocks):
            raise ValueError("no feature blocks, or two with one name")
        if k < 3 or len(set(classes)) != k:
            raise ValueError(f"{k} classes {list(classes)!r}: needs three or more distinct classes "
                             "(a binary LinearSVC has a single score, which this form does not hold)")
        if coef.dtype != np.float64 or coef.shape != (k, n_features):
            raise ValueError(f"coefficients are {coef.dtype}{list(coef.shape)}, not float64{[k, n_features]} "
                             "(classes x the blocks' vocabularies)")
        if intercept.dtype != np.float64 or intercept.shape != (k,):
            raise ValueError(f"intercept is {intercept.dtype}{list(intercept.shape)}, not float64[{k}]")
        if not (np.isfinite(coef).all() and np.isfinite(intercept).all()):
            raise ValueError("coefficients or intercept hold non-finite values")
        self.blocks = list(blocks)
        self.classes = [str(c) for c in classes]
        self.intercept = intercept
        self.coef_t = np.ascontiguousarray(coef.T)  # (features, classes): a row per known n-gram
        self.offsets = np.cumsum([0] + [len(b) for b in self.blocks])[:-1].tolist()
        self.meta = meta if meta is not None else {}

    # ---------------------------------------------------------------- inference
    def decision_function(self, inputs: Sequence[str]) -> np.ndarray:
        """Decision scores, one row per input and one column per class (``classes``)."""
        docs = list(inputs)
        scores = np.zeros((len(docs), len(self.classes)))
        for start in range(0, len(docs), _CHUNK):
            chunk = docs[start:start + _CHUNK]
            parts = [b.transform(chunk) for b in self.blocks]
            # the blocks side by side, each row's entries in column order, summed one after
            # the other as scipy's sparse-dense product does
            rows = np.concatenate([r for r, _, _ in parts])
            cols = np.concatenate([c + off for (_, c, _), off in zip(parts, self.offsets, strict=True)])
            vals = np.concatenate([x for _, _, x in parts])
            np.add.at(scores[start:start + len(chunk)], rows, vals[:, None] * self.coef_t[cols])
        scores += self.intercept
        return scores

    def predict(self, inputs: Sequence[str]) -> list[Prediction]:
        if not inputs:
            return []
        return top_predictions(self.decision_function(inputs), self.classes)

    # ---------------------------------------------------------------- from a pipeline, to and from files
    @classmethod
    def from_pipeline(cls, pipeline: Any, meta: dict[str, Any] | None = None) -> LinearKindModel:
        """The linear form of a fitted ``Pipeline([(_, FeatureUnion of TfidfVectorizer), (_,
        LinearSVC)])``; ``ValueError`` for any setting it would not reproduce exactly."""
        steps = getattr(pipeline, "steps", None)
        if not steps or len(steps) != 2:
            raise ValueError("not a two-step pipeline (feature union, linear SVM)")
        union, svm = steps[0][1], steps[1][1]
        weights = getattr(union, "transformer_weights", None) or {}
        blocks = []
        for name, vec in getattr(union, "transformer_list", []):
            if not hasattr(vec, "vocabulary_") or not hasattr(vec, "get_params"):
                raise ValueError(f"block {name!r} is not a fitted TfidfVectorizer")
            p = vec.get_params()
            unsupported = {k: p.get(k) for k, want in (("input", "content"), ("strip_accents", None),
                                                       ("preprocessor", None), ("tokenizer", None),
                                                       ("stop_words", None), ("binary", False),
                                                       ("dtype", np.float64)) if p.get(k) != want}
            if unsupported:
                raise ValueError(f"block {name!r}: settings the linear form does not replicate: {unsupported}")
            terms = [""] * len(vec.vocabulary_)
            for term, j in vec.vocabulary_.items():
                terms[j] = term
            vocabulary = np.array(terms, dtype=str)
            if vocabulary.tolist() != terms:  # numpy drops trailing NULs
                raise ValueError(f"block {name!r}: a term does not survive a numpy unicode array")
            idf = np.asarray(vec.idf_, dtype=np.float64) if p["use_idf"] else np.ones(len(terms))
            weight = weights.get(name)
            settings = {"name": name, "weight": 1.0 if weight is None else float(weight),
                        "analyzer": p["analyzer"], "ngram_range": [int(n) for n in p["ngram_range"]],
                        "lowercase": bool(p["lowercase"]),
                        "token_pattern": p["token_pattern"] if p["analyzer"] == "word" else None,
                        "sublinear_tf": bool(p["sublinear_tf"]), "norm": p["norm"]}
            blocks.append(FeatureBlock(settings, vocabulary, idf))
        if not hasattr(svm, "coef_"):
            raise ValueError("the last step is not a fitted linear classifier")
        coef = np.asarray(svm.coef_, dtype=np.float64)
        intercept = np.asarray(svm.intercept_, dtype=np.float64).reshape(-1)
        if coef.shape[0] == 1:
            raise ValueError(f"a binary classifier ({len(svm.classes_)} classes): predict needs a score per class")
        return cls(blocks, coef, intercept, [str(c) for c in svm.classes_], meta)

    def settings(self) -> dict[str, Any]:
        """What ``meta.json`` holds of the linear form (its arrays are in the file)."""
        return {"file": LINEAR_FILE, "format": LINEAR_FORMAT, "blocks": [b.settings() for b in self.blocks]}

    def arrays(self) -> dict[str, np.ndarray]:
        out = {"classes": np.array(self.classes, dtype=str), "intercept": self.intercept}
        for b, off in zip(self.blocks, self.offsets, strict=True):
            out[f"{b.name}.vocabulary"] = b.terms()
            out[f"{b.name}.idf"] = b.idf
            out[f"{b.name}.coef"] = np.ascontiguousarray(self.coef_t[off:off + len(b)].T)
        return out

    def write(self, path: Path) -> None:
        """An ``.npz`` as ``np.savez_compressed`` writes it (``np.load`` reads it), without
        pickling and with fixed member dates, so that the same model gives the same bytes."""
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, array in self.arrays().items():
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                with zf.open(info, "w", force_zip64=True) as fh:
                    np.lib.format.write_array(fh, np.asanyarray(array), allow_pickle=False)

    @staticmethod
    def read_arrays(data: bytes) -> dict[str, np.ndarray]:
        """The arrays of the bytes of a linear file, by name: plain arrays only, never
        pickled objects (``ValueError``, or a zip or zlib error, for anything else)."""
        arrays: dict[str, np.ndarray] = {}
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for name in zf.namelist():
                if not name.endswith(".npy"):
                    raise ValueError(f"unexpected member {name!r}")
                with zf.open(name) as fh:
                    arrays[name[:-4]] = np.lib.format.read_array(fh, allow_pickle=False)
        return arrays

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], settings: dict[str, Any],
                    meta: dict[str, Any] | None = None) -> LinearKindModel:
        """The model of a linear file's arrays and the ``"linear"`` section of its
        ``meta.json`` (as ``linear_settings`` returns it); ``ValueError`` if they disagree."""
        names = [b["name"] for b in settings["blocks"]]
        want = {"classes", "intercept"} | {f"{n}.{a}" for n in names for a in ("vocabulary", "idf", "coef")}
        if set(arrays) != want:
            missing, extra = sorted(want - set(arrays)), sorted(set(arrays) - want)
            raise ValueError(f"arrays missing: {', '.join(missing) or 'none'}; "
                             f"unexpected: {', '.join(extra) or 'none'}")
        classes = arrays["classes"]
        if classes.ndim != 1 or classes.dtype.kind != "U":
            raise ValueError(f"classes are {classes.dtype}{list(classes.shape)}, not a 1-d unicode array")
        blocks = [FeatureBlock(b, arrays[f"{b['name']}.vocabulary"], arrays[f"{b['name']}.idf"])
                  for b in settings["blocks"]]
        for b in blocks:
            coef = arrays[f"{b.name}.coef"]
            if coef.dtype != np.float64 or coef.shape != (len(classes), len(b)):
                raise ValueError(f"block {b.name!r}: coef is {coef.dtype}{list(coef.shape)}, "
                                 f"not float64{[len(classes), len(b)]} (classes x vocabulary)")
        coef = np.concatenate([arrays[f"{n}.coef"] for n in names], axis=1)
        return cls(blocks, coef, arrays["intercept"], classes.tolist(), meta)
