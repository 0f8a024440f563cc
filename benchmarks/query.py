"""Query speed: the library calls behind `evidence query`, `search`, `series` and `sql`, and
the web app's JSON API (through FastAPI's test client: each request opens its own sandboxed
connection), on the corpus warehouse and on a warehouse scaled to about a million facts;
and how long the app takes to answer "busy" while another process writes the warehouse.

    python benchmarks/query.py                      # builds both warehouses in a temp folder
    python benchmarks/query.py --work /tmp/qbench   # keeps them there for the next run

The scaled warehouse is the corpus warehouse with every document replicated under new
ids (all content tables: pages, blocks, tables, cells, facts, claims, citations, the search
index), until it holds --facts facts. Targets: under 100 ms on the corpus, under 1 s on
the scaled warehouse, under 100 ms for the busy answer. Prints a markdown table (median of
--repeat runs after one warm-up; the API's first request of each kind renders nothing but
opens the file, so it is in the median like the others).
"""
from __future__ import annotations

import argparse
import hashlib
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from warehouse import Warehouse  # noqa: E402
from warehouse.checks import run_checks  # noqa: E402
from warehouse.facts_query import FactFilter, find_facts  # noqa: E402
from warehouse.ingest import ingest  # noqa: E402
from warehouse.readonly import open_sandboxed, run_query  # noqa: E402
from warehouse.search import search  # noqa: E402
from warehouse.series import build as build_series  # noqa: E402

#: Tables replicated per document, parents first; each has a doc_id column.
REPLICATED = ("documents", "pages", "blocks", "tables", "table_cells", "facts", "claims", "references",
              "citations", "cite_links", "search_items", "search_postings")

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


# ---------------------------------------------------------------------------- warehouses
def build_corpus(path: Path) -> None:
    report = ingest([ROOT / "corpus" / "manifest.csv"], path)
    if report.failed:
        raise SystemExit(f"corpus ingest failed: {report.failed}")
    with Warehouse.open(path) as wh:
        run_checks(wh)


