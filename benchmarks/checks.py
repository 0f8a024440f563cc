"""Mutation benchmark of the consistency checks (``evidence check``).

Tables and sentences copied from the corpus (the paper's tables 1.3, 1.5 and 1.6, rows
of the Statistical Abstract and Budget tables, the bulletins' key-indicator table and
sentences) are re-rendered into small PDFs whose derived figures (totals, shares,
averages, stated changes) are recomputed so that each clean copy is consistent. Each
case then gets one known error of one type (a changed total, share, average, text
figure, percent change, multiplier, cross-document value, revised value, a figure in the
wrong scale); both copies
are ingested (each case into its own warehouse) and checked. Recall is the share of
mutated cases in which the expected check raises a flag; false flags are the flags
raised on the clean copies, per 20 pages.

    python benchmarks/checks.py                        # 10 variants of each case type
    python benchmarks/checks.py --change 0.01 0.05     # smaller errors (1-5%)
"""
from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import letter  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from extractor import DocumentMeta  # noqa: E402
from tests.pdfgen import _wrap  # noqa: E402
from warehouse import Warehouse  # noqa: E402
from warehouse.checks import run_checks  # noqa: E402
from warehouse.ingest import ingest  # noqa: E402


# ---------------------------------------------------------------------------- documents
@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Doc:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    publisher: str = "Benchmark Office"
    kind: str = "Report"
    year: int = 2022
    country: str | None = None


