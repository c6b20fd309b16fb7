"""One page per report: failures first, each citation with its strip over the last runs, its
baseline and drift. No script; every value escaped (`htmlkit.e`).
"""

from __future__ import annotations

from verifier.models import CitationResult, Outcome
from verifier.report.htmlkit import (
    Cell,
    archived_copy_html,
    describe_baseline_page,
    describe_check,
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
    ReportView,
    SiteData,
)
from verifier.site.common import (
    SITE_CSS,
    criterion_anchor,
    display_name,
    document_path,
)
from verifier.site.script import CSP_NO_SCRIPT


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
        f"<td>{archived_copy_html(doc) if doc else ''}</td></tr>"
    )


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
        f"<p class=muted>{e(report.name)} · entity: {e(report.entity or 'not stated')} · "
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
