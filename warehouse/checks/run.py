"""Run the declared checks over a warehouse, store their flags, record reviews."""
from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from . import registry
from .intervals import fmt
from .model import MINOR_REL_DIFF, Context, Finding

if TYPE_CHECKING:
    from warehouse.database import Warehouse

log = logging.getLogger(__name__)

REVIEW_STATUSES = ("confirmed", "dismissed")


@dataclass
class CheckReport:
    """The flags of one run, and how long it took."""

    flags: list[dict[str, Any]] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def counts(self) -> Counter[str]:
        return Counter(f["severity"] for f in self.flags)

    def summary(self) -> list[dict[str, Any]]:
        """One row per check and document: how many flags of each severity (open ones)."""
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for f in self.flags:
            key = (f["check_name"], f["doc_id"])
            row = rows.setdefault(key, {"check": key[0], "doc_id": key[1], "error": 0, "warning": 0, "info": 0,
                                        "open": 0})
            row[f["severity"]] += 1
            row["open"] += f.get("status", "open") == "open"
        return [rows[k] for k in sorted(rows)]

    def fails(self, level: str | None) -> bool:
        """Whether a flag at ``level`` or worse stands (``--fail-on``): open or confirmed,
        not dismissed by a reviewer."""
        if level is None:
            return False
        worst = registry.SEVERITIES[: registry.SEVERITIES.index(level) + 1]
        return any(f["severity"] in worst and f.get("status", "open") != "dismissed" for f in self.flags)


def run_checks(wh: Warehouse, doc: str | None = None, only: list[str] | None = None) -> CheckReport:
    """Run every check (or those named in ``only``) and replace the stored flags: all of
    them, or with ``doc`` those involving that document. Reviews are kept."""
    start = time.monotonic()
    doc_id = wh.resolve("document", doc) if doc else None
    ctx = Context(wh, doc_id)
    chosen = [registry.get(n) for n in only] if only else list(registry.checks())
    found: dict[str, dict[str, Any]] = {}
    for check in chosen:
        n = 0
        for finding in check.runner()(ctx):
            finding.check = check.name
            if not ctx.involves(finding):
                continue
            row = _flag_row(check, finding)
            found.setdefault(row["flag_id"], row)
            n += 1
        log.info("check %s: %d flags", check.name, n)
    rows = list(found.values())
    # registered outside the transaction, so that it can be dropped after a rollback
    wh.con.register("_new_flags", pa.Table.from_pylist(rows, schema=FLAG_SCHEMA))
    try:
        with wh.transaction():
            wh.write("flags_delete_doc" if doc_id else "flags_delete_all", {"doc_id": doc_id} if doc_id else None)
            if rows:
                wh.write("flags_insert")
    finally:
        wh.con.unregister("_new_flags")
    stored = {f["flag_id"]: f for f in wh.rows("flag_list", {"doc_id": doc_id})}
    report = CheckReport([stored[r["flag_id"]] for r in rows if r["flag_id"] in stored], [c.name for c in chosen])
    report.flags.sort(key=lambda f: (registry.SEVERITIES.index(f["severity"]), f["doc_id"], f["check_name"]))
    report.seconds = time.monotonic() - start
    return report


def _flag_row(check: registry.Check, f: Finding) -> dict[str, Any]:
    severity = f.severity or check.severity
    rel = f.rel_diff
    if severity == "error" and rel is not None and rel < MINOR_REL_DIFF:
        severity = "warning"
    found = f.found_value if f.found_value is not None else f.found.mid
    return {
        "flag_id": f.flag_id(),
        "check_name": check.name,
        "family": check.family,
        "severity": severity,
        "doc_id": f.doc_id(),
        "doc_ids": f.doc_ids(),
        "message": f.message,
        "expected": f.expected.mid,
        "found": found,
        "abs_diff": f.gap,
        "rel_diff": rel,
        "facts": [
            {"fact_id": x["fact_id"], "role": role, "doc_id": x["doc_id"], "page": x["page"],
             "bbox": list(x["bbox"]), "quote": x["quote"], "raw": x["raw"]}
            for role, x in f.facts
        ],
    }


FLAG_SCHEMA = pa.schema([
    ("flag_id", pa.string()), ("check_name", pa.string()), ("family", pa.string()), ("severity", pa.string()),
    ("doc_id", pa.string()), ("doc_ids", pa.list_(pa.string())), ("message", pa.string()),
    ("expected", pa.float64()), ("found", pa.float64()), ("abs_diff", pa.float64()), ("rel_diff", pa.float64()),
    ("facts", pa.list_(pa.struct([
        ("fact_id", pa.string()), ("role", pa.string()), ("doc_id", pa.string()), ("page", pa.int32()),
        ("bbox", pa.list_(pa.float64())), ("quote", pa.string()), ("raw", pa.string()),
    ]))),
])


def review(wh: Warehouse, key: str, status: str, note: str | None = None) -> dict[str, Any]:
    """Record a reviewer's decision on a flag (id or unique prefix); returns the flag."""
    if status not in REVIEW_STATUSES:
        raise ValueError(f"review status {status!r} is not one of {REVIEW_STATUSES}")
    flag_id = wh.resolve("flag", key)
    wh.write("flag_review", {"flag_id": flag_id, "status": status, "note": note})
    return wh.rows("flag_get", {"flag_id": flag_id})[0]


def flags(wh: Warehouse, doc: str | None = None) -> list[dict[str, Any]]:
    """The stored flags (with review status), worst first."""
    doc_id = wh.resolve("document", doc) if doc else None
    return wh.rows("flag_list", {"doc_id": doc_id})


def explain(flag: dict[str, Any]) -> str:
    """A flag in a few lines of text: what, where, the arithmetic, and the facts."""
    lines = [f"{flag['flag_id']}  {flag['severity']}  {flag['check_name']}  [{flag.get('status', 'open')}]",
             f"  {flag['message']}"]
    if flag.get("rel_diff") is not None:
        lines.append(f"  expected {fmt(flag['expected'])}, found {fmt(flag['found'])}; off by "
                     f"{fmt(flag['abs_diff'])} ({flag['rel_diff']:.1%}) beyond rounding")
    for x in flag["facts"]:
        bbox = ", ".join(f"{v:.0f}" for v in x["bbox"])
        lines.append(f"  - {x['role']}: {x['raw']!r} {x['doc_id'][:12]} p.{x['page']} [{bbox}]  {x['quote'][:110]}")
    if flag.get("note"):
        lines.append(f"  note: {flag['note']}")
    return "\n".join(lines)