def render(doc: Doc) -> bytes:
    """One page (or more) with a title, the paragraphs, then each table fully ruled."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setTitle(doc.title)
    y = 740.0
    c.setFont("Helvetica-Bold", 13)
    c.drawString(72, y, doc.title)
    y -= 30
    c.setFont("Helvetica", 10)
    for para in doc.paragraphs:
        for line in _wrap(para, 95):
            c.drawString(72, y, line)
            y -= 13
        y -= 9
    for t in doc.tables:
        widths = [150] + [max(44, min(80, 330 // max(1, len(t.header) - 1)))] * (len(t.header) - 1)
        needed = 40 + 18 * (len(t.rows) + 1)
        if y - needed < 60:
            c.showPage()
            y = 740.0
        y -= 12
        c.setFont("Helvetica-Bold", 10)
        c.drawString(72, y, t.caption)
        y -= 10
        c.setFont("Helvetica", 9)
        xs = [72.0]
        for w in widths:
            xs.append(xs[-1] + w)
        top = y
        for i, row in enumerate([t.header, *t.rows]):
            c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 9)
            for j, cell in enumerate(row):
                c.drawString(xs[j] + 3, top - (i + 1) * 18 + 5, cell)
        n = len(t.rows) + 1
        for i in range(n + 1):
            c.line(xs[0], top - i * 18, xs[-1], top - i * 18)
        for xv in xs:
            c.line(xv, top, xv, top - n * 18)
        y = top - n * 18 - 14
        c.setFont("Helvetica", 8)
        c.drawString(72, y, "Source: benchmark copy of a corpus table.")
        y -= 20
        c.setFont("Helvetica", 10)
    c.showPage()
    c.save()
    return buf.getvalue()


def num(x: float, decimals: int) -> str:
    return f"{x:,.{decimals}f}"


#: How far an injected error moves a figure (share of its value); --change sets it.
CHANGE = (0.05, 0.25)


def perturb(rng: random.Random, x: float, decimals: int) -> float:
    """``x`` moved by a share of it drawn from CHANGE (and by at least five units of its last
    digit), either way."""
    step = 10.0**-decimals
    delta = max(abs(x) * rng.uniform(*CHANGE), 5 * step)
    return round(x + rng.choice((-1, 1)) * delta, decimals)


# ---------------------------------------------------------------------------- case types
@dataclass
class Case:
    kind: str
    expect: str  # the check that must flag the mutated copy
    clean: list[Doc]
    mutated: list[Doc]


def _firm_table(rng: random.Random, mutate: str | None) -> Table:
    """Table 1.6 of the paper (Xiqiao cluster by firm size), totals and averages recomputed."""
    firms = [795, 583, 205, 7]
    employees = [7055, 26235, 19475, 1094]
    output = [44.6, 130.1, 106.1, 61.5]
    k = rng.uniform(0.8, 1.25)
    firms = [max(1, round(f * k)) for f in firms]
    employees = [round(e * k) for e in employees]
    output = [round(o * k, 1) for o in output]
    tot = [sum(firms), sum(employees), round(sum(output), 1)]
    avg = [tot[1] / tot[0], tot[2] / tot[0]]
    if mutate == "total":
        j = rng.randrange(3)
        tot[j] = perturb(rng, tot[j], 1 if j == 2 else 0)
    avg_txt = [num(avg[0], 2), num(avg[1], 3)]
    if mutate == "average":
        avg_txt[0] = num(perturb(rng, round(avg[0], 2), 2), 2)
    rows = [[label, num(f, 0), num(e, 0), num(o, 1)]
            for label, f, e, o in zip(["<10", "10-50", "51-100", ">100"], firms, employees, output, strict=True)]
    rows.append(["Total", num(tot[0], 0), num(tot[1], 0), num(tot[2], 1)])
    rows.append(["Firm average", "", avg_txt[0], avg_txt[1]])
    return Table("Table 6. Performance of the Cluster by Firm Size, 1998",
                 ["Employees per firm", "Number of firms", "Employees", "Output (million USD)"], rows)


def _arrests_table(rng: random.Random, mutate: str | None) -> Table:
    """Rows of the Statistical Abstract's Table 324: total = under 18 + 18 and over."""
    src = [("Murder and nonnegligent manslaughter", 0.9, 9.1), ("Robbery", 25.5, 76.6), ("Burglary", 60.3, 180.6),
           ("Fraud", 5.1, 168.5), ("Vandalism", 72.7, 144.7), ("Gambling", 1.4, 6.8), ("Vagrancy", 2.2, 24.4)]
    picked = rng.sample(src, 5)
    rows = [[name, num(a + b, 1), num(a, 1), num(b, 1)] for name, a, b in picked]
    if mutate == "total":
        i = rng.randrange(len(rows))
        rows[i][1] = num(perturb(rng, float(rows[i][1].replace(",", "")), 1), 1)
    return Table("Table 4. Arrests by Age: 2009 (thousands)", ["Offense charged", "Total", "Under 18 years",
                                                               "18 years and over"], rows)


def _budget_table(rng: random.Random, mutate: str | None) -> Table:
    """Rows of the Budget's Table S-4: a subtotal row and a 2013-2017 totals column."""
    defense = [700, 673, 678, 690, 706]
    nondef = [565, 546, 543, 546, 553]
    k = rng.uniform(0.9, 1.1)
    defense = [round(v * k) for v in defense]
    nondef = [round(v * k) for v in nondef]
    sub = [a + b for a, b in zip(defense, nondef, strict=True)]
    rows = [["Defense", *map(str, defense), str(sum(defense))],
            ["Non-defense", *map(str, nondef), str(sum(nondef))],
            ["Subtotal, appropriated programs", *map(str, sub), str(sum(sub))]]
    if mutate == "total":
        i, j = rng.randrange(3), rng.choice([1, 2, 3, 4, 5, 6])
        rows[i][j] = str(int(perturb(rng, float(rows[i][j]), 0)))
    return Table("Table 2. Outlays by Category, 2013-2017 (billions of dollars)",
                 ["Outlays", "2013", "2014", "2015", "2016", "2017", "Total 2013-2017"], rows)


