"""Policy claims: annotations, lexicons, the saved model and its safe loading, extraction
from real sentences, the warehouse (claims, groups, export, show), and the paper's claims
pinned in a golden file.

Regenerate the golden file on purpose with
``REGEN_GOLDEN=1 python -m pytest tests/test_claims.py`` and read its diff before committing.
"""
from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tomllib

import numpy as np
import pytest
from click.testing import CliRunner

from extractor.claims import extract_claims
from extractor.claims.annotations import KINDS, LABELS, read_annotations
from extractor.claims.errors import BadAnnotations, CorruptModel, ModelNotFound, UntrustedModel
from extractor.claims.lexicon import hedge, keyword_kind, tag_topics, topic_names
from extractor.claims.model import (
    DEFAULT_DIR,
    LINEAR_FILE,
    META_FILE,
    MODEL_FILE,
    TRUSTED_TYPES,
    LinearKindModel,
    build,
    check,
    file_hash,
    load,
    load_pipeline,
)
from extractor.claims.sentences import sentences
from extractor.claims.training import DEFAULT_ANNOTATIONS
from extractor.errors import ExtractionError
from extractor.records import Block
from warehouse import Warehouse
from warehouse.claim_groups import groups, similar_pairs
from warehouse.cli import main
from warehouse.engines import LocalEngine
from warehouse.ingest import ingest
from warehouse.parallel import ingest_parallel

from .conftest import BULLETIN, PAPER, ROOT

GOLDEN = ROOT / "tests" / "golden" / "claims" / f"{PAPER.stem}.json"
FIELDS = ("claim_id", "page", "kind", "topics", "hedge", "quote", "section", "evidence", "evidence_how", "block_id")


def _block(
    text: str, n: int = 1, section: tuple[str, ...] = ("Policy Implications",), kind: str = "paragraph"
) -> Block:
    return Block(block_id=f"doc-p001-b{n:03d}", doc_id="doc", page=1, seq=n, kind=kind, text=text,
                 bbox=(72.0, 100.0 + 50 * n, 540.0, 140.0 + 50 * n), section=section)


# ------------------------------------------------------------------ annotations and lexicons
def test_the_annotations_cover_every_kind_and_the_non_claims():
    examples = read_annotations(DEFAULT_ANNOTATIONS)
    assert len(examples) >= 400
    kinds = {e.kind for e in examples}
    assert kinds == set(LABELS)
    assert sum(e.kind == "none" for e in examples) > 100  # background sentences are in, not just positives
    assert {e.doc for e in examples} >= {PAPER.name, BULLETIN.name}
    assert all(set(e.topics) <= set(topic_names()) for e in examples)


def test_a_bad_annotation_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "claims.jsonl"
    path.write_text('{"doc": "a.pdf", "page": 1, "sentence": "x", "kind": "opinion"}\n', encoding="utf-8")
    with pytest.raises(BadAnnotations, match=r"claims.jsonl:1: unknown kind 'opinion'"):
        read_annotations(path)


def test_the_taxonomy_is_the_issues_list_kept_as_data():
    data = tomllib.loads((ROOT / "extractor" / "claims" / "topics.toml").read_text("utf-8"))
    assert len(data["topics"]) == 12
    assert all(t["terms"] and t["description"] for t in data["topics"].values())


def test_hedges_from_the_lexicon():
    assert hedge("Such a shift might take time.") == "weak"
    assert hedge("The zones are undoubtedly two important engines of growth.") == "strong"
    assert hedge("Such pragmatism is crucial for achieving any successful reform.") == "strong"
    assert hedge("The government adopted the policy in 1979.") == "none"
    assert hedge("Such an environment might sometimes deter foreign investors, and clearly so.") == "weak"


