"""The site's pages: the index over every report, one page per report, one per document.

Pure functions from `SiteData` to HTML text; `verifier.site.build` writes them. Links between
pages are relative (`paths`), so the site works from file:// and from any Pages sub-path.
Every value from a report or a server goes through `e()`; states are said in the same words as
report.html (`verifier.report.htmlkit`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence

from verifier.models import CitationResult, FetchResult, Observation, Outcome, Verdict
from verifier.report.htmlkit import (
    VERDICT_WORDS,
    Cell,
    describe_baseline_page,
    describe_check,
    describe_document,
    describe_drift,
    document_page,
    e,
    failing_since,
    link,
    outcome_badge,
    plural,
    redirected,
    strip,
    verdict_badge,
    when,
)
from verifier.report.order import OUTCOME_ORDER, criterion_key
from verifier.site.collect import (
    CitationKey,
    DocumentView,
    ReportView,
    SiteData,
    TextChange,
    TrendPoint,
)
from verifier.site.script import CSP_INDEX, CSP_NO_SCRIPT, SCRIPT
from verifier.store.history import TimelinePoint

SITE_CSS = """
button.sort{font:inherit;font-weight:bold;border:0;background:none;padding:0;cursor:pointer;
text-decoration:underline dotted}th[aria-sort=ascending] button.sort::after{content:" \\25B2"}
th[aria-sort=descending] button.sort::after{content:" \\25BC"}#controls{margin:.6rem 0}
#controls input[type=search]{width:18rem;padding:.2rem .4rem}.crumbs{margin:0 0 .5rem}
"""


def report_path(name: str) -> str:
    """reports/<file-stem>-<hash>.html: readable, unique, and safe whatever the name holds."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.rsplit("/", 1)[-1].lower()).strip("-")[:60]
    return f"reports/{stem or 'report'}-{hashlib.sha256(name.encode()).hexdigest()[:8]}.html"


def document_path(url: str) -> str:
    return f"documents/{hashlib.sha256(url.encode()).hexdigest()[:16]}.html"


def display_name(report: ReportView) -> str:
    """The file name for now; the entity and the report's title once metadata exists."""
    return report.name.rsplit("/", 1)[-1]


# --- the index ---------------------------------------------------------------------------------


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
            f"<td>{e(r.entity) if r.entity else '<span class=muted>not known yet</span>'}</td>"
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


# --- a report ----------------------------------------------------------------------------------


def citation_strip(site: SiteData, key: CitationKey) -> str:
    seen = site.strips.get(key, {})
    cells = []
    for run in site.runs:
        if run.id not in seen:
            cells.append(Cell("absent", run.id, run.started_at[:10], "not checked"))
        else:
            state = Outcome.FAIL if seen[run.id] else Outcome.PASS
            words = "failing" if seen[run.id] else "passing"
            cells.append(Cell(state, run.id, run.started_at[:10], words))
    return strip(cells, f"this citation over the last {plural(len(cells), 'run')}")


def _baseline(cr: CitationResult) -> list[str]:
    b = cr.baseline
    if b is None:
        return []
    how = "pinned" if b.pinned else "first readable version"
    out = [f"audit baseline: run {b.run_id} of {b.observed_at[:10]} ({how})"]
    if b.note:
        out.append(b.note)
    if b.document:
        out.append(f"document {b.document} since the baseline")
    out += [describe_baseline_page(p) for p in cr.page_drift]
    return out


def _citation_row(site: SiteData, cr: CitationResult, anchor: str, up: str) -> str:
    c, doc = cr.citation, cr.document
    checks = sorted(cr.checks, key=lambda k: OUTCOME_ORDER.get(k.outcome, 3))
    if checks and all(k.outcome == Outcome.PASS for k in checks):
        check_html = f"{outcome_badge(Outcome.PASS)} " + e(
            f"all {len(checks)} checks" if len(checks) > 1 else describe_check(checks[0])
        )
    else:
        check_html = "<br>".join(f"{outcome_badge(k.outcome)} {e(describe_check(k))}"
                                 for k in checks)  # fmt: skip
    notes = [redirected(doc)] if doc else []
    notes += _baseline(cr) + ([describe_drift(doc.drift, ok=doc.ok)] if doc and doc.drift else [])
    streak = failing_since(doc) if doc else ""
    title = doc.fingerprint.title if doc and doc.fingerprint else None
    shown = e(c.label or title or "document")
    doc_link = (
        f'<a href="{up}{document_path(c.url)}">{shown}</a>' if c.url in site.documents else shown
    )
    cls = ' class="failing"' if cr.failed_checks else ""
    return (
        f'<tr id="{anchor}"{cls}><td>{doc_link}<br>{link(c.url)}</td>'
        f"<td>{e(', '.join(map(str, c.pages)) or '-')}</td>"
        f"<td>{verdict_badge(doc.verdict if doc else None)}"
        + (f"<br><span class=muted>{e(streak)}</span>" if streak else "")
        + f"</td><td>{check_html}</td><td>{citation_strip(site, (c.report, c.criterion, c.url))}"
        f"</td><td>{'<br>'.join(e(n) for n in notes if n)}</td>"
        # No archived-copy data yet: the slot where the kept copy will be linked.
        "<td class=muted>not recorded</td></tr>"
    )


