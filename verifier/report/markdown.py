"""report.md: for GitHub job summaries and issues. Counts, then failing citations by criterion.

Every value from a report or a server is escaped for Markdown tables (pipes, backticks, angle
brackets, line breaks), and the table is cut at `max_rows` with a line saying how many were left
out, so hundreds of failures stay readable and under GitHub's 1 MiB summary limit.
"""

from __future__ import annotations

import html
import re
from typing import Any

from verifier.report.model import (
    baseline_counts,
    check_counts,
    criterion_key,
    drift_counts,
    failing_checks,
)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def md(text: object) -> str:
    """Escape a value for a Markdown table cell: no markup, no HTML, one line."""
    s = html.escape(str(text if text is not None else ""), quote=False)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return " ".join(s.split())


def _link(url: str) -> str:
    return f"<{url}>" if re.fullmatch(r"https?://[^\s<>]+", url) else md(url)


def render_markdown(report: dict[str, Any], max_rows: int = 200) -> str:
    s = report["summary"]
    lines = ["# Evidence check", ""]
    docs = ", ".join(f"{n} {v}" for v, n in s["evidence_documents_by_verdict"].items()) or "none"
    lines.append(
        f"**{s['evidence_documents']} evidence documents** ({md(docs)}), cited "
        f"{s['evidence_citations']} times in {s['reports']} report(s)."
    )
    counts = check_counts(report)
    if counts:
        lines += ["", "| check | pass | fail | unverifiable |", "| --- | ---: | ---: | ---: |"]
        for name, c in counts.items():
            lines.append(f"| {md(name)} | {c['pass']} | {c['fail']} | {c['unverifiable']} |")
    drift = drift_counts(report)
    if drift:
        lines += [
            "",
            "Since the last run: "
            + ", ".join(f"{n} {md(k)}" for k, n in sorted(drift.items()))
            + ".",
        ]
    base = baseline_counts(report)
    if base:
        lines.append(
            "Cited pages since the baseline: "
            + ", ".join(f"{n} {md(k)}" for k, n in sorted(base.items()))
            + "."
        )
    if s.get("input_errors"):
        lines += ["", f"**{s['input_errors']} report(s) could not be read:**"]
        lines += [f"- {md(e['path'])}: {md(e['message'])}" for e in report["errors"]]
    failing = [c for c in report["citations"] if c["evidence"] and failing_checks(c)]
    lines += [""]
    if not failing:
        lines.append("No failing evidence citations.")
        return "\n".join(lines) + "\n"
    failing.sort(key=lambda c: (c["report"], criterion_key(c["criterion"])))
    lines += [
        f"## {len(failing)} failing evidence citations",
        "",
        "| report | criterion | document | pages | failing checks | URL |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for c in failing[:max_rows]:
        why = "; ".join(f"{k['name']}: {k['detail']}" for k in failing_checks(c))
        pages = ", ".join(map(str, c["pages"])) or "-"
        name = md(c["report"].rsplit("/", 1)[-1])
        label = md(c["label"] or "-")
        lines.append(
            f"| {name} | {md(c['criterion'] or '-')} | {label} | {pages} | {md(why)} | "
            f"{_link(c['url'])} |"
        )
    if len(failing) > max_rows:
        lines.append(f"\n… and {len(failing) - max_rows} more (see report.json or report.html).")
    return "\n".join(lines) + "\n"
