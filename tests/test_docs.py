"""The README's promises: two quick-start commands, the second run by CI."""
from __future__ import annotations

import re

from .conftest import ROOT


def quick_start() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "Quick start has no sh code block"
    return [ln for ln in block.group(1).splitlines() if ln.strip()]


def test_quick_start_has_exactly_two_commands():
    commands = quick_start()
    assert len(commands) == 2
    assert "evidence add corpus/manifest.csv" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start()[1] in ci


def test_every_manifest_file_is_in_the_corpus():
    import csv

    with open(ROOT / "corpus" / "manifest.csv", newline="", encoding="utf-8") as f:
        names = [row["file"] for row in csv.DictReader(f)]
    assert names and all((ROOT / "corpus" / n).is_file() for n in names)


def test_benchmark_tables_are_filled_in():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "BENCHMARK_" not in text
