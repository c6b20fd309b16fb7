"""report.csv: one row per citation, for auditors working in a spreadsheet.

Cells that a spreadsheet would run as a formula (starting with = + - @) are prefixed with a
quote: a URL or label from a report must never execute (CSV injection).
"""

from __future__ import annotations

import csv
import io
from typing import Any

FIELDS = (
    "report",
    "criterion",
    "criterion_title",
    "rating",
    "label",
    "url",
    "pages",
    "evidence",
    "verdict",
    "failing_checks",
    "checks",
    "drift",
    "baseline_pages",
    "location",
)


def _cell(value: object) -> str:
    s = "" if value is None else str(value)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def render_csv(report: dict[str, Any]) -> str:
    drift = {d["url"]: d.get("drift", {}).get("kind", "") for d in report["documents"]}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FIELDS)
    for c in report["citations"]:
        checks = c.get("checks", [])
        loc = c.get("location") or {}
        w.writerow(
            [
                _cell(v)
                for v in (
                    c["report"],
                    c["criterion"],
                    c["criterion_title"],
                    c["rating"],
                    c["label"],
                    c["url"],
                    " ".join(map(str, c["pages"])),
                    "yes" if c["evidence"] else "no",
                    c.get("verdict"),
                    "; ".join(
                        f"{k['name']}: {k['detail']}" for k in checks if k["outcome"] == "fail"
                    ),
                    " ".join(f"{k['name']}={k['outcome']}" for k in checks),
                    drift.get(c["url"], ""),
                    " ".join(
                        f"{p['cited']}:{p['kind']}" for p in c.get("baseline", {}).get("pages", [])
                    ),
                    " ".join(f"{k} {v}" for k, v in loc.items() if v is not None),
                )
            ]
        )
    return buf.getvalue()