def test_topics_from_the_taxonomy():
    topics = tag_topics("FDI and the Chinese diaspora played important roles by attracting capital and technologies.")
    assert topics == ("fdi_diaspora", "technology_innovation_skills")
    assert "export_led_growth" not in tag_topics("This is an important point.")  # "import*" is not "important"
    assert tag_topics("Companies are eligible for tax refunds and import duty exemption.")[0] == "preferential_policies"


def test_the_keyword_baseline():
    assert keyword_kind("Policy makers need to pay close attention to this area.") == "recommendation"
    assert keyword_kind("In 2007, the zones employed 5 million people.") == "none"


# ------------------------------------------------------------------ the model
#: Inputs no annotated sentence looks like: empty, blank, non-ASCII (with case changes that
#: alter the length), very long, punctuation only, marker-like, odd whitespace and NULs.
HOSTILE = [
    "", " ", "\t\n \r\x0b\x0c", "\u00a0\u2003\u2028", "Ünïcödé 日本語 Ελληνικά “quoted” — İstanbul ǅ ß ﬁ",
    "x" * 100_000, "policy reform, " * 20_000, "!?.,;:-—…()[]{}'\"/\\*&^%$#@~`", "a", "ab", "a b c d e",
    "__cue_lesson __sec_challenges __SEC_X __ _ __", "tab\tsep  two   three\u00a0\u00a0nbsp", "nul\x00byte \x00",
    "e\u0301 cafe\u0301 CAFÉ", "🙂 emoji 🙂🙂", "12 345 6,7 89%",
]


def test_the_shipped_model_holds_only_the_listed_types():
    import skops.io as sio

    assert set(sio.get_untrusted_types(file=DEFAULT_DIR / MODEL_FILE)) <= set(TRUSTED_TYPES)
    meta = json.loads((DEFAULT_DIR / META_FILE).read_text("utf-8"))
    assert meta["training_data"]["examples"] >= 400
    assert {"python", "numpy", "scikit-learn", "skops"} <= set(meta["versions"])
    assert "cv_by_section" in meta["scores"] and "cv_by_document" in meta["scores"]
    assert meta["sha256"] == file_hash(DEFAULT_DIR / MODEL_FILE)
    assert meta["linear"]["sha256"] == file_hash(DEFAULT_DIR / LINEAR_FILE)
    assert [b["name"] for b in meta["linear"]["blocks"]] == ["words", "chars", "markers"]


def test_the_linear_model_scores_like_the_pipeline():
    """The run-time model (numpy, from kind.linear.npz) gives the decision scores of the
    fitted pipeline (scikit-learn, from kind.skops) on every annotated sentence as the
    classifier reads it (``features.model_input``, as in training) and on hostile input."""
    fitted, linear = load_pipeline(), load()
    pipeline = fitted.pipeline
    inputs = [e.input for e in read_annotations(DEFAULT_ANNOTATIONS)] + HOSTILE
    want = pipeline.decision_function(inputs)
    got = linear.decision_function(inputs)
    assert got.shape == want.shape == (len(inputs), 7)
    assert linear.classes == [str(c) for c in pipeline.classes_]
    assert np.abs(got - want).max() <= 1e-9
    assert linear.predict(inputs) == fitted.predict(inputs)  # the same Prediction objects
    assert linear.predict([]) == [] and linear.decision_function([]).shape == (0, 7)
    # one by one as in batches (the scores of a sentence never depend on its neighbours)
    assert np.abs(linear.decision_function(inputs[:3] + HOSTILE[:2])[3:] - want[-len(HOSTILE):][:2]).max() <= 1e-9


