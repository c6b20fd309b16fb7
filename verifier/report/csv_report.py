"""report.csv: one row per citation, for auditors working in a spreadsheet.

Cells that a spreadsheet would run as a formula (starting with = + - @) are prefixed with a
quote: a URL or label from a report must never execute (CSV injection).
"""

from __future__ import annotations

import csv
import io

from verifier.models import ArchivedCopy, RunResult

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
    "archived_copy",
)


def _cell(value: object) -> str:
    s = "" if value is None else str(value)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def _archived(copy: ArchivedCopy | None) -> str:
    return f"{copy.describe()}: {copy.url}" if copy else ""


def render_csv(result: RunResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FIELDS)
    for cr in result.citations:
        c, doc = cr.citation, cr.document
        loc = {"page": c.location.page, "line": c.location.line}
        w.writerow(
            [
                _cell(v)
                for v in (
                    c.report,
                    c.criterion,
                    c.criterion_title,
                    c.rating,
                    c.label,
                    c.url,
                    " ".join(map(str, c.pages)),
                    "yes" if c.evidence else "no",
                    doc.verdict if doc else None,
                    "; ".join(f"{k.name}: {k.detail}" for k in cr.failed_checks),
                    " ".join(f"{k.name}={k.outcome}" for k in cr.checks),
                    doc.drift.kind if doc and doc.drift else "",
                    " ".join(f"{p.cited}:{p.drift.kind}" for p in cr.page_drift),
                    " ".join(f"{k} {v}" for k, v in loc.items() if v is not None),
                    _archived(doc.archived_copy if doc else None),
                )
            ]
        )
    return buf.getvalue()
