"""report.md: for GitHub job summaries and issues. Counts, then failing citations by criterion.

Every value from a report or a server is escaped for Markdown tables (pipes, backticks, angle
brackets, line breaks), and the table is cut at `max_rows` with a line saying how many were left
out, so hundreds of failures stay readable and under GitHub's 1 MiB summary limit.
"""

from __future__ import annotations

import html
import re

from verifier.models import CheckName, RunResult, RunStatus
from verifier.report.meta import meta_line
from verifier.report.order import criterion_key

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def md(text: object) -> str:
    """Escape a value for a Markdown table cell: no markup, no HTML, one line."""
    s = html.escape(str(text if text is not None else ""), quote=False)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return " ".join(s.split())


def _link(url: str) -> str:
    return f"<{url}>" if re.fullmatch(r"https?://[^\s<>]+", url) else md(url)


# GitHub refuses an issue body over 65,536 characters; the workflow posts report.md as the rolling
# issue's body and adds a line linking the run, so the report keeps well under.
ISSUE_BODY_CHARS = 60_000
WHY_CHARS = 300


def _per_report(result: RunResult, max_rows: int = 50) -> list[str]:
    """One line per report when a run checks several: the secretariat's overview."""
    rows: dict[str, list[int]] = {r: [0, 0] for r in result.report_paths}
    for cr in result.citations:
        if cr.citation.evidence:
            counts = rows.setdefault(cr.citation.report, [0, 0])
            counts[0] += 1
            counts[1] += cr.failing
    ordered = sorted(rows.items(), key=lambda kv: (-kv[1][1], kv[0]))
    lines = ["", "| report | evidence citations | failing |", "| --- | ---: | ---: |"]
    lines += [f"| {md(name)} | {n} | {f} |" for name, (n, f) in ordered[:max_rows]]
    if len(ordered) > max_rows:
        lines.append(f"\n… and {len(ordered) - max_rows} more reports (see report.html).")
    return lines


def render_markdown(
    result: RunResult, max_rows: int = 200, max_chars: int = ISSUE_BODY_CHARS
) -> str:
    """Counts, one line per report (several reports), then the worst failures, as many as fit
    in `max_chars` (an issue body) and `max_rows`; the rest are counted, never silently cut."""
    lines = ["# Evidence check", ""]
    if result.status != RunStatus.COMPLETE:
        lines += [f"**This run is {result.status}: what follows is what it settled before it "
                  "stopped, not a whole check.**", ""]  # fmt: skip
    docs = ", ".join(f"{n} {v}" for v, n in result.verdict_counts().items()) or "none"
    lines.append(
        f"**{len(result.evidence_documents)} evidence documents** ({md(docs)}), cited "
        f"{result.evidence_citations} times in {len(result.reports)} report(s)."
    )
    stated = [r for r in result.reports if not r.meta.empty]
    if stated:
        lines.append("")
        lines += [f"- {md(meta_line(r))}" for r in stated[:20]]
        if len(stated) > 20:
            lines.append(f"- … and {len(stated) - 20} more reports (see report.json)")
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
    if len(result.reports) > 1:
        lines += _per_report(result)
    if result.errors:
        lines += ["", f"**{len(result.errors)} report(s) could not be read:**"]
        lines += [f"- {md(e.path)}: {md(e.message)}" for e in result.errors[:20]]
        if len(result.errors) > 20:
            lines.append(f"- … and {len(result.errors) - 20} more (see report.json)")
    failing = list(result.failing_citations)
    lines += [""]
    if not failing:
        lines.append("No failing evidence citations.")
        return "\n".join(lines) + "\n"
    # The worst first: a document that is gone, the longest failing first, then content.
    failing.sort(key=lambda c: (
        CheckName.REACHABLE not in {k.name for k in c.failed_checks},
        -(c.document.streak if c.document else 0),
        c.citation.report, criterion_key(c.citation.criterion),
    ))  # fmt: skip
    lines += [
        f"## {len(failing)} failing evidence citations",
        "",
        "| report | criterion | document | pages | failing checks | URL |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    size = sum(len(x) + 1 for x in lines)
    shown = 0
    for cr in failing[:max_rows]:
        c = cr.citation
        why = "; ".join(f"{k.name}: {k.detail}" for k in cr.failed_checks)
        copy = cr.document.archived_copy if cr.document else None
        if copy:
            why += f"; {copy.describe()}: {copy.url}"
        if len(why) > WHY_CHARS:
            why = why[: WHY_CHARS - 1] + "…"
        pages = ", ".join(map(str, c.pages)) or "-"
        name = md(c.report.rsplit("/", 1)[-1])
        label = md(c.label or "-")
        row = (
            f"| {name} | {md(c.criterion or '-')} | {label} | {pages} | {md(why)} | "
            f"{_link(c.url)} |"
        )
        if size + len(row) + 200 > max_chars:
            break
        lines.append(row)
        size += len(row) + 1
        shown += 1
    if len(failing) > shown:
        lines.append(f"\n… and {len(failing) - shown} more (see report.json or report.html).")
    return "\n".join(lines) + "\n"
