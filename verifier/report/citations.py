"""Rendering extracted citations for `verifier extract`: table, JSON, CSV. Pure functions to str."""

from __future__ import annotations

import csv
import io
import json

from verifier.models import Citation

CSV_FIELDS = (
    "report", "criterion", "criterion_title", "rating", "url", "label", "pages", "evidence",
    "location", "cited_text", "notes",
)  # fmt: skip


def citations_json(citations: list[Citation]) -> str:
    return json.dumps([c.to_dict() for c in citations], ensure_ascii=False, indent=2) + "\n"


def citations_csv(citations: list[Citation]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for c in citations:
        w.writerow(
            [
                c.report, c.criterion or "", c.criterion_title or "", c.rating or "", c.url,
                c.label or "", " ".join(map(str, c.pages)), "true" if c.evidence else "false",
                str(c.location), c.cited_text, "; ".join(c.notes),
            ]
        )  # fmt: skip
    return buf.getvalue()


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def citations_table(citations: list[Citation]) -> str:
    """A terminal table: one line per citation, the URL kept whole (it is what users copy)."""
    if not citations:
        return "no citations found\n"
    rows = [
        (
            c.criterion or "-",
            _clip(c.rating or "-", 22),
            ",".join(map(str, c.pages)) or "-",
            _clip(c.label or "-", 48),
            c.url,
        )
        for c in citations
    ]
    head = ("CRITERION", "RATING", "PAGES", "LABEL", "URL")
    widths = [max(len(r[i]) for r in [*rows, head]) for i in range(4)]
    out = []
    for r in [head, *rows]:
        out.append("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4])
    reports = len({c.report for c in citations})
    evidence = sum(c.evidence for c in citations)
    distinct = len({c.url for c in citations if c.evidence})
    out.append(
        f"\n{len(citations)} citations ({evidence} evidence, {distinct} distinct evidence URLs) "
        f"in {reports} report{'s' if reports != 1 else ''}"
    )
    return "\n".join(out) + "\n"


def render_citations(citations: list[Citation], fmt: str) -> str:
    return {"json": citations_json, "csv": citations_csv, "table": citations_table}[fmt](citations)
