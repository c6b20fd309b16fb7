"""The site's index: every report, its failing evidence and the trend over the last runs.

Pure functions from `SiteData` to HTML; the page's one script (sort, filter) is allowed by hash.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from verifier.models import Verdict
from verifier.report.htmlkit import (
    document_page,
    e,
    plural,
    verdict_badge,
    when,
)
from verifier.site.collect import (
    ReportView,
    SiteData,
    TrendPoint,
)
from verifier.site.common import (
    SITE_CSS,
    display_name,
    report_path,
)
from verifier.site.script import CSP_INDEX, SCRIPT


def trend_chart(points: Sequence[TrendPoint], runs: int, top: int) -> str:
    """Failing evidence citations per run, as bars (oldest first) on one scale for every report
    (`top` is the most failing in any run of any); hover says how many."""
    if not points:
        return ""
    top = max(top, 1)
    bars = []
    for i, p in enumerate(points):
        h = 2 if not p.failing else 4 + round(16 * p.failing / top)
        colour = "#c62828" if p.failing else "#2e7d32"
        bars.append(
            f'<rect x="{i * 6}" y="{20 - h}" width="5" height="{h}" fill="{colour}">'
            f"<title>run {p.run_id}, {e(p.at[:10])}: {p.failing} of {p.evidence} evidence "
            f"citations failing</title></rect>"
        )
    width = max(len(points), 1) * 6
    return (
        f'<svg width="{width}" height="20" viewBox="0 0 {width} 20" role="img" '
        f'aria-label="failing evidence citations over the last {plural(runs, "run")}">'
        f"{''.join(bars)}</svg>"
    )


def _verdict_summary(report: ReportView) -> str:
    docs = {c.citation.url: c.document for c in report.citations if c.citation.evidence}
    counts = Counter(d.verdict for d in docs.values() if d is not None)
    ordered = sorted(counts.items(), key=lambda kv: (kv[0] != Verdict.OK, kv[0]))
    return (
        " ".join(f"{verdict_badge(v)} {n}" for v, n in ordered) or "<span class=muted>none</span>"
    )


def render_index(site: SiteData) -> str:
    reports = sorted(site.reports, key=lambda r: (-len(r.failing), display_name(r)))
    failing = sum(len(r.failing) for r in reports)
    bad = sum(1 for r in reports if r.failing)
    evidence = sum(c.citation.evidence for r in reports for c in r.citations)
    if not reports:
        head = '<p class="headline">No report has been checked by a complete run yet.</p>'
    elif failing:
        head = (
            f'<p class="headline bad"><b>{plural(failing, "failing evidence citation")}</b> of '
            f"{evidence}, in {bad} of {len(reports)} report{'s' if len(reports) != 1 else ''} "
            "(each as last checked)."
            "</p>"
        )
    else:
        head = (
            f'<p class="headline good">All {plural(evidence, "evidence citation")} in '
            f"{plural(len(reports), 'report')} pass.</p>"
        )
    last = site.runs[-1] if site.runs else None
    top = max((p.failing for r in reports for p in r.trend), default=1)
    rows = []
    for r in reports:
        rows.append(
            f'<tr data-name="{e(display_name(r).lower())} {e((r.entity or "").lower())}" '
            f'data-failing="{len(r.failing)}">'
            f'<td data-v="{e(display_name(r))}"><a href="{report_path(r.name)}">'
            f"{e(display_name(r))}</a></td>"
            f"<td>{e(r.entity) if r.entity else '<span class=muted>not stated</span>'}</td>"
            f'<td data-v="{e(r.run.started_at)}">{e(r.run.started_at[:10])} '
            f"<span class=muted>(run {r.run.id})</span></td>"
            f"<td>{_verdict_summary(r)}</td>"
            f'<td class=num data-v="{len(r.failing)}">{len(r.failing)}</td>'
            f"<td>{trend_chart(r.trend, len(site.runs), top)}</td></tr>"
        )
    body = [
        "<h1>Evidence portfolio</h1>",
        f"<p class=muted>Built {e(when(site.generated_at))} from the last "
        f"{plural(len(site.runs), 'run')} in the history"
        + (f"; the latest is run {last.id} of {e(last.started_at[:10])}" if last else "")
        + ".</p>",
        head,
        '<div id="controls" hidden><label>Filter: <input type="search" id="q" '
        'placeholder="report name"></label> <label><input type="checkbox" id="failing-only"> '
        'only reports with failing evidence</label> <span id="shown" class="muted"></span></div>',
        '<table id="reports"><thead><tr><th data-sort="text">report</th><th>entity</th>'
        '<th data-sort="text">last checked</th><th>evidence documents</th>'
        '<th data-sort="num">failing citations</th>'
        f"<th>failing over the last {plural(len(site.runs), 'run')}</th></tr></thead><tbody>",
        *rows,
        "</tbody></table>",
    ]
    return document_page("Evidence portfolio", body, csp=CSP_INDEX, css=SITE_CSS, script=SCRIPT)
