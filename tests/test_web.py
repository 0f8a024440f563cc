"""``evidence serve``: the web app's pages and JSON API, through FastAPI's test client.

One generated report (tests/e2e/sample.py) with HTML in its text and a table whose total
is wrong (so a check flags it) is ingested once; tests that change the warehouse or its
files work on a copy.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from PIL import Image

from warehouse import files
from warehouse.cli import main
from warehouse.ingest import ingest
from warehouse.web import create_app
from warehouse.web.app import LOOPBACK_HOSTS

from .e2e.sample import build
from .test_warehouse import _hold_lock

BUSY = "the warehouse is busy being updated, try again"


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(web_db: Path) -> TestClient:
    return TestClient(create_app(web_db))


@pytest.fixture(scope="module")
def ids(client: TestClient) -> dict[str, str]:
    doc = client.get("/api/documents").json()["documents"][0]
    flag = client.get("/api/flags").json()["flags"][0]
    total = client.get("/api/facts", params={"source": "table", "period": "2007", "sort": "value",
                                             "order": "desc"}).json()["facts"][0]
    return {"doc": doc["doc_id"], "flag": flag["flag_id"], "fact": total["fact_id"]}


def _copy(web_db: Path, folder: Path, *, with_files: bool) -> Path:
    target = folder / "copy.duckdb"
    shutil.copyfile(web_db, target)
    if with_files:
        shutil.copytree(files.files_dir(web_db), files.files_dir(target))
    return target


# ---------------------------------------------------------------------------- pages and API
def test_every_page_renders(client, ids):
    pages = ["/", "/search?q=exports+zones", "/facts", "/facts?indicator=exports&sort=value&order=desc",
             f"/facts/{ids['fact']}", "/claims", "/flags", f"/flags/{ids['flag']}", "/documents",
             f"/documents/{ids['doc']}", f"/documents/{ids['doc']}/pages/1",
             f"/documents/{ids['doc']}/pages/1?hl=72,80,300,100", "/series?entity=North&indicator=exports",
             "/sql?q=SELECT+count(*)+AS+n+FROM+facts", "/docs"]
    for url in pages:
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[:500])
        assert r.headers["content-type"].startswith("text/html"), url


def test_search_ranks_and_marks_the_words(client):
    hits = client.get("/api/search", params={"q": "foreign direct investment"}).json()["hits"]
    assert hits[0]["kind"] == "block" and hits[0]["page"] == 2
    assert "«Foreign» «direct» «investment»" in hits[0]["snippet"]
    assert "/pages/2?hl=" in hits[0]["url"] and hits[0]["url"].endswith(f"#{hits[0]['item_id']}")
    facts = client.get("/api/search", params={"q": "exports 2008", "kind": "fact"}).json()["hits"]
    assert facts and {h["kind"] for h in facts} == {"fact"}
    page = client.get("/search", params={"q": "foreign direct investment"}).text
    assert "<mark>Foreign</mark> <mark>direct</mark> <mark>investment</mark>" in page


def test_facts_filter_and_sort_like_evidence_query(client):
    rows = client.get("/api/facts", params={"indicator": "exports", "period": "2007", "source": "table"}).json()
    assert sorted(f["raw"] for f in rows["facts"]) == ["1,200", "2,500", "980"]
    by_value = client.get("/api/facts", params={"sort": "value", "order": "desc", "limit": 2}).json()
    assert [f["raw"] for f in by_value["facts"]] == ["2,500", "US$2.4 billion"] and by_value["truncated"]
    assert client.get("/api/facts", params={"min": 2e9, "unit": "USD"}).json()["facts"]
    bad = client.get("/api/facts", params={"period": "last year"})
    assert bad.status_code == 400 and bad.json()["error"] == "bad_request"
    assert client.get("/api/facts", params={"sort": "nonsense"}).status_code == 422


def test_the_api_finds_what_evidence_query_finds(client, web_db):
    from warehouse import Warehouse
    from warehouse.facts_query import FactFilter, find_facts

    with Warehouse.open(web_db, read_only=True) as wh:
        expected = [r["fact_id"] for r in find_facts(wh, FactFilter(indicator="exports", entity="North"))]
    got = client.get("/api/facts", params={"indicator": "exports", "entity": "North"}).json()["facts"]
    assert [f["fact_id"] for f in got] == expected and len(expected) == 2


def test_a_fact_comes_with_its_highlight_and_flags(client, ids):
    fact = client.get(f"/api/facts/{ids['fact']}").json()
    assert fact["raw"] == "2,500"
    hl = fact["highlight"]
    assert hl["image"] == f"/api/documents/{ids['doc']}/pages/1.png" and hl["page"] == 1
    assert 0 < hl["percent"]["left"] < 100 and 0 < hl["percent"]["width"] < 100
    assert [f["flag_id"] for f in fact["flags"]] == [ids["flag"]]
    page = client.get(f"/facts/{ids['fact']}").text
    assert 'data-testid="highlight"' in page and hl["image"] in page


def test_a_text_fact_is_found_word_by_word_in_its_block(client):
    fact = client.get("/api/facts", params={"source": "text", "period": "2008"}).json()["facts"][0]
    assert fact["raw"] == "US$2.4 billion"
    boxes = client.get(f"/api/facts/{fact['fact_id']}").json()["highlight"]["boxes"]
    assert [b["role"] for b in boxes] == ["context", "found"]
    block, words = boxes[0]["bbox"], boxes[1]["bbox"]
    assert block[0] <= words[0] < words[2] <= block[2] + 1 and words[2] - words[0] < (block[2] - block[0]) / 3


def test_documents_pages_and_tables(client, ids):
    doc = client.get(f"/api/documents/{ids['doc']}").json()
    assert [p["page"] for p in doc["pages"]] == [1, 2] and doc["tables"][0]["label"] == "Table 1"
    page = client.get(f"/api/documents/{ids['doc']}/pages/1").json()
    assert len(page["facts"]) == 8 and page["tables"][0]["cells"]
    html = client.get(f"/documents/{ids['doc']}/pages/1").text
    assert "<td>2,500</td>" in html  # the table as a grid
    assert client.get(f"/api/tables/{page['tables'][0]['table_id']}").status_code == 200


def test_series_json_and_chart(client):
    s = client.get("/api/series", params={"entity": "North", "indicator": "exports"}).json()
    assert s["periods"] == ["2007", "2008"]
    png = client.get("/api/series.png", params={"entity": "North", "indicator": "exports"})
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    none = client.get("/api/series.png", params={"entity": "Atlantis", "indicator": "exports"})
    assert none.status_code == 404


def test_openapi_documents_every_api_route(client):
    spec = client.get("/openapi.json").json()
    api_routes = {r.path for r in client.app.routes if getattr(r, "path", "").startswith("/api/")}
    assert api_routes <= set(spec["paths"])
    assert "/api/flags/{flag_id}/review" in spec["paths"]


def test_sql_is_one_sandboxed_select(client):
    ok = client.get("/api/sql", params={"q": "SELECT count(*) AS n FROM facts"}).json()
    assert ok["columns"] == ["n"] and ok["rows"] == [[8]]
    for probe in ["SELECT * FROM read_csv('/etc/passwd')", "COPY facts TO '/tmp/evidence-leak.csv'",
                  "DELETE FROM facts", "ATTACH ':memory:' AS x"]:
        r = client.get("/api/sql", params={"q": probe})
        assert r.status_code == 400 and r.json()["error"] == "refused", probe
    assert not Path("/tmp/evidence-leak.csv").exists()
    page = client.get("/sql", params={"q": "DROP TABLE facts"})
    assert page.status_code == 200 and "query refused" in page.text


def test_unknown_ids_are_404_pages_and_json(client):
    assert client.get("/api/facts/nope").json()["error"] == "not_found"
    r = client.get("/facts/nope")
    assert r.status_code == 404 and "fact &#39;nope&#39; not found" in r.text
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/api/no/such").json()["error"] == "not_found"


# ---------------------------------------------------------------------------- reviews
def test_dismissing_a_flag_records_status_and_note(web_db, tmp_path):
    db = _copy(web_db, tmp_path, with_files=False)
    client = TestClient(create_app(db))
    flag_id = client.get("/api/flags").json()["flags"][0]["flag_id"]
    r = client.post(f"/api/flags/{flag_id}/review", json={"status": "dismissed", "note": "a typo <i>fixed</i>"})
    assert r.status_code == 200 and r.json()["status"] == "dismissed"
    again = client.get(f"/api/flags/{flag_id}").json()
    assert again["status"] == "dismissed" and again["note"] == "a typo <i>fixed</i>"
    assert client.get("/api/flags", params={"status": "open"}).json()["flags"] == []
    page = client.get("/flags").text
    assert "a typo &lt;i&gt;fixed&lt;/i&gt;" in page and "<i>fixed</i>" not in page
    # bad reviews: an unknown status, a form or text body (what a cross-site form can send),
    # another site's page, an unknown flag
    assert client.post(f"/api/flags/{flag_id}/review", json={"status": "deleted"}).status_code == 422
    text_body = client.post(f"/api/flags/{flag_id}/review", content='{"status": "confirmed"}',
                            headers={"content-type": "text/plain"})
    assert text_body.status_code == 422
    other_site = client.post(f"/api/flags/{flag_id}/review", json={"status": "confirmed"},
                             headers={"origin": "http://evil.example"})
    assert other_site.status_code == 403
    assert client.post("/api/flags/ffffffff/review", json={"status": "confirmed"}).status_code == 404
    assert client.get(f"/api/flags/{flag_id}").json()["status"] == "dismissed"


def test_reviews_and_reads_at_once_never_fail(web_db, tmp_path):
    db = _copy(web_db, tmp_path, with_files=False)
    client = TestClient(create_app(db))
    flag_id = client.get("/api/flags").json()["flags"][0]["flag_id"]
    codes: list[int] = []

    def read() -> None:
        for _ in range(5):
            codes.append(client.get("/api/facts").status_code)

    def write() -> None:
        for status in ("confirmed", "dismissed", "confirmed"):
            codes.append(client.post(f"/api/flags/{flag_id}/review", json={"status": status}).status_code)

    threads = [threading.Thread(target=read) for _ in range(4)] + [threading.Thread(target=write)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(codes) <= {200, 503} and codes.count(200) >= 20


# ---------------------------------------------------------------------------- escaping
def test_html_in_documents_and_queries_is_shown_escaped(client, ids):
    script, bold = "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;x&lt;/b&gt;"
    urls = {"/search?q=quote+verbatim": [script, bold], f"/documents/{ids['doc']}/pages/1": [script, bold],
            "/sql?q=SELECT+text+FROM+blocks": [script, bold], "/search?q=<script>alert(1)</script>": [script],
            "/facts?entity=<b>x</b>": [bold],
            "/series?entity=<script>alert(1)</script>&indicator=<b>x</b>": [script, bold]}
    for url, escaped in urls.items():
        text = client.get(url).text
        assert "<script>alert(1)</script>" not in text, url
        assert "<b>x</b>" not in text, url
        assert all(e in text for e in escaped), url
    hits = client.get("/api/search", params={"q": "script alert verbatim"}).json()["hits"]
    assert "<script>" in hits[0]["text"]  # JSON carries the text as it is; the pages escape it


# ---------------------------------------------------------------------------- files and images
def test_ingest_keeps_each_pdf_under_its_hash(web_db, ids):
    kept = files.document_file(web_db, ids["doc"])
    assert kept.parent == files.files_dir(web_db) and kept.name == f"{ids['doc']}.pdf"
    assert kept.read_bytes() == (web_db.parent / "zone-report.pdf").read_bytes()
    for bad in ["../web.duckdb", ids["doc"][:12], ids["doc"].upper(), "/etc/passwd", ids["doc"] + "/../x"]:
        with pytest.raises(ValueError):
            files.document_file(web_db, bad)


def test_a_pdf_that_cannot_be_kept_does_not_fail_the_document(tmp_path, caplog):
    db = tmp_path / "w.duckdb"
    files.files_dir(db).write_text("a file where the folder should be")
    assert files.keep(db, "ab" * 32, b"%PDF-1.4") is None
    assert "could not keep the PDF" in caplog.text
    assert files.keep(":memory:", "ab" * 32, b"%PDF-1.4") is None
    with pytest.raises(ValueError):
        files.keep(db, "../../etc/x", b"%PDF-1.4")


def test_a_symlink_out_of_the_folder_is_refused(tmp_path):
    folder = files.files_dir(tmp_path / "x.duckdb")
    folder.mkdir()
    doc_id = "ab" * 32
    (folder / f"{doc_id}.pdf").symlink_to("/etc/passwd")
    with pytest.raises(ValueError):
        files.document_file(tmp_path / "x.duckdb", doc_id)


def test_page_images_are_rendered_cached_and_boxed(client, web_db, ids):
    url = f"/api/documents/{ids['doc']}/pages/1.png"
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(r.content))
    assert image.size == (round(612 * 110 / 72), round(792 * 110 / 72))
    assert list((files.files_dir(web_db) / "cache").glob(f"{ids['doc']}-p00001-r110.png"))
    boxed = client.get(url, params={"bbox": "200,186,300,204"})
    assert boxed.status_code == 200 and boxed.content != r.content
    red = Image.open(io.BytesIO(boxed.content)).convert("RGB").getpixel((round(200 * 110 / 72) - 2, 300))
    assert red[0] > 180 and red[1] < 100  # the outline
    assert client.get(url, params={"resolution": 72}).status_code == 200
    assert client.get(url, params={"resolution": 9999}).status_code == 400
    assert client.get(url, params={"bbox": "1,2,3"}).status_code == 400


TRAVERSALS = [
    "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd/pages/1.png",
    "/api/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd/pages/1.png",
    "/api/documents/%252e%252e%252fetc%252fpasswd/pages/1.png",
    "/api/documents/%2Fetc%2Fpasswd/pages/1.png",
    "/api/documents/..%5C..%5Cweb.duckdb/pages/1.png",
    "/api/documents/{doc12}/pages/1.png",
    "/api/documents/{DOC}/pages/1.png",
    "/api/documents/{doc}%2F..%2F..%2Fweb.duckdb/pages/1.png",
    "/api/documents/{planted}/pages/1.png",
    "/api/documents/{nonhex}/pages/1.png",
    "/api/documents/{doc}/pages/0.png",
    "/api/documents/{doc}/pages/3.png",
    "/api/documents/{doc}/pages/-1.png",
    "/api/documents/{doc}/pages/1.png?resolution=..%2F..",
    "/static/..%2F..%2Fapp.py",
    "/static/%2e%2e/%2e%2e/files.py",
    "/static/..%2F..%2F..%2Fweb.duckdb",
    "/static//etc/passwd",
    "/documents/..%2F..%2Fetc%2Fpasswd/pages/1",
    "/api/documents/..%2F..%2Fetc%2Fpasswd",
]


def test_no_route_serves_a_file_outside_the_documents(client, web_db, ids):
    # a PDF planted in the files folder under an id the warehouse does not hold is not served
    planted = "ab" * 32
    shutil.copyfile(files.document_file(web_db, ids["doc"]), files.files_dir(web_db) / f"{planted}.pdf")
    secret = (web_db.parent / "web.duckdb").read_bytes()[:64]
    for template in TRAVERSALS:
        url = template.format(doc=ids["doc"], doc12=ids["doc"][:12], DOC=ids["doc"].upper(), planted=planted,
                              nonhex="g" * 64)
        r = client.get(url)
        assert r.status_code in (400, 404, 422), (url, r.status_code)
        assert not r.content.startswith((b"%PDF", b"\x89PNG")), url
        assert b"root:" not in r.content and secret not in r.content, url
        assert "Traceback" not in r.text, url


def test_a_document_ingested_before_files_were_kept_says_how_to_fix_it(web_db, tmp_path, ids):
    db = _copy(web_db, tmp_path, with_files=False)
    client = TestClient(create_app(db))
    page = client.get(f"/facts/{ids['fact']}")
    assert page.status_code == 200
    assert "page image not available: re-add the document with --force" in page.text
    png = client.get(f"/api/documents/{ids['doc']}/pages/1.png")
    assert png.status_code == 404 and png.json()["error"] == "file_not_kept"
    assert png.json()["hint"] == "re-add the document with --force"
    ingest([web_db.parent / "zone-report.pdf"], db, force=True, limits=None)
    assert client.get(f"/api/documents/{ids['doc']}/pages/1.png").status_code == 200


# ---------------------------------------------------------------------------- bad warehouses
def test_a_missing_warehouse_is_a_clear_page_and_json(tmp_path):
    client = TestClient(create_app(tmp_path / "none.duckdb"))
    page = client.get("/")
    assert page.status_code == 503 and "no warehouse here" in page.text and "evidence add" in page.text
    assert "Traceback" not in page.text
    body = client.get("/api/facts").json()
    assert body["error"] == "no_warehouse" and "evidence add" in body["hint"]
    assert client.post("/api/flags/x/review", json={"status": "confirmed"}).status_code == 503
    assert not (tmp_path / "none.duckdb").exists()


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_warehouse_is_a_clear_page_and_json(web_db, tmp_path, damage):
    db = tmp_path / "bad.duckdb"
    db.write_bytes(b"this is not a database\n" * 300 if damage == "garbage" else web_db.read_bytes()[:20_000])
    client = TestClient(create_app(db), raise_server_exceptions=False)
    page = client.get("/facts")
    assert page.status_code == 500 and "cannot read the warehouse" in page.text, page.text[:800]
    assert "Traceback" not in page.text
    body = client.get("/api/facts").json()
    assert body["error"] == "unreadable_warehouse" and body["hint"]


def test_while_another_process_writes_the_app_answers_busy(web_db, tmp_path):
    db = _copy(web_db, tmp_path, with_files=False)
    client = TestClient(create_app(db))
    flag_id = client.get("/api/flags").json()["flags"][0]["flag_id"]
    holder = _hold_lock(db, 30)
    try:
        api = client.get("/api/facts")
        assert api.status_code == 503 and api.json()["message"] == BUSY and api.headers["retry-after"] == "1"
        page = client.get("/facts")
        assert page.status_code == 503 and BUSY in page.text and "Traceback" not in page.text
        review = client.post(f"/api/flags/{flag_id}/review", json={"status": "confirmed"})
        assert review.status_code == 503 and review.json()["message"] == BUSY
    finally:
        holder.kill()
        holder.wait()
    assert client.get("/api/facts").status_code == 200


PUBLISH = """
import sys, time
from warehouse import Warehouse
wh = Warehouse.open(sys.argv[1])
wh.publish_snapshot()
print("locked", flush=True)
time.sleep(30)
"""


def test_while_an_ingest_runs_pages_read_its_snapshot(web_db, tmp_path):
    db = _copy(web_db, tmp_path, with_files=False)
    client = TestClient(create_app(db))
    flag_id = client.get("/api/flags").json()["flags"][0]["flag_id"]
    proc = subprocess.Popen([sys.executable, "-c", PUBLISH, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        assert client.get("/api/status").json()["snapshot"] is True
        assert "An ingest is updating the warehouse" in client.get("/facts").text
        assert client.post(f"/api/flags/{flag_id}/review", json={"status": "confirmed"}).status_code == 503
    finally:
        proc.kill()
        proc.wait()


def test_serve_accepts_loopback_host_names_only(web_db):
    app = create_app(web_db, allowed_hosts=LOOPBACK_HOSTS)
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/api/status").status_code == 200
    assert TestClient(app, base_url="http://localhost:8000").get("/").status_code == 200
    assert TestClient(app, base_url="http://attacker.example").get("/api/status").status_code == 400


def test_evidence_serve_without_a_warehouse_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("error: ") and "no warehouse here" in result.output
