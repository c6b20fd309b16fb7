"""What `verifier check` prints when done: counts, then what failed. A pure function to text."""

from __future__ import annotations

from pathlib import Path

from verifier.models import CheckName, RunResult


def console_summary(result: RunResult, out_dir: Path) -> str:
    verdicts = result.verdict_counts()
    by_verdict = ", ".join(f"{n} {v}" for v, n in verdicts.items())
    lines = [
        f"{len(result.evidence_documents)} evidence documents ({by_verdict or 'none'}) cited "
        f"{result.evidence_citations} times in {len(result.reports)} report(s); "
        f"run {result.run_id}; reports: {out_dir}/report.html (and .json, .md, .csv, junit.xml)"
    ]
    for d in result.failing_documents:
        runs = f", failing {d.streak} runs in a row" if d.streak > 1 else ""
        lines.append(f"  {d.verdict:11} {d.url}  ({d.fetch.reason}{runs})")
        if d.archived_copy:
            lines.append(f"              {d.archived_copy.describe()}: {d.archived_copy.url}")
    content = [c for c in result.failing_citations if c.content_failures]
    if content:
        lines.append(f"{len(content)} evidence citation(s) with failing content checks:")
        for c in content:
            for k in c.failed_checks:
                if k.name != CheckName.REACHABLE:
                    crit = c.citation.criterion or "-"
                    lines.append(f"  {crit:8} {k.name:13} {c.citation.url}  ({k.detail})")
    return "\n".join(lines) + "\n"