def _shares_table(rng: random.Random, mutate: str | None) -> Table:
    """Table 1.3 of the paper: values and 'as % of' the total column."""
    data = [("Real GDP (RMB 100 millions)", [9101, 8195, 183085]),
            ("Utilized FDI (US$100 millions)", [55, 130, 603]),
            ("Exports (US$100 millions)", [1686, 1138, 7620])]
    k = rng.uniform(0.8, 1.2)
    rows = []
    target = rng.randrange(len(data)) if mutate == "share" else -1
    for i, (label, vals) in enumerate(data):
        vals = [round(v * k) for v in vals]
        shares = [round(v / vals[2] * 100, 1) for v in vals[:2]]
        if i == target:
            j = rng.randrange(2)
            shares[j] = perturb(rng, shares[j], 1)
        rows.append([label, *(num(v, 0) for v in vals)])
        rows.append(["as % of national total", *(num(s, 1) for s in shares), "100"])
    return Table("Table 3. Performance of Zones and the Nation, 2006", ["Indicator", "Zones", "Parks", "Nation"], rows)


def _cluster_share_table(rng: random.Random, mutate: str | None) -> Table:
    """Table 1.5 of the paper: cluster employees, total employees, cluster share (%)."""
    cluster = [52.95, 182.29, 241.74, 266.74, 370.71]
    totals = [4058.63, 4134.37, 4395.93, 4681.89, 5022.97]
    k = rng.uniform(0.8, 1.2)
    cluster = [round(c * k, 2) for c in cluster]
    share = [round(c / t * 100, 2) for c, t in zip(cluster, totals, strict=True)]
    if mutate == "share":
        j = rng.randrange(len(share))
        share[j] = perturb(rng, share[j], 2)
    return Table("Table 5. Cluster Employment as a Share of Total Employment, 2001-05",
                 ["", "2001", "2002", "2003", "2004", "2005"],
                 [["Cluster employees", *(num(c, 2) for c in cluster)],
                  ["Total employees", *(num(t, 2) for t in totals)],
                  ["Cluster employment (%)", *(num(s, 2) for s in share)]])


MONTHS = ["Jul 22", "Aug 22", "Sep 22", "Oct 22", "Nov 22", "Dec 22"]
MONTH_NAMES = ["July", "August", "September", "October", "November", "December"]


def _bulletin(rng: random.Random, mutate: str | None, publisher: str = "Central Bank") -> Doc:
    """The bulletins' key-indicator table and the sentences that cite it."""
    exports = [272, 239, 192, 182, 320, 210]
    imports = [462, 325, 420, 403, 432, 500]
    liquidity = [2536, 2538, 2511, 2576, 2745, 2679]
    k = rng.uniform(0.85, 1.15)
    exports, imports, liquidity = ([round(v * k) for v in s] for s in (exports, imports, liquidity))
    m = rng.randrange(1, 6)  # the month the sentences are about
    if mutate == "scale":  # one month's liquidity printed in the wrong unit (x10 or x1000)
        j = rng.randrange(1, 5)
        liquidity[j] = liquidity[j] * rng.choice([10, 1000])
    ex_change = round((exports[m] / exports[m - 1] - 1) * 100)
    im_change = round((imports[m] / imports[m - 1] - 1) * 100)
    ex_text = exports[m]
    if mutate == "text":
        ex_text = round(perturb(rng, exports[m], 0))
    if mutate == "change":
        ex_change = ex_change + rng.choice((-1, 1)) * max(5, round(abs(ex_change) * 0.5))
    verb = lambda c: ("rose by" if c >= 0 else "fell by")  # noqa: E731
    month = f"{MONTH_NAMES[m]} 2022"
    sentences = [
        f"Exports {verb(ex_change)} {abs(ex_change)}% to ${ex_text} million in {month}, while imports "
        f"{verb(im_change)} {abs(im_change)}% to ${imports[m]} million.",
        "Gross foreign reserves were supported by donor receipts during the month.",
    ]
    table = Table("Key Economic Indicators", ["Indicator", *MONTHS],
                  [["Exports ($ millions)", *map(str, exports)], ["Imports ($ millions)", *map(str, imports)],
                   ["Total Liquidity ($ millions)", *map(str, liquidity)]])
    return Doc(f"Monthly Economic Bulletin {month}", sentences, [table], publisher=publisher, kind="Monthly bulletin",
               country="Solomon Islands")


