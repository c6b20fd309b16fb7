"""report.md: for GitHub job summaries and issues. Counts, then failing citations by criterion.

Every value from a report or a server is escaped for Markdown tables (pipes, backticks, angle
brackets, line breaks), and the table is cut at `max_rows` with a line saying how many were left
out, so hundreds of failures stay readable and under GitHub's 1 MiB summary limit.
"""

from __future__ import annotations

import html
import re

from verifier.models import RunResult
from verifier.report.order import criterion_key

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def md(text: object) -> str:
    """Escape a value for a Markdown table cell: no markup, no HTML, one line."""
    s = html.escape(str(text if text is not None else ""), quote=False)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return " ".join(s.split())


def _link(url: str) -> str:
    return f"<{url}>" if re.fullmatch(r"https?://[^\s<>]+", url) else md(url)


def render_markdown(result: RunResult, max_rows: int = 200) -> str:
    lines = ["# Evidence check", ""]
    docs = ", ".join(f"{n} {v}" for v, n in result.verdict_counts().items()) or "none"
    lines.append(
        f"**{len(result.evidence_documents)} evidence documents** ({md(docs)}), cited "
        f"{result.evidence_citations} times in {len(result.reports)} report(s)."
    )
    counts = result.check_counts()
    if counts:
        lines += ["", "| check | pass | fail | unverifiable |", "| --- | ---: | ---: | ---: |"]
        for name, c in counts.items():
            lines.append(f"| {md(name)} | {c['pass']} | {c['fail']} | {c['unverifiable']} |")
    drift = result.drift_counts()
    if drift:
        lines += [
            "",
            "Since the last run: "
            + ", ".join(f"{n} {md(k)}" for k, n in sorted(drift.items()))
            + ".",
        ]
    base = result.baseline_counts()
    if base:
        lines.append(
            "Cited pages since the baseline: "
            + ", ".join(f"{n} {md(k)}" for k, n in sorted(base.items()))
            + "."
        )
    if result.errors:
        lines += ["", f"**{len(result.errors)} report(s) could not be read:**"]
        lines += [f"- {md(e.path)}: {md(e.message)}" for e in result.errors]
    failing = list(result.failing_citations)
    lines += [""]
    if not failing:
        lines.append("No failing evidence citations.")
        return "\n".join(lines) + "\n"
    failing.sort(key=lambda c: (c.citation.report, criterion_key(c.citation.criterion)))
    lines += [
        f"## {len(failing)} failing evidence citations",
        "",
        "| report | criterion | document | pages | failing checks | URL |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for cr in failing[:max_rows]:
        c = cr.citation
        why = "; ".join(f"{k.name}: {k.detail}" for k in cr.failed_checks)
        copy = cr.document.archived_copy if cr.document else None
        if copy:
            why += f"; {copy.describe()}: {copy.url}"
        pages = ", ".join(map(str, c.pages)) or "-"
        name = md(c.report.rsplit("/", 1)[-1])
        label = md(c.label or "-")
        lines.append(
            f"| {name} | {md(c.criterion or '-')} | {label} | {pages} | {md(why)} | "
            f"{_link(c.url)} |"
        )
    if len(failing) > max_rows:
        lines.append(f"\n… and {len(failing) - max_rows} more (see report.json or report.html).")
    return "\n".join(lines) + "\n"
