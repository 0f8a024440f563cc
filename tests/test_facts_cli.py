"""Facts through the command line: export and the quantity tool."""
from __future__ import annotations

import json

from click.testing import CliRunner

from warehouse.cli import main


def test_export_facts_as_json_lines(corpus_db):
    path, _ = corpus_db
    result = CliRunner().invoke(main, ["export", "facts", "--db", str(path)])
    assert result.exit_code == 0, result.output
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    assert {f["source"] for f in facts} == {"text", "table"}
    for f in facts:
        assert f["doc_id"] and f["page"] >= 1 and len(f["bbox"]) == 4 and f["quote"] and f["raw"]
    gdp = [f for f in facts if f["source"] == "table" and f["raw"] == "9,101"]
    assert [(f["value"], f["unit"], f["indicator"]) for f in gdp] == [(910100000000.0, "CNY", "GDP")]


def test_quantities_reads_text_or_stdin():
    runner = CliRunner()
    one = runner.invoke(main, ["quantities", "Exports rose 21.5 percent to US$1.2 billion in 2007."])
    assert one.exit_code == 0, one.output
    line = json.loads(one.stdout)
    assert line["line"] == 0
    got = [(q["raw"], q["value"], q["unit"]) for q in line["quantities"]]
    assert ("21.5 percent", 21.5, "percent") in got and ("US$1.2 billion", 1.2e9, "USD") in got
    many = runner.invoke(main, ["quantities", "-", "--currency", "SBD"],
                         input="Reserves rose to $5,289 million.\nNo figures here.\n")
    rows = [json.loads(x) for x in many.stdout.splitlines()]
    assert [r["line"] for r in rows] == [0, 1] and rows[1]["quantities"] == []
    assert [(q["value"], q["unit"]) for q in rows[0]["quantities"]] == [(5289000000.0, "SBD")]