def criterion_anchor(criterion: str | None) -> str:
    return "k-" + (re.sub(r"[^A-Za-z0-9.-]+", "_", criterion) if criterion else "none")


def render_report(site: SiteData, report: ReportView) -> str:
    up = "../"
    criteria: dict[str | None, list[tuple[int, CitationResult]]] = {}
    for i, cr in enumerate(report.citations):
        criteria.setdefault(cr.citation.criterion, []).append((i, cr))
    failing = report.failing
    evidence = sum(c.citation.evidence for c in report.citations)
    name = display_name(report)
    body = [
        f'<p class="crumbs"><a href="{up}index.html">All reports</a></p>',
        f"<h1>{e(name)}</h1>",
        f"<p class=muted>{e(report.name)} · entity: {e(report.entity or 'not known yet')} · "
        f"last checked in run {report.run.id} on {e(when(report.run.started_at))}"
        f" · {plural(len(report.citations), 'citation')}</p>",
    ]
    if failing:
        since = sorted(
            (c.document.failing.since or "")[:10]
            for c in failing
            if c.document and c.document.failing and c.document.failing.since
        )
        body.append(
            f'<p class="headline bad"><b>{plural(len(failing), "failing evidence citation")}'
            f"</b> of {evidence}"
            + (f"; the oldest has failed since {e(since[0])}" if since else "")
            + ".</p><ol class=fails>"
        )
        index = {id(c): i for i, c in enumerate(report.citations)}
        for c in failing:
            what = "; ".join(describe_check(k) for k in c.failed_checks)
            crit = c.citation.criterion or "outside the findings"
            body.append(
                f'<li><a href="#c{index[id(c)]}">{e(crit)}</a>: '
                f"{e(c.citation.label or c.citation.url)} — {e(what)}</li>"
            )
        body.append("</ol>")
    else:
        body.append(
            f'<p class="headline good">All {plural(evidence, "evidence citation")} pass.</p>'
        )
    head = (
        "<table><tr><th>document cited</th><th>pages</th><th>now</th><th>checks</th>"
        f"<th>over the last {plural(len(site.runs), 'run')}</th><th>baseline and changes</th>"
        "<th>archived copy</th></tr>"
    )
    order = sorted(
        criteria,
        key=lambda k: (not any(c.failing for _, c in criteria[k]), criterion_key(k)),
    )
    passing_open = False
    for crit in order:
        cites = sorted(criteria[crit], key=lambda ic: not ic[1].failed_checks)
        first = cites[0][1].citation
        n_fail = sum(c.failing for _, c in cites)
        if not n_fail and not passing_open:
            rest = sum(1 for k in order if not any(c.failing for _, c in criteria[k]))
            body.append(
                f"<details><summary>{plural(rest, 'criterion', 'criteria')} with no failing "
                "evidence</summary>"
            )
            passing_open = True
        title = f"{crit} {first.criterion_title or ''}" if crit else "Outside the findings"
        rating = f" · {first.rating}" if first.rating else ""
        flag = f" · <b>{n_fail} failing</b>" if n_fail else f" · {plural(len(cites), 'citation')}"
        body.append(
            f'<details id="{criterion_anchor(crit)}"{" open" if n_fail else ""}><summary>'
            f"{e(title)}{e(rating)}{flag}</summary>{head}"
            + "".join(_citation_row(site, c, f"c{i}", up) for i, c in cites)
            + "</table></details>"
        )
    if passing_open:
        body.append("</details>")
    return document_page(f"{name} · evidence", body, csp=CSP_NO_SCRIPT, css=SITE_CSS)


# --- a document --------------------------------------------------------------------------------