def test_loading_the_model_imports_neither_scikit_learn_nor_skops():
    code = ("import sys; from extractor.claims import model; m = model.load(); "
            "print(m.predict(['Governments should support skills training.'])[0].kind); "
            "print(sorted(k for k in ('sklearn', 'skops') if k in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[1] == "[]", out.stdout
    assert out.stdout.split("\n")[0] in LABELS


def _linear_copy(tmp_path, change):
    """The shipped model copied to ``tmp_path`` with its linear file rewritten after
    ``change(arrays)`` (meta.json as shipped, so it records the original's sha256)."""
    shutil.copy(DEFAULT_DIR / META_FILE, tmp_path / META_FILE)
    with np.load(DEFAULT_DIR / LINEAR_FILE, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    change(arrays)
    np.savez_compressed(tmp_path / LINEAR_FILE, **arrays)
    return tmp_path


def _pickled(arrays):
    arrays["classes"] = np.array(arrays["classes"].tolist(), dtype=object)


def _shapes(arrays):
    arrays["chars.idf"] = arrays["chars.idf"][:-1]


def _coef_rows(arrays):
    arrays["markers.coef"] = arrays["markers.coef"][:-1]


def _dtype(arrays):
    arrays["intercept"] = arrays["intercept"].astype(np.float32)


def _missing(arrays):
    del arrays["words.vocabulary"]


def _other_numbers(arrays):
    arrays["intercept"] = arrays["intercept"] + 1.0


@pytest.mark.parametrize(("change", "detail"), [
    (_pickled, "Object arrays cannot be loaded when allow_pickle=False"),
    (_shapes, "block 'chars': idf is float64[16052], not float64[16053] like its vocabulary"),
    (_coef_rows, "block 'markers': coef is float64[6, 153], not float64[7, 153] (classes x vocabulary)"),
    (_dtype, "intercept is float32[7], not float64[7]"),
    (_missing, "arrays missing: words.vocabulary; unexpected: none"),
    (_other_numbers, "its sha256 is not the one meta.json records: they are from different trainings"),
])
def test_a_linear_file_that_is_not_the_trained_model_is_refused(tmp_path, change, detail):
    directory = _linear_copy(tmp_path, change)
    with pytest.raises(CorruptModel) as exc:
        load(directory)
    assert str(exc.value) == f"{tmp_path / LINEAR_FILE}: the claims model cannot be read ({detail})"
    with pytest.raises(CorruptModel):
        check(directory)  # the sha256 differs, so the check loads it


def test_a_truncated_linear_file_is_refused_in_one_line(tmp_path):
    shutil.copy(DEFAULT_DIR / META_FILE, tmp_path / META_FILE)
    data = (DEFAULT_DIR / LINEAR_FILE).read_bytes()
    for cut in (len(data) // 2, len(data) - 10):
        (tmp_path / LINEAR_FILE).write_bytes(data[:cut])
        with pytest.raises(CorruptModel) as exc:
            load(tmp_path)
        message = str(exc.value)
        assert message.startswith(f"{tmp_path / LINEAR_FILE}: the claims model cannot be read (BadZipFile: ")
        assert "\n" not in message


def test_a_linear_file_without_its_meta_is_refused_naming_the_meta(tmp_path):
    shutil.copy(DEFAULT_DIR / LINEAR_FILE, tmp_path / LINEAR_FILE)
    with pytest.raises(CorruptModel) as exc:
        load(tmp_path)
    assert str(exc.value) == (f"{tmp_path / META_FILE}: the claims model cannot be read "
                              f"(no 'linear' section (the settings of {LINEAR_FILE}))")


def test_a_binary_classifier_is_not_exported():
    """A two-class LinearSVC has one score, not one per class: ``predict`` could not rank
    it, so saving refuses it before writing anything."""
    pipe = build()
    texts = ["Governments should act now. __short", "Governments should act soon. __short",
             "The zone opened in 1980. __figures", "The zone opened in 1981. __figures"]
    pipe.fit(texts, ["recommendation", "recommendation", "none", "none"])
    with pytest.raises(ValueError, match="a binary classifier"):
        LinearKindModel.from_pipeline(pipe)


def test_a_model_file_with_another_type_is_refused(tmp_path):
    import skops.io as sio
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    sio.dump(Pipeline([("f", FunctionTransformer(func=math.sqrt))]), tmp_path / MODEL_FILE)
    with pytest.raises(UntrustedModel, match="math.sqrt"):
        load_pipeline(tmp_path)


def test_the_check_before_ingest_does_not_import_scikit_learn():
    """The shipped linear file's sha256 is in its meta.json: ingestion's up-front check
    passes without reading it (each worker loads it anyway)."""
    meta = json.loads((DEFAULT_DIR / META_FILE).read_text("utf-8"))
    assert meta["linear"]["sha256"] == file_hash(DEFAULT_DIR / LINEAR_FILE)
    code = "import sys; from extractor.claims import check_model; check_model(); print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]


def test_the_check_loads_a_file_that_is_not_the_one_its_meta_names(tmp_path):
    shutil.copy(DEFAULT_DIR / META_FILE, tmp_path / META_FILE)
    (tmp_path / LINEAR_FILE).write_bytes(b"not a model")
    with pytest.raises(CorruptModel, match="the claims model cannot be read"):
        check(tmp_path)


def test_a_missing_model_says_how_to_make_it(tmp_path):
    with pytest.raises(ModelNotFound) as exc:
        load(tmp_path)
    assert str(exc.value) == f"{tmp_path / LINEAR_FILE}: no claims model here"
    assert exc.value.hint == "run 'evidence train claims'"
    with pytest.raises(ModelNotFound, match=f"{MODEL_FILE}: no claims model here"):
        load_pipeline(tmp_path)


@pytest.mark.parametrize("content", [b"not a model", b"PK\x03\x04truncated"])
def test_an_unreadable_model_file_is_refused_with_the_same_hint(tmp_path, content):
    (tmp_path / LINEAR_FILE).write_bytes(content)
    with pytest.raises(CorruptModel, match="the claims model cannot be read") as exc:
        load(tmp_path)
    assert exc.value.hint == "run 'evidence train claims'"
    assert isinstance(exc.value, ExtractionError)  # so the CLI prints it as one line


def test_ingest_without_a_model_stops_before_parsing_any_file(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_MODELS", str(tmp_path / "models"))
    db = tmp_path / "w.duckdb"
    with pytest.raises(ModelNotFound, match=r"models/claims/kind.linear.npz: no claims model here"):
        ingest([BULLETIN], db, limits=None)
    with Warehouse.open(db) as wh, pytest.raises(ModelNotFound):
        ingest_parallel([BULLETIN, PAPER], wh, LocalEngine(1), workers=1)
    with Warehouse.open(db, read_only=True) as wh:
        assert wh.con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
        assert wh.con.execute("SELECT count(*) FROM ingest_runs").fetchone() == (0,)


def test_evidence_add_without_a_model_is_one_line_with_a_hint(tmp_path, monkeypatch):
    (tmp_path / "models" / "claims").mkdir(parents=True)
    (tmp_path / "models" / "claims" / LINEAR_FILE).write_bytes(b"garbage")
    monkeypatch.setenv("EVIDENCE_MODELS", str(tmp_path / "models"))
    res = CliRunner().invoke(main, ["add", str(BULLETIN), str(PAPER), "--db", str(tmp_path / "w.duckdb"),
                                    "--in-process", "--no-check", "--quiet"])
    assert res.exit_code == 1
    assert res.output.strip().splitlines() == [
        f"error: {tmp_path / 'models' / 'claims' / LINEAR_FILE}: the claims model cannot be read "
        "(BadZipFile: File is not a zip file) (hint: run 'evidence train claims')"]


def test_the_model_directory_is_found_next_to_the_package_when_installed(tmp_path):
    """A wheel puts extractor/ and models/ side by side in site-packages (pyproject's
    packages.find includes models*, package-data *.skops and *.npz): the default path follows."""
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    assert "models*" in cfg["packages"]["find"]["include"]
    assert {"*.skops", "*.npz", "*.json"} <= set(cfg["package-data"]["*"])
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert any(d.startswith("scikit-learn") for d in deps) and any(d.startswith("skops") for d in deps)
    site = tmp_path / "site"
    shutil.copytree(ROOT / "extractor", site / "extractor", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "models", site / "models")
    code = "import extractor.claims.model as m; print(m.DEFAULT_DIR); print(m.load().meta['name'])"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(site)},
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(site / "models" / "claims"), "claims-kind"]


# ------------------------------------------------------------------ extraction (pure)
def test_sentences_rejoin_a_paragraph_split_by_a_page_break_and_skip_references():
    first = _block("Governments, therefore, need to support such")
    second = Block(block_id="doc-p002-b001", doc_id="doc", page=2, seq=2, kind="paragraph",
                   text="activities, ideally through industrial associations. This is a second sentence here.",
                   bbox=(72.0, 80.0, 540.0, 120.0), section=("Policy Implications",), continues=first.block_id)
    refs = _block("Porter, M. 1990. The Competitive Advantage of Nations. New York: Free Press.", 3,
                  section=("References",))
    got = list(sentences([first, second, refs]))
    assert [s.text for s in got] == [
        "Governments, therefore, need to support such activities, ideally through industrial associations.",
        "This is a second sentence here.",
    ]
    assert got[0].block.block_id == first.block_id and got[1].block.block_id == second.block_id
    assert got[1].paragraph == (first.block_id, second.block_id)


def test_claims_from_real_sentences_with_kind_topics_hedge_and_provenance():
    blocks = [
        _block("Policy makers need to pay close attention to this area; otherwise, huge government-driven "
               "efforts might not yield the expected results.", 1),
        _block("In 2007, China's total utilized FDI was US$74.8 billion.", 2, section=("Contribution to FDI",)),
        _block("Companies in FTZs are eligible for tax refunds on exports, import duty exemption, and "
               "concessionary value-added tax.", 3, section=("The Establishment of SEZs",)),
    ]
    claims = extract_claims("doc", blocks)
    assert [(c.claim_id, c.kind) for c in claims] == [
        ("doc-p001-b001-s00", "recommendation"),
        ("doc-p001-b003-s00", "policy_description"),
    ]
    rec = claims[0]
    assert rec.hedge == "weak" and rec.page == 1 and rec.bbox == blocks[0].bbox
    assert rec.section == ("Policy Implications",) and rec.block_id == blocks[0].block_id
    assert 0 < rec.confidence <= 1 and rec.model_version
    assert "preferential_policies" in claims[1].topics


def test_evidence_is_the_facts_of_the_sentence_else_of_the_paragraph():
    from extractor.records import Fact

    text = ("The increase in exports was largely driven by round logs. Exports rose 76% to $320 million. "
            "The growth in imports was attributed to upturns in fuel and machinery equipment.")
    block = _block(text, 1, section=("Trade in goods",))
    fact = Fact(fact_id="doc-f00001", doc_id="doc", page=1, bbox=block.bbox, source="text",
                quote="Exports rose 76% to $320 million.", raw="76%", value=76.0, unit="percent",
                block_id=block.block_id)
    claims = {c.quote: c for c in extract_claims("doc", [block], [fact])}
    first = claims["The increase in exports was largely driven by round logs."]
    assert first.kind == "causal" and first.evidence == ("doc-f00001",) and first.evidence_how == "paragraph"


def test_no_body_text_no_claims():
    heading = _block("Governments should strengthen intellectual property rights protection", 1, kind="heading")
    assert extract_claims("doc", [heading]) == []
    assert extract_claims("doc", []) == []


# ------------------------------------------------------------------ grouping
def test_similar_claims_of_different_documents_are_grouped():
    texts = ["The increase in M1 resulted from growth in demand deposits and currency in circulation.",
             "The increase in M1 was due to the surge in currency in circulation and demand deposits.",
             "Clusters need skilled technical and managerial personnel.",
             "The increase in M1 resulted from growth in currency in circulation and demand deposits."]
    docs = ["a", "b", "c", "a"]
    pairs = similar_pairs(docs, texts)
    assert {(i, j) for i, j, _ in pairs} == {(0, 1), (1, 3)}  # never within one document
    rows = groups(["a1", "b1", "c1", "a2"], docs, pairs)
    assert [(r["claim_id"], r["claim_group"], r["n_docs"]) for r in rows] == [
        ("a1", "a1", 2), ("a2", "a1", 2), ("b1", "a1", 2)]


def test_claim_vectors_are_scikit_learns_tfidf():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from warehouse.claim_groups import tfidf

    texts = ["The increase in M1 resulted from growth in demand deposits and currency in circulation.",
             "Clusters need skilled technical and managerial personnel; clusters need land.",
             "", "2007 2008", "The the THE", "Zürich's cafés: naïve investors lost 3.6% of wealth",
             "Exports of goods rose, exports of services fell, and exports overall were flat."]
    want = TfidfVectorizer(stop_words="english", sublinear_tf=True,
                           token_pattern=r"(?u)\b[^\W\d_]{2,}\b").fit_transform(texts)
    got = tfidf(texts)
    assert got.shape == want.shape
    assert abs((got @ got.T).toarray() - (want @ want.T).toarray()).max() < 1e-12


# ------------------------------------------------------------------ the warehouse
def _doc_id(wh, name):
    return wh.con.execute("SELECT doc_id FROM documents WHERE file_name = ?", [name]).fetchall()[0][0]


def test_the_corpus_claims_are_stored_with_provenance(corpus_wh):
    rows = corpus_wh.rows("export_claims", {"doc_id": None})
    assert len(rows) > 300
    assert {r["kind"] for r in rows} == set(KINDS)
    blocks = {b: t for b, t in corpus_wh.con.execute("SELECT block_id, text FROM blocks").fetchall()}
    for r in rows:
        assert r["doc_id"].startswith(r["claim_id"][:12]) and len(r["bbox"]) == 4
        assert r["quote"].split()[0] in blocks[r["block_id"]]
    paper = _doc_id(corpus_wh, PAPER.name)
    sample = next(r for r in rows if r["quote"].startswith("Policy makers need to pay close attention"))
    assert sample["doc_id"] == paper and sample["kind"] == "recommendation" and sample["page"] == 30


def test_claims_of_the_two_bulletins_are_grouped(corpus_wh):
    rows = corpus_wh.con.execute(
        "SELECT g.claim_group, list(DISTINCT c.doc_id), list(c.quote ORDER BY c.claim_id) FROM claim_groups g "
        "JOIN claims c USING (claim_id) GROUP BY 1").fetchall()
    assert rows and all(len(docs) >= 2 for _, docs, _ in rows)
    assert any(any(q.startswith("The increase in M1") for q in quotes) for _, _, quotes in rows)


def test_bulletin_claims_cite_their_figures(corpus_wh):
    bulletin = _doc_id(corpus_wh, BULLETIN.name)
    row = corpus_wh.con.execute(
        "SELECT evidence, evidence_how FROM claims WHERE doc_id = ? AND quote LIKE 'This was driven by a 3% growth%'",
        [bulletin]).fetchall()
    assert row and row[0][1] == "sentence"
    raws = {r for (r,) in corpus_wh.con.execute("SELECT raw FROM facts WHERE list_contains(?, fact_id)",
                                                 [row[0][0]]).fetchall()}
    assert {"3%", "$4,585 million"} <= raws


def test_export_claims_as_jsonl_csv_and_parquet(corpus_db, tmp_path):
    path = str(corpus_db[0])
    runner = CliRunner()
    res = runner.invoke(main, ["export", "claims", "--format", "jsonl", "--db", path])
    assert res.exit_code == 0, res.output
    first = json.loads(res.output.splitlines()[0])
    assert {"claim_id", "kind", "topics", "hedge", "evidence", "claim_group", "bbox", "section"} <= set(first)
    res = runner.invoke(main, ["export", "claims", "--format", "csv", "--db", path])
    assert res.exit_code == 0 and res.output.startswith("claim_id,doc_id,page,bbox,quote")
    out = tmp_path / "claims.parquet"
    res = runner.invoke(main, ["export", "claims", "--format", "parquet", "--out", str(out), "--db", path])
    assert res.exit_code == 0 and out.stat().st_size > 0


def test_show_claim_prints_statement_provenance_evidence_and_sources(corpus_db, corpus_wh):
    claim_id = corpus_wh.con.execute(
        "SELECT claim_id FROM claims WHERE quote LIKE 'This was driven by a 3% growth%'").fetchall()[0][0]
    res = CliRunner().invoke(main, ["show", "claim", claim_id, "--db", str(corpus_db[0])])
    assert res.exit_code == 0, res.output
    out = res.output
    assert out.startswith(f"claim {claim_id} (causal)")
    for want in ("page:     1", "bbox:", "hedge:    none", "evidence (", "$4,585 million", "sources"):
        assert want in out


def test_show_claim_with_an_unknown_id_fails_with_one_line(corpus_db):
    res = CliRunner().invoke(main, ["show", "claim", "nosuchclaim", "--db", str(corpus_db[0])])
    assert res.exit_code == 1
    assert res.output.startswith("error:") and len(res.output.strip().splitlines()) == 1


def test_train_claims_writes_a_model_that_loads(tmp_path):
    lines = DEFAULT_ANNOTATIONS.read_text("utf-8").splitlines()
    small = tmp_path / "claims.jsonl"
    small.write_text("\n".join(lines[150:330]) + "\n", encoding="utf-8")  # a quick subset
    res = CliRunner().invoke(main, ["train", "claims", "--annotations", str(small), "--out", str(tmp_path / "m")])
    assert res.exit_code == 0, res.output
    assert "trained on 180 sentences" in res.output
    meta = json.loads((tmp_path / "m" / META_FILE).read_text("utf-8"))
    assert meta["training_data"]["examples"] == 180 and len(meta["training_data"]["sha256"]) == 64
    assert meta["sha256"] == file_hash(tmp_path / "m" / MODEL_FILE)
    assert meta["linear"]["sha256"] == file_hash(tmp_path / "m" / LINEAR_FILE)
    pipeline, linear = load_pipeline(tmp_path / "m").pipeline, load(tmp_path / "m")
    inputs = [e.input for e in read_annotations(small)] + HOSTILE
    assert np.abs(linear.decision_function(inputs) - pipeline.decision_function(inputs)).max() <= 1e-9
    assert linear.predict(["Governments should support skills training."])


def test_the_papers_claims_match_the_golden_file(corpus_wh):
    doc_id = _doc_id(corpus_wh, PAPER.name)
    cur = corpus_wh.con.execute("SELECT * FROM claims WHERE doc_id = ? ORDER BY claim_id", [doc_id])
    cols = [d[0] for d in cur.description]
    claims = [{k: v for k, v in zip(cols, row, strict=True) if k in FIELDS} for row in cur.fetchall()]
    text = json.dumps({"document": PAPER.name, "claims": claims}, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("REGEN_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))["claims"]
    assert [c["claim_id"] for c in claims] == [c["claim_id"] for c in want]
    for got, exp in zip(claims, want, strict=True):
        assert got == exp, (got["claim_id"], {k: (got[k], exp[k]) for k in FIELDS if got[k] != exp[k]})


def test_no_corpus_names_in_the_claims_code():
    for path in [*(ROOT / "extractor" / "claims").glob("*.*"), ROOT / "warehouse" / "claim_groups.py"]:
        text = path.read_text("utf-8").lower()
        for word in ("zeng", "shenzhen", "wps5583", "table 1."):
            assert word not in text, (path.name, word)