def build_scaled(corpus: Path, path: Path, facts: int) -> None:
    """Copy ``corpus`` and replicate its documents under new ids until ``facts`` facts."""
    tmp = path.with_name(path.name + ".tmp")
    shutil.copyfile(corpus, tmp)
    con = duckdb.connect(str(tmp))
    n = con.execute("SELECT count(*) FROM facts").fetchall()[0][0]
    copies = math.ceil(facts / n)
    docs = [r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()]
    mapping = []
    for k in range(1, copies):
        for d in docs:
            new12 = hashlib.sha256(f"{d}:{k}".encode()).hexdigest()[:12]
            mapping.append((d, d[:12], new12, k))
    con.execute("CREATE TEMP TABLE m (old_doc VARCHAR, old12 VARCHAR, new12 VARCHAR, k INTEGER)")
    con.executemany("INSERT INTO m VALUES (?, ?, ?, ?)", mapping)
    for table in REPLICATED:
        cols = con.execute("SELECT column_name, data_type FROM information_schema.columns "
                           "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()
        exprs = []
        for name, kind in cols:
            col = f't."{name}"'
            if table == "documents" and name == "title":
                expr = f"{col} || ' (copy ' || m.k || ')'"
            elif kind == "VARCHAR":  # ids start with the document's 12-digit prefix
                expr = f"replace({col}, m.old12, m.new12)"
            elif kind == "VARCHAR[]":
                expr = f"list_transform({col}, lambda x: replace(x, m.old12, m.new12))"
            else:
                expr = col
            exprs.append(f'{expr} AS "{name}"')
        t0 = time.perf_counter()
        con.execute(f'INSERT INTO "{table}" SELECT {", ".join(exprs)} FROM "{table}" t JOIN m ON t.doc_id = m.old_doc')
        print(f"  {table}: {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    con.execute("CHECKPOINT")
    con.close()
    tmp.replace(path)
    # the copies show the pages of the PDFs they were copied from
    kept, copies_dir = corpus.with_name(corpus.name + ".files"), path.with_name(path.name + ".files")
    copies_dir.mkdir(exist_ok=True)
    for old_doc, _old12, new12, _ in mapping:
        source, target = kept / f"{old_doc}.pdf", copies_dir / f"{new12}{old_doc[12:]}.pdf"
        if source.exists() and not target.exists():
            os.link(source, target)
    for pdf in kept.glob("*.pdf"):
        if not (copies_dir / pdf.name).exists():
            os.link(pdf, copies_dir / pdf.name)


# ---------------------------------------------------------------------------- timing
def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median milliseconds of ``repeat`` runs after one warm-up (NaN if it fails)."""
    try:
        fn()
    except Exception as exc:  # a timeout or an error: reported in the table, not hidden
        print(f"  failed: {exc}", file=sys.stderr)
        return float("nan")
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs)


def library_cases(wh: Warehouse, con: duckdb.DuckDBPyConnection) -> dict[str, Callable[[], Any]]:
    return {
        "query --indicator FDI --entity 'Shenzhen SEZ'": lambda: find_facts(
            wh, FactFilter(entity="Shenzhen SEZ", indicator="FDI")),
        "query --indicator exports --period 2000-2010 --unit USD": lambda: find_facts(
            wh, FactFilter(indicator="exports", period="2000-2010", unit="USD")),
        "query --min 1e9 --source text (limit 1000)": lambda: find_facts(wh, FactFilter(min=1e9, source="text")),
        "search 'foreign direct investment in the zones'": lambda: search(
            wh, "foreign direct investment in the zones"),
        "series --entity China --indicator FDI": lambda: build_series(wh, "China", "FDI"),
        "sql 'SELECT indicator, count(*) ... GROUP BY 1'": lambda: run_query(
            con, "SELECT indicator, count(*) AS n FROM facts GROUP BY 1 ORDER BY n DESC"),
    }


def api_cases(db: Path) -> tuple[Any, dict[str, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from warehouse.web import create_app

    client = TestClient(create_app(db))
    with Warehouse.open(db, read_only=True) as wh:
        fact = wh.con.execute("SELECT fact_id, doc_id, page FROM facts WHERE source = 'table' "
                              "ORDER BY fact_id LIMIT 1").fetchall()[0]
        flag = wh.con.execute("SELECT flag_id FROM flags ORDER BY flag_id LIMIT 1").fetchall()
    urls = {
        "GET /api/search?q=foreign direct investment": "/api/search?q=foreign+direct+investment",
        "GET /api/facts?indicator=FDI&entity=China": "/api/facts?indicator=FDI&entity=China",
        "GET /api/facts?sort=value&order=desc (limit 200)": "/api/facts?sort=value&order=desc",
        "GET /api/facts/{id}": f"/api/facts/{fact[0]}",
        "GET /api/claims?kind=recommendation": "/api/claims?kind=recommendation",
        "GET /api/flags": "/api/flags",
        "GET /api/documents/{id}/pages/{n}": f"/api/documents/{fact[1]}/pages/{fact[2]}",
        "GET /api/documents/{id}/pages/{n}.png (cached)": f"/api/documents/{fact[1]}/pages/{fact[2]}.png",
        "GET /api/series?entity=China&indicator=FDI": "/api/series?entity=China&indicator=FDI",
    }
    if flag:
        urls["GET /api/flags/{id}"] = f"/api/flags/{flag[0][0]}"
    return client, urls


def measure(db: Path, repeat: int) -> dict[str, float]:
    out: dict[str, float] = {}
    # the library calls on one sandboxed read-only connection, as `evidence sql` and the app use
    con = open_sandboxed(db)
    try:
        wh = Warehouse(con, str(db), read_only=True)
        for name, fn in library_cases(wh, con).items():
            out[name] = timed(fn, repeat)
    finally:
        con.close()
    client, urls = api_cases(db)

    def get(url: str) -> None:
        r = client.get(url)
        if r.status_code != 200:
            raise RuntimeError(f"{url}: {r.status_code} {r.text[:200]}")

    for name, url in urls.items():
        out[name] = timed(lambda url=url: get(url), repeat)  # type: ignore[misc]
    return out


def measure_busy(db: Path, repeat: int) -> dict[str, float]:
    """Milliseconds to the 503 "busy" answer while another process holds the warehouse."""
    client, _ = api_cases(db)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), "60"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"

        def busy(method: str, url: str) -> None:
            r = client.post(url, json={"status": "confirmed"}) if method == "POST" else client.get(url)
            if r.status_code != 503:
                raise RuntimeError(f"{url}: expected 503, got {r.status_code}")

        def sql_busy() -> None:
            try:
                open_sandboxed(db).close()
            except Exception as exc:  # WarehouseBusy
                if "busy" not in str(exc):
                    raise
            else:
                raise RuntimeError("evidence sql opened a held warehouse")

        return {
            "busy: GET /api/facts (a writer holds the file)": timed(lambda: busy("GET", "/api/facts"), repeat),
            "busy: GET /facts page": timed(lambda: busy("GET", "/facts"), repeat),
            "busy: POST /api/flags/{id}/review": timed(lambda: busy("POST", "/api/flags/x/review"), repeat),
            "busy: evidence sql (open_sandboxed)": timed(sql_busy, repeat),
        }
    finally:
        holder.kill()
        holder.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, help="folder for the two warehouses (kept; reused if present)")
    ap.add_argument("--facts", type=int, default=1_000_000, help="facts in the scaled warehouse")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="qbench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus, scaled = work / "corpus.duckdb", work / f"scaled-{args.facts}.duckdb"
    if not corpus.exists():
        print("building the corpus warehouse ...", file=sys.stderr)
        build_corpus(corpus)
    if not scaled.exists():
        print(f"building the scaled warehouse ({args.facts:,} facts) ...", file=sys.stderr)
        t0 = time.perf_counter()
        build_scaled(corpus, scaled, args.facts)
        print(f"  built in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    counts = {}
    for db in (corpus, scaled):
        con = duckdb.connect(str(db), read_only=True)
        counts[db] = con.execute("SELECT count(*) FROM facts").fetchall()[0][0]
        con.close()
    small, big = measure(corpus, args.repeat), measure(scaled, args.repeat)
    busy = measure_busy(corpus, args.repeat)
    print(f"| query | corpus ({counts[corpus]:,} facts) ms | scaled ({counts[scaled]:,} facts) ms |")
    print("|---|---:|---:|")
    for name in small:
        print(f"| `{name}` | {_cell(small[name], 100)} | {_cell(big.get(name, float('nan')), 1000)} |")
    print()
    print("| busy answer (another process holds the warehouse) | ms |")
    print("|---|---:|")
    for name, ms in busy.items():
        print(f"| {name.removeprefix('busy: ')} | {_cell(ms, 100)} |")
    load = os.getloadavg()[0]
    print(f"\n{os.cpu_count()} cores, load average {load:.1f} while measuring; warehouses in {work}")


def _cell(ms: float, target: float) -> str:
    if math.isnan(ms):
        return "failed ⚠"
    return f"{ms:.1f}" + (" ⚠" if ms > target else "")


if __name__ == "__main__":
    main()
