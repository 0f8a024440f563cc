"""The code base passes the linter and the type checker configured in pyproject.toml."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT


def tool(name: str) -> str:
    # next to this Python first (a virtualenv that is not activated), then on PATH
    found = shutil.which(name, path=os.path.dirname(sys.executable)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]')")
    return found


def test_ruff_is_clean():
    result = subprocess.run(
        [tool("ruff"), "check", "extractor", "warehouse", "tests", "benchmarks"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_mypy_is_clean():
    result = subprocess.run(
        [tool("mypy"), "extractor", "warehouse"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
