"""One page per document: what it is now, who cites it, what happened run by run, and its
last text changes page by page (the same diff as `verifier diff`). No script.
"""

from __future__ import annotations

from collections.abc import Sequence

from verifier.models import FetchResult, Observation, Verdict
from verifier.report.htmlkit import (
    VERDICT_WORDS,
    Cell,
    archived_copy_html,
    describe_document,
    describe_drift,
    document_page,
    e,
    failing_since,
    link,
    plural,
    redirected,
    strip,
    verdict_badge,
    when,
)
from verifier.site.collect import (
    DocumentView,
    ReportView,
    SiteData,
    TextChange,
)
from verifier.site.common import (
    SITE_CSS,
    criterion_anchor,
    display_name,
    report_path,
)
from verifier.site.script import CSP_NO_SCRIPT
from verifier.store.history import TimelinePoint


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
        f"<p>Archived copy: {archived_copy_html(d)}</p>",
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
