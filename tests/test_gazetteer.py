"""The city gazetteer is built from GeoNames tables, and the shipped file is that build."""
from __future__ import annotations

import json
from pathlib import Path

from extractor.facts import gazetteer


def test_build_keeps_large_cities_and_capitals_and_leaves_out_common_words(tmp_path: Path) -> None:
    cities = {
        "1": {"name": "Lyon", "population": 522_000},
        "2": {"name": "Mobile", "population": 187_000},  # also an English word
        "3": {"name": "Smalltown", "population": 20_000},
        "4": {"name": "Honiara", "population": 56_000},  # small, but a capital
        "5": {"name": "Rio de Janeiro", "population": 6_000_000},
    }
    countries = {"SB": {"name": "Solomon Islands", "capital": "Honiara"}, "XX": {"name": "Nowhere", "capital": ""}}
    (tmp_path / "cities.json").write_text(json.dumps(cities), encoding="utf-8")
    (tmp_path / "countries.json").write_text(json.dumps(countries), encoding="utf-8")
    rows = gazetteer.build(tmp_path / "cities.json", tmp_path / "countries.json", 100_000)
    assert [r["pattern"] for r in rows] == ["Honiara", "Lyon", "Rio de Janeiro"]
    assert {r["label"] for r in rows} == {"GPE"}
    out = tmp_path / "places.jsonl"
    gazetteer.main(["--cities", str(tmp_path / "cities.json"), "--countries", str(tmp_path / "countries.json"),
                    "--out", str(out)])
    assert [json.loads(line)["pattern"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        "Honiara", "Lyon", "Rio de Janeiro"]


def test_the_shipped_gazetteer_is_a_geonames_build() -> None:
    rows = [json.loads(line) for line in gazetteer.OUT.read_text(encoding="utf-8").splitlines()]
    names = {r["pattern"] for r in rows}
    assert len(names) > 5000 and {"Shenzhen", "Lyon", "Honiara", "Nairobi"} <= names
    assert not names & gazetteer.COMMON_WORDS
    assert names == {r["id"] for r in rows}
