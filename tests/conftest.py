"""Shared fixtures: warehouses (in memory and on disk), the corpus, generated PDFs."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from warehouse import Warehouse
from warehouse.ingest import IngestReport, ingest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PAPER = CORPUS / "zeng-2011-sez-clusters-wps5583.pdf"
BULLETIN = CORPUS / "cbsi-meb-2022-11.pdf"


@pytest.fixture
def memory_wh() -> Iterator[Warehouse]:
    with Warehouse.open(":memory:") as wh:
        yield wh


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "evidence.duckdb"


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, IngestReport]:
    """The whole corpus ingested once into a warehouse file shared by the read-only tests."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    report = ingest([CORPUS / "manifest.csv"], path)
    return path, report


@pytest.fixture
def corpus_wh(corpus_db: tuple[Path, IngestReport]) -> Iterator[Warehouse]:
    with Warehouse.open(corpus_db[0], read_only=True) as wh:
        yield wh
