"""What `verifier check` prints when done: counts, one line per report when there are several,
then what failed (capped, with the rest counted). A pure function to text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from verifier.models import CheckName, RunResult
from verifier.report.meta import meta_line

MAX_LINES = 30


def console_summary(result: RunResult, out_dir: Path) -> str:
    verdicts = result.verdict_counts()
    by_verdict = ", ".join(f"{n} {v}" for v, n in verdicts.items())
    lines = [
        f"{len(result.evidence_documents)} evidence documents ({by_verdict or 'none'}) cited "
        f"{result.evidence_citations} times in {len(result.reports)} report(s); "
        f"run {result.run_id}; reports: {out_dir}/report.html (and .json, .md, .csv, junit.xml)"
    ]
    stated = [r for r in result.reports if not r.meta.empty]
    lines += [f"  {meta_line(r)}" for r in stated[:MAX_LINES]]
    if len(stated) > MAX_LINES:
        lines.append(f"  … and {len(stated) - MAX_LINES} more reports (see report.json)")
    if len(result.reports) > 1:
        cited: Counter[str] = Counter()
        failing: Counter[str] = Counter()
        for c in result.citations:
            if c.citation.evidence:
                cited[c.citation.report] += 1
                failing[c.citation.report] += c.failing
        for report in result.report_paths:
            status = f"{failing[report]} failing" if failing[report] else "all pass"
            lines.append(f"  {report}: {cited[report]} evidence citations, {status}")
    docs = result.failing_documents
    for d in docs[:MAX_LINES]:
        runs = f", failing {d.streak} runs in a row" if d.streak > 1 else ""
        lines.append(f"  {d.verdict:11} {d.url}  ({d.fetch.reason}{runs})")
        if d.archived_copy:
            lines.append(f"              {d.archived_copy.describe()}: {d.archived_copy.url}")
    if len(docs) > MAX_LINES:
        lines.append(f"  … and {len(docs) - MAX_LINES} more failing documents (see report.html)")
    content = [c for c in result.failing_citations if c.content_failures]
    if content:
        lines.append(f"{len(content)} evidence citation(s) with failing content checks:")
        for c in content[:MAX_LINES]:
            for k in c.failed_checks:
                if k.name != CheckName.REACHABLE and not k.name.advisory:
                    crit = c.citation.criterion or "-"
                    lines.append(f"  {crit:8} {k.name:13} {c.citation.url}  ({k.detail})")
        if len(content) > MAX_LINES:
            lines.append(f"  … and {len(content) - MAX_LINES} more (see report.html)")
    advisory = result.check_counts()
    noted = {n: advisory[n]["fail"] for n in (CheckName.TOPIC, CheckName.CURRENT) if n in advisory}
    if any(noted.values()):
        said = ", ".join(f"{n} {name}" for name, n in noted.items() if n)
        lines.append(
            f"Advisory (standard pack, not failing the run): {said} failed; see report.html"
        )
    return "\n".join(lines) + "\n"