def _multiplier(rng: random.Random, mutate: str | None) -> Doc:
    """'fell from $42 million to $29 million' (bulletin), as a multiplier statement."""
    word, factor = rng.choice([("doubled", 2.0), ("tripled", 3.0), ("halved", 0.5)])
    start = rng.choice([42, 58, 64, 120, 306, 338])
    end = round(start * factor)
    if mutate == "multiplier":
        end = round(end * rng.choice([0.7, 0.8, 1.25, 1.4]))
    return Doc("Monthly Economic Bulletin", [
        f"The net foreign assets of other depository corporations {word} from ${start} million in October 2022 "
        f"to ${end} million in November 2022.",
        "The outcome was driven by lower transaction outflows and exchange rate revaluation gains.",
    ])


def _doc(title: str, *tables: Table) -> Doc:
    return Doc(title, ["Figures are in the units given in each table caption."], list(tables))


def cases(variants: int, seed: int = 7) -> list[Case]:
    rng = random.Random(seed)
    out: list[Case] = []
    for v in range(variants):
        s = rng.randrange(10**6)
        for kind, expect, make in _makers():
            clean = make(random.Random(s), None)
            mutated = make(random.Random(s), kind)
            out.append(Case(f"{kind}", expect, clean, mutated))
        del v
    return out


def _makers() -> list[tuple[str, str, Callable[[random.Random, str | None], list[Doc]]]]:
    def totals(r: random.Random, m: str | None) -> list[Doc]:
        maker = r.choice([_firm_table, _arrests_table, _budget_table])
        return [_doc("Zone Statistics", maker(r, m))]

    def shares(r: random.Random, m: str | None) -> list[Doc]:
        maker = r.choice([_shares_table, _cluster_share_table])
        return [_doc("Zone Statistics", maker(r, m))]

    def averages(r: random.Random, m: str | None) -> list[Doc]:
        return [_doc("Cluster Statistics", _firm_table(r, m))]

    def text(r: random.Random, m: str | None) -> list[Doc]:
        return [_bulletin(r, m)]

    def change(r: random.Random, m: str | None) -> list[Doc]:
        return [_bulletin(r, m)]

    def scale(r: random.Random, m: str | None) -> list[Doc]:
        return [_bulletin(r, m)]

    def multiplier(r: random.Random, m: str | None) -> list[Doc]:
        return [_multiplier(r, m)]

    def cross(r: random.Random, m: str | None) -> list[Doc]:
        a = _bulletin(random.Random(r.random()), None, publisher="Central Bank")
        b = _copy_with_change(a, r if m else None, publisher="Statistics Office", kind="Statistical release")
        return [a, b]

    def revision(r: random.Random, m: str | None) -> list[Doc]:
        a = _bulletin(random.Random(r.random()), None)
        b = _copy_with_change(a, r if m else None, publisher=a.publisher, kind=a.kind, later=True)
        return [a, b]

    return [("total", "table_totals", totals), ("share", "table_shares", shares),
            ("average", "table_averages", averages), ("text", "text_vs_table", text),
            ("change", "text_changes", change), ("multiplier", "text_changes", multiplier),
            ("cross", "cross_document", cross), ("revision", "revisions", revision),
            ("scale", "scale_sanity", scale)]


def _copy_with_change(a: Doc, rng: random.Random | None, *, publisher: str, kind: str, later: bool = False) -> Doc:
    """Another document with ``a``'s table (one cell changed if ``rng``); a later edition
    has one more month."""
    t = a.tables[0]
    rows = [list(r) for r in t.rows]
    header = list(t.header)
    if later:
        header = [header[0], *header[2:], "Jan 23"]
        rows = [[r[0], *r[2:], str(int(r[-1]) + 3)] for r in rows]
    if rng is not None:
        i, j = rng.randrange(len(rows)), rng.randrange(1, len(header) - (1 if later else 0))
        rows[i][j] = str(round(perturb(rng, float(rows[i][j]), 0)))
    return Doc(a.title + (" (next edition)" if later else " (statistics)"), ["Figures as published."],
               [Table(t.caption, header, rows)], publisher=publisher, kind=kind, country=a.country)


