"""Consistency checks: the corpus's known inconsistencies, flags that stay put, reviews
that survive, the CLI, and a small run of the mutation benchmark (real PDFs)."""
from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from warehouse import Warehouse
from warehouse.checks import checks, review, run_checks
from warehouse.checks.registry import SEVERITIES
from warehouse.cli import main
from warehouse.ingest import ingest

from .conftest import CORPUS, PAPER, ROOT


def _benchmark():
    spec = importlib.util.spec_from_file_location("bench_checks", ROOT / "benchmarks" / "checks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_checks"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def checked(corpus_db, tmp_path_factory) -> Path:
    """A copy of the corpus warehouse, checked once."""
    path = tmp_path_factory.mktemp("checked") / "corpus.duckdb"
    shutil.copy(corpus_db[0], path)
    with Warehouse.open(path) as wh:
        run_checks(wh)
    return path


def _flags(path: Path) -> list[dict]:
    with Warehouse.open(path, read_only=True) as wh:
        return wh.rows("flag_list", {"doc_id": None})


def _found(flag: dict) -> str:
    return next(x["raw"] for x in flag["facts"] if x["role"] == "found")


# ---------------------------------------------------------------------------- declarations
def test_every_check_is_declared_with_a_name_family_severity_and_description():
    declared = checks()
    assert len(declared) >= 10
    for c in declared:
        assert c.name and c.family and c.description and c.severity in SEVERITIES
        assert c.runner() is not None
        if c.sql:
            assert "$doc_id" in c.sql_text()
    families = {c.family for c in declared}
    assert families >= {"table totals", "table shares and ratios", "text against table",
                        "arithmetic stated in text", "across documents", "scale and unit sanity"}


# ---------------------------------------------------------------------------- the corpus
def test_the_papers_three_inconsistencies_are_found(checked):
    flags = _flags(checked)
    paper = [f for f in flags if f["doc_id"].startswith(_doc_id(PAPER)[:12])]
    # inside a table: Table 1.6's firm average of employees, 53,859 / 1,590 = 33.87, printed 32.28
    inside = [f for f in paper if f["check_name"] == "table_averages" and f["severity"] == "error"]
    assert [_found(f) for f in inside] == ["32.28"]
    # between tables: Table 1.3's SEZ exports and FDI against the sum of Table 1.4's five zones
    between = sorted(_found(f) for f in paper if f["check_name"] == "table_group_sums")
    assert between == ["1,686", "55"]
    assert all("Table 1.4" in f["message"] and "Table 1.3" in f["message"] for f in paper
               if f["check_name"] == "table_group_sums")


def test_the_whole_corpus_raises_only_a_handful_of_other_flags(checked):
    flags = _flags(checked)
    assert len(flags) <= 15
    # every flag says what it compared and shows where each figure is printed
    for f in flags:
        assert f["message"] and f["facts"] and f["status"] == "open"
        assert all(x["page"] >= 1 and len(x["bbox"]) == 4 and x["quote"] for x in f["facts"])
        assert f["abs_diff"] > 0


def test_flag_ids_are_stable_across_runs(checked):
    before = {f["flag_id"] for f in _flags(checked)}
    with Warehouse.open(checked) as wh:
        again = {f["flag_id"] for f in run_checks(wh).flags}
    assert again == before


def test_reviews_survive_rechecking_and_reingestion(corpus_db, tmp_path):
    path = tmp_path / "c.duckdb"
    shutil.copy(corpus_db[0], path)
    table_doc = CORPUS / "us-statistical-abstract-2012-table324.pdf"
    with Warehouse.open(path) as wh:
        flag = next(f for f in run_checks(wh).flags if f["doc_id"] == _doc_id(table_doc))
        reviewed = review(wh, flag["flag_id"][:8], "dismissed", "typo in the source, known")
        assert reviewed["status"] == "dismissed" and reviewed["note"] == "typo in the source, known"
    ingest([table_doc], path, force=True, limits=None)
    with Warehouse.open(path) as wh:
        again = {f["flag_id"]: f for f in run_checks(wh).flags}
    assert again[flag["flag_id"]]["status"] == "dismissed"
    assert again[flag["flag_id"]]["reviewed_at"] is not None


def test_check_one_document_replaces_only_its_flags(checked, tmp_path):
    path = tmp_path / "c.duckdb"
    shutil.copy(checked, path)
    before = _flags(path)
    doc = _doc_id(PAPER)
    with Warehouse.open(path) as wh:
        report = run_checks(wh, doc[:10])
    assert report.flags and all(doc in f["doc_ids"] for f in report.flags)
    assert sorted(f["flag_id"] for f in _flags(path)) == sorted(f["flag_id"] for f in before)


# ---------------------------------------------------------------------------- the command
def test_check_prints_a_summary_and_fail_on_sets_the_exit_status(checked, tmp_path):
    path = tmp_path / "c.duckdb"
    shutil.copy(checked, path)
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--db", str(path), "--fail-on", "error"])
    assert result.exit_code == 1, result.output
    assert "table_group_sums" in result.stdout and "checks:" in result.stdout
    assert "components" in result.stdout  # the arithmetic, in words
    result = runner.invoke(main, ["check", "--db", str(path), "--format", "jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and {"flag_id", "check_name", "severity", "message", "expected", "found", "facts"} <= set(rows[0])
    # dismiss every error: --fail-on error passes
    for r in rows:
        if r["severity"] == "error":
            ok = runner.invoke(main, ["review", r["flag_id"], "--dismiss", "--note", "checked", "--db", str(path)])
            assert ok.exit_code == 0 and "[dismissed]" in ok.stdout
    assert runner.invoke(main, ["check", "--db", str(path), "--fail-on", "error"]).exit_code == 0
    assert runner.invoke(main, ["check", "--db", str(path), "--fail-on", "warning"]).exit_code == 1
    exported = runner.invoke(main, ["export", "flags", "--db", str(path), "--format", "jsonl"])
    assert exported.exit_code == 0 and '"dismissed"' in exported.stdout


def test_review_of_an_unknown_flag_is_one_line_with_a_hint(checked, tmp_path):
    path = tmp_path / "c.duckdb"
    shutil.copy(checked, path)
    result = CliRunner().invoke(main, ["review", "nope", "--confirm", "--db", str(path)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: flag 'nope' not found (hint: list ids with 'evidence docs' or 'evidence export')"]
    result = CliRunner().invoke(main, ["review", "nope", "--db", str(path)])
    assert result.exit_code == 2 and "--confirm or --dismiss" in result.output


def test_add_runs_the_checks_unless_told_not_to(tmp_path):
    bench = _benchmark()
    pdf = tmp_path / "bulletin.pdf"
    pdf.write_bytes(bench.render(bench._bulletin(__import__("random").Random(1), "text")))
    db = tmp_path / "w.duckdb"
    runner = CliRunner()
    loud = runner.invoke(main, ["add", str(pdf), "--db", str(db), "-q", "--in-process"])
    assert loud.exit_code == 0 and "checks: 2 flags (2 errors" in loud.stderr, loud.stderr
    quiet = runner.invoke(main, ["add", str(pdf), "--db", str(db), "-q", "--no-check"])
    assert quiet.exit_code == 0 and "checks:" not in quiet.stderr


# ---------------------------------------------------------------------------- mutations
def test_a_small_mutation_set_is_caught_without_false_flags(tmp_path):
    bench = _benchmark()
    outcomes = [bench.run_case(case, tmp_path / f"case{i}") for i, case in enumerate(bench.cases(1, seed=11))]
    missed = [o.kind for o in outcomes if not o.caught]
    false = [x for o in outcomes for x in o.clean_flags]
    assert not missed and not false, (missed, false)
    assert {o.kind for o in outcomes} >= {"total", "share", "text", "change", "multiplier", "cross"}


def test_different_periods_and_entities_are_never_compared(tmp_path):
    """The same indicator for another month, or another publisher's table about another
    country, raises nothing even when the figures differ."""
    bench = _benchmark()
    import random

    a = bench._bulletin(random.Random(5), None)
    b = bench._copy_with_change(a, random.Random(9), publisher="Statistics Office", kind="Release")
    b.country = "Fiji"
    flags = bench._check([a, b], tmp_path / "x")
    assert [f for f in flags if f["check_name"] in ("cross_document", "revisions")] == []


def _doc_id(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_arithmetic_stated_in_text(tmp_path):
    """Shares, sums and growth rates stated in sentences: right ones pass, wrong ones flag."""
    bench = _benchmark()
    doc = bench.Doc("Zone Report", [
        "In 2006, the zones exported US$120 million, accounting for 30 percent of the national total of "
        "US$400 million.",
        "In 2006, the zones exported US$120 million, accounting for 40 percent of the national total of "
        "US$400 million.",
        "Debt servicing totaled $27 million in December 2022, of which $23 million was on principal repayments "
        "and $4 million on interest payments.",
        "Debt servicing totaled $29 million in November 2022, of which $21 million was on principal repayments "
        "and $3 million on interest payments.",
        "Exports of the zone grew from US$100 million in 2000 to US$200 million in 2005.",
        "Between 2000 and 2005, exports of the zone grew at an average annual rate of 14.9 percent.",
        "Between 2000 and 2005, exports grew at an average annual rate of 19.5 percent, the office said.",
    ], country="Testland")
    flags = bench._check([doc], tmp_path / "t")
    found = sorted((f["check_name"], _found(f)) for f in flags)
    assert found == [("text_growth_rates", "19.5 percent"), ("text_shares", "40 percent"),
                     ("text_sums", "$29 million")], [f["message"] for f in flags]