def events(points: Sequence[TimelinePoint]) -> list[tuple[TimelinePoint, str]]:
    """What happened to a document, run by run: the runs where something changed."""
    out: list[tuple[TimelinePoint, str]] = []
    prev: TimelinePoint | None = None
    prev_landing = ""
    content: str | None = None
    for p in points:
        words = []
        landing = _landing(p)
        if prev is None:
            words.append(f"first seen in this window: {VERDICT_WORDS.get(p.verdict, p.verdict)}")
        elif p.verdict != prev.verdict:
            words.append(f"now {VERDICT_WORDS.get(p.verdict, p.verdict)}")
        if p.verdict != Verdict.OK and (prev is None or p.verdict != prev.verdict) and p.reason:
            words.append(p.reason)
        if p.sha256 and content and p.sha256 != content:
            words.append("a new version of the file")
        if prev is not None and landing != prev_landing and p.verdict == Verdict.OK:
            words.append(f"now served from {landing}")
        if p.sha256:
            content = p.sha256
        if words:
            out.append((p, "; ".join(words)))
        prev, prev_landing = p, landing
    return out


def _landing(p: TimelinePoint) -> str:
    """Where the URL ended up, as `Observation.landing` says it (a replica on another port is
    not a move)."""
    fetch = FetchResult(p.url, p.fetched_url or p.url, p.final_url, p.verdict, p.reason)
    return Observation(fetch, None, p.observed_at).landing


def _diff_html(change: TextChange) -> str:
    lines = []
    for line in change.diff.splitlines():
        cls = ""
        if line.startswith(("+++", "---")):
            cls = "hunk"
        elif line.startswith("+"):
            cls = "add"
        elif line.startswith("-"):
            cls = "del"
        elif line.startswith("@@"):
            cls = "hunk"
        lines.append(f'<span class="{cls}">{e(line)}</span>' if cls else e(line))
    more = "\n… (diff cut here; `verifier diff URL` shows all of it)" if change.truncated else ""
    return f'<pre class="diff">{chr(10).join(lines)}{e(more)}</pre>'


def render_document(site: SiteData, view: DocumentView, reports: dict[str, ReportView]) -> str:
    up = "../"
    d = view.document
    fp = d.fingerprint
    title = (fp.title if fp and fp.title else None) or view.label or "Document"
    body = [
        f'<p class="crumbs"><a href="{up}index.html">All reports</a></p>',
        f"<h1>{e(title)}</h1>",
        f"<p>{link(d.url)}</p>",
        f"<p>{verdict_badge(d.verdict)} {e(describe_document(d))}"
        + "".join(
            f"<br><span class=muted>{e(x)}</span>"
            for x in (failing_since(d), redirected(d), describe_drift(d.drift, ok=d.ok))
            if x
        )
        + "</p>",
        # No archived-copy data yet: the slot where the kept copies will be listed.
        "<p class=muted>Archived copy: not recorded yet.</p>",
        "<h2>Cited by</h2><ul>",
    ]
    for report, criterion, _url in view.cited_by:
        r = reports.get(report)
        where = f"{display_name(r) if r else report} · {criterion or 'outside the findings'}"
        target = f"{up}{report_path(report)}#{criterion_anchor(criterion)}"
        body.append(f'<li><a href="{target}">{e(where)}</a></li>')
    body.append("</ul>")
    cells = [Cell(p.verdict, p.run_id, p.observed_at[:10], VERDICT_WORDS.get(p.verdict, p.verdict))
             for p in view.timeline]  # fmt: skip
    body.append(f"<h2>Over the last {plural(len(view.timeline), 'observation')}</h2>")
    body.append(f"<p>{strip(cells, 'verdicts over time')}</p>")
    changed = {c.new.observation_id for c in view.changes}
    body.append("<table><tr><th>run</th><th>date</th><th>what happened</th></tr>")
    for p, words in reversed(events(view.timeline)):
        more = (
            f' (<a href="#change-{p.run_id}">see the text changes</a>)'
            if p.observation_id in changed
            else ""
        )
        body.append(
            f"<tr><td class=num>{p.run_id}</td><td>{e(when(p.observed_at))}</td>"
            f"<td>{e(words)}{more}</td></tr>"
        )
    body.append("</table>")
    if view.changes:
        body.append("<h2>Text changes, page by page</h2>")
        for c in view.changes:
            body.append(
                f'<h3 id="change-{c.new.run_id}">Run {c.old.run_id} ({e(c.old.observed_at[:10])})'
                f" → run {c.new.run_id} ({e(c.new.observed_at[:10])})</h3>{_diff_html(c)}"
            )
    return document_page(f"{title} · evidence", body, csp=CSP_NO_SCRIPT, css=SITE_CSS)