# ---------------------------------------------------------------------------- running
@dataclass
class Outcome:
    kind: str
    caught: bool
    clean_flags: list[str]
    mutated_other_flags: list[str]
    pages: int


def run_case(case: Case, folder: Path) -> Outcome:
    clean = _check(case.clean, folder / "clean")
    mutated = _check(case.mutated, folder / "mutated")
    caught = any(f["check_name"] == case.expect for f in mutated)
    clean_ids = {f["message"] for f in clean}
    others = [f"{f['check_name']}: {f['message']}" for f in mutated
              if f["check_name"] != case.expect and f["message"] not in clean_ids]
    return Outcome(case.kind, caught, [f"{f['check_name']}: {f['message']}" for f in clean], others,
                   pages=len(case.clean))


def _check(docs: list[Doc], folder: Path) -> list[dict[str, object]]:
    folder.mkdir(parents=True, exist_ok=True)
    with Warehouse.open(":memory:") as wh:
        for n, d in enumerate(docs):
            path = folder / f"doc{n}.pdf"
            path.write_bytes(render(d))
            meta = DocumentMeta(title=d.title, publisher=d.publisher, kind=d.kind, year=d.year, currency="USD",
                                country=d.country)
            ingest([path], wh, meta=meta, limits=None)
        return run_checks(wh).flags


def run(variants: int, seed: int = 7, verbose: bool = False) -> tuple[list[Outcome], float]:
    start = time.monotonic()
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, case in enumerate(cases(variants, seed)):
            o = run_case(case, Path(tmp) / f"case{i:03d}")
            outcomes.append(o)
            if verbose and (not o.caught or o.clean_flags):
                print(f"case {i} {o.kind}: caught={o.caught} clean flags={o.clean_flags}", file=sys.stderr)
    return outcomes, time.monotonic() - start


def table(outcomes: list[Outcome]) -> str:
    kinds = list(dict.fromkeys(o.kind for o in outcomes))
    lines = ["| error injected | cases | caught | recall | false flags | clean pages |",
             "|---|---:|---:|---:|---:|---:|"]
    for k in [*kinds, "all"]:
        sel = [o for o in outcomes if k in ("all", o.kind)]
        caught = sum(o.caught for o in sel)
        false = sum(len(o.clean_flags) for o in sel)
        pages = sum(o.pages for o in sel)
        name = f"**{k}**" if k == "all" else k
        lines.append(f"| {name} | {len(sel)} | {caught} | {caught / len(sel):.2f} | {false} | {pages} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", type=int, default=10, help="cases of each type")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--change", type=float, nargs=2, default=CHANGE, metavar=("MIN", "MAX"),
                    help="how far an injected error moves a figure, as a share of it (default 0.05 0.25)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed cases and clean flags")
    args = ap.parse_args()
    globals()["CHANGE"] = tuple(args.change)
    outcomes, seconds = run(args.variants, args.seed, args.verbose)
    pages = sum(o.pages for o in outcomes)
    false = sum(len(o.clean_flags) for o in outcomes)
    recall = sum(o.caught for o in outcomes) / len(outcomes)
    print(table(outcomes))
    print(f"\nrecall {recall:.2f}; {false} false flags on {pages} clean pages ({false / pages * 20:.2f} per 20 pages); "
          f"{seconds:.0f} s")
    extra = [x for o in outcomes for x in o.mutated_other_flags]
    if args.verbose and extra:
        print("\nother flags on mutated copies:\n  " + "\n  ".join(extra))


if __name__ == "__main__":
    main()
