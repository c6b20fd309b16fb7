"""report.html: one self-contained page (no script, no network, no CDN) for the secretariat and
auditors. A headline first (what fails, how many, since when) with a link to each failure, then
one section per report (failing criteria open, passing ones collapsed), then what every document
is now. Every state is said in words (`verifier.report.htmlkit`), never as a bare enum value.

Usable at thousands of citations without script: anchor jump lists instead of a filter, and the
passing parts collapsed. Every value from a report or a server is escaped (`htmlkit.e`).
"""

from __future__ import annotations

from collections import Counter

from verifier.models import (
    CitationResult,
    DocumentResult,
    Outcome,
    PageDriftKind,
    RunResult,
    RunStatus,
)
from verifier.models import DriftKind as DK
from verifier.report.htmlkit import (
    CHECK_WORDS,
    VERDICT_WORDS,
    Cell,
    archived_copy_html,
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
from verifier.report.meta import meta_parts
from verifier.report.order import OUTCOME_ORDER, criterion_key

__all__ = ["CSP", "render_html", "status_chart"]

# Nothing may load or run: the page is a self-contained document, safe to open from anywhere.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
# Drift worth showing outside its criterion: a document that moved, changed, broke or came back.
NOTABLE_DRIFT = frozenset({DK.MOVED, DK.CHANGED, DK.BROKE, DK.RECOVERED})


def status_chart(d: DocumentResult) -> str:
    """One square per recorded run, oldest first, coloured by verdict; hover says which."""
    cells = [Cell(h.verdict, h.run, h.at[:10], VERDICT_WORDS.get(h.verdict, str(h.verdict)))
             for h in d.history]  # fmt: skip
    return strip(cells, f"status over the last {plural(len(cells), 'run')}")


def _anchor(result: RunResult) -> dict[int, str]:
    """A stable anchor per citation (its position in the run), for the jump lists."""
    return {id(c): f"c{i}" for i, c in enumerate(result.citations)}


def _headline(result: RunResult, anchors: dict[int, str]) -> list[str]:
    failing = result.failing_citations
    n_ev = result.evidence_citations
    if not failing:
        words = f"All {plural(n_ev, 'evidence citation')} pass."
        if not n_ev:
            words = "No evidence citations in this run."
        return [f'<p class="headline good">{e(words)}</p>']
    docs = {c.citation.url for c in failing}
    reports = {c.citation.report for c in failing}
    since = sorted(
        (c.document.failing.since or "")[:10]
        for c in failing
        if c.document and c.document.failing and c.document.failing.since
    )
    when = f"; the oldest has failed since {since[0]}" if since else ""
    out = [
        f'<p class="headline bad"><b>{plural(len(failing), "failing evidence citation")}</b> '
        f"of {n_ev}, in {plural(len(docs), 'document')} across "
        f"{plural(len(reports), 'report')}{e(when)}.</p>",
        f'<h2 id="failures">What fails ({len(failing)})</h2>',
    ]
    by_report: dict[str, list[CitationResult]] = {}
    for c in failing:
        by_report.setdefault(c.citation.report, []).append(c)
    for name, cites in by_report.items():
        if len(by_report) > 1:
            out.append(f"<h3>{e(_report_name(name))} ({len(cites)})</h3>")
        out.append('<ol class="fails">')
        out.extend(f"<li>{_failure_line(c, anchors)}</li>" for c in cites)
        out.append("</ol>")
    return out


def _failure_line(c: CitationResult, anchors: dict[int, str]) -> str:
    cit, doc = c.citation, c.document
    where = cit.criterion or "outside the findings"
    what = "; ".join(describe_check(k) for k in c.failed_checks)
    streak = failing_since(doc) if doc else ""
    return (
        f'<a href="#{anchors[id(c)]}">{e(where)}</a>: {e(cit.label or cit.url)} — '
        f"{verdict_badge(doc.verdict if doc else None)} {e(what)}"
        + (f" <span class=muted>({e(streak)})</span>" if streak else "")
    )


def _overviews(result: RunResult) -> list[str]:
    """What each report states about its audit (its overview table), at the top of the page."""
    stated = [r for r in result.reports if not r.meta.empty]
    if not stated:
        return []
    items = [
        f"<li><b>{e(_report_name(r.path))}</b>: {e(' · '.join(meta_parts(r.meta)))}</li>"
        for r in stated[:50]
    ]
    if len(stated) > 50:
        items.append(f"<li>… and {len(stated) - 50} more reports (see report.json)</li>")
    return ['<ul class="overview">', *items, "</ul>"]


def _report_name(path: str) -> str:
    """The report as people know it: its file name (the entity is in the overview list)."""
    return path.rsplit("/", 1)[-1]


def _summary(result: RunResult) -> list[str]:
    out = ['<h2 id="summary">Summary</h2>', "<table><tr><th>evidence documents</th>"
           "<th class=num>count</th></tr>"]  # fmt: skip
    by_verdict = Counter(d.verdict for d in result.evidence_documents)
    for verdict, n in sorted(by_verdict.items(), key=lambda kv: (kv[0] != "ok", kv[0])):
        out.append(f"<tr><td>{verdict_badge(verdict)}</td><td class=num>{n}</td></tr>")
    out.append("</table>")
    counts = result.check_counts()
    if counts:
        out.append(
            "<table><tr><th>check (evidence citations)</th><th class=num>passes</th>"
            "<th class=num>fails</th><th class=num>could not tell</th></tr>"
        )
        for name, c in counts.items():
            out.append(
                f"<tr><td>{e(CHECK_WORDS.get(name, name))}</td><td class=num>{c['pass']}</td>"
                f"<td class=num>{c['fail']}</td><td class=num>{c['unverifiable']}</td></tr>"
            )
        out.append("</table>")
    drift = Counter(d.drift.kind for d in result.documents if d.drift)
    if drift:
        words = [f"{plural(n, 'document')} {_drift_short(k)}" for k, n in sorted(drift.items())]
        out.append(f"<p>Since the last run: {e('; '.join(words))}.</p>")
    base = Counter(p.drift.kind for c in result.citations for p in c.page_drift)
    if base:
        out.append(
            "<p>Cited pages against the audit baseline: "
            + e("; ".join(f"{n} {_page_short(k)}" for k, n in sorted(base.items())))
            + ".</p>"
        )
    for err in result.errors:
        out.append(f"<p class=failing>Could not read {e(err.path)}: {e(err.message)}</p>")
    return out


def _drift_short(kind: DK) -> str:
    return {DK.NEW: "seen for the first time", DK.UNCHANGED: "unchanged",
            DK.REENCODED: "re-saved with the same text", DK.CHANGED: "with changed text",
            DK.MOVED: "moved", DK.BROKE: "stopped working",
            DK.RECOVERED: "working again"}.get(kind, str(kind))  # fmt: skip


def _page_short(kind: PageDriftKind) -> str:
    return {PageDriftKind.UNCHANGED: "unchanged", PageDriftKind.CHANGED: "changed",
            PageDriftKind.RELOCATED: "moved to another page", PageDriftKind.MISSING: "missing",
            PageDriftKind.UNVERIFIABLE: "could not be compared (no baseline text)",
            }.get(kind, str(kind))  # fmt: skip


def _citation_row(cr: CitationResult, anchor: str) -> str:
    c, doc = cr.citation, cr.document
    checks = sorted(cr.checks, key=lambda k: OUTCOME_ORDER.get(k.outcome, 3))
    if checks and all(k.outcome == Outcome.PASS for k in checks):
        names = ", ".join(CHECK_WORDS.get(str(k.name), str(k.name)) for k in checks)
        check_html = f'{outcome_badge(Outcome.PASS)} <span title="{e(names)}">' + (
            f"all {len(checks)} checks</span>" if len(checks) > 1 else f"{e(names)}</span>"
        )
    else:
        check_html = "<br>".join(
            f"{outcome_badge(k.outcome)} {e(describe_check(k))}" for k in checks
        )
    changes = [redirected(doc)] if doc else []
    changes += [describe_drift(doc.drift, ok=doc.ok)] if doc and doc.drift else []
    changes += [describe_baseline_page(p) for p in cr.page_drift]
    if cr.baseline and cr.baseline.note:
        changes.append(cr.baseline.note)
    streak = failing_since(doc) if doc else ""
    cls = ' class="failing"' if cr.failed_checks else ""
    return (
        f'<tr id="{anchor}"{cls}><td>{e(c.label or "-")}<br>{link(c.url)}</td>'
        f"<td>{e(', '.join(map(str, c.pages)) or '-')}</td>"
        f"<td>{verdict_badge(doc.verdict if doc else None)}"
        + (f"<br><span class=muted>{e(streak)}</span>" if streak else "")
        + f"</td><td>{check_html}</td>"
        f"<td>{'<br>'.join(e(x) for x in changes if x)}</td></tr>"
    )


_TABLE_HEAD = (
    "<table><tr><th>document cited</th><th>pages</th><th>now</th><th>checks</th>"
    "<th>changes</th></tr>"
)


def _criterion(crit: str | None, cites: list[CitationResult], anchors: dict[int, str]) -> str:
    cites = sorted(cites, key=lambda c: not c.failed_checks)
    first = cites[0].citation
    title = f"{crit} {first.criterion_title or ''}" if crit else "Outside the findings"
    rating = f" · {first.rating}" if first.rating else ""
    n_fail = sum(1 for c in cites if c.failing)
    flag = f" · <b>{n_fail} failing</b>" if n_fail else f" · {plural(len(cites), 'citation')}"
    rows = "".join(_citation_row(c, anchors[id(c)]) for c in cites)
    return (
        f"<details{' open' if n_fail else ''}><summary>{e(title)}{e(rating)}{flag}</summary>"
        f"{_TABLE_HEAD}{rows}</table></details>"
    )


def _reports(result: RunResult, anchors: dict[int, str]) -> list[str]:
    by_report: dict[str, dict[str | None, list[CitationResult]]] = {}
    for cr in result.citations:
        by_report.setdefault(cr.citation.report, {}).setdefault(cr.citation.criterion, []).append(
            cr
        )
    out = ['<h2 id="reports">Reports</h2>']
    for i, (name, criteria) in enumerate(by_report.items()):
        cites = [c for group in criteria.values() for c in group]
        n_fail = sum(c.failing for c in cites)
        n_ev = sum(c.citation.evidence for c in cites)
        state = f"<b>{n_fail} failing</b> of {n_ev} evidence citations" if n_fail else (
            f"all {plural(n_ev, 'evidence citation')} pass")  # fmt: skip
        out.append(
            f'<h3 id="r{i}">{e(_report_name(name))}</h3>'
            f"<p class=muted>{e(name)} · {plural(len(cites), 'citation')}; {state}</p>"
        )
        key = {k: (not any(c.failing for c in v), criterion_key(k)) for k, v in criteria.items()}
        order = sorted(criteria, key=key.__getitem__)
        failing = [k for k in order if not key[k][0]]
        passing = [k for k in order if key[k][0]]
        out.extend(_criterion(k, criteria[k], anchors) for k in failing)
        if passing:
            out.append(
                f"<details><summary>{plural(len(passing), 'criterion', 'criteria')} "
                f"with no failing evidence</summary>"
            )
            out.extend(_criterion(k, criteria[k], anchors) for k in passing)
            out.append("</details>")
    return out


def _document_row(d: DocumentResult, label: str | None) -> str:
    fp = d.fingerprint
    name = (fp.title if fp and fp.title else None) or label
    now = describe_document(d)
    notes = [x for x in (failing_since(d), redirected(d), describe_drift(d.drift, ok=d.ok)) if x]
    return (
        f"<tr><td>{e(name or '')}{'<br>' if name else ''}{link(d.url)}</td>"
        f"<td>{verdict_badge(d.verdict)} {e(now)}"
        + "".join(f"<br><span class=muted>{e(n)}</span>" for n in notes)
        + f"</td><td>{status_chart(d)}</td>"
        f"<td>{archived_copy_html(d)}</td></tr>"
    )


_DOC_HEAD = (
    "<table><tr><th>document</th><th>what it is now</th><th>status over time</th>"
    "<th>archived copy</th></tr>"
)


def _documents(result: RunResult) -> list[str]:
    docs = sorted(result.documents, key=lambda d: (d.ok, d.url))
    labels: dict[str, str] = {}
    for c in result.citations:  # how a report names a document that has no title
        if c.citation.label:
            labels.setdefault(c.citation.url, c.citation.label)
    # One pass, not `d not in notable`: that compared dataclasses field by field, and a run
    # of 10,000 documents with 695 failing took 10.8 s to render instead of 0.7 s.
    notable, quiet = [], []
    for d in docs:
        is_notable = not d.ok or (d.drift and d.drift.kind in NOTABLE_DRIFT) or redirected(d)
        (notable if is_notable else quiet).append(d)
    out = [f'<h2 id="documents">Documents ({len(docs)})</h2>']
    if notable:
        out.append(f"<p>{plural(len(notable), 'document')} failing, moved or changed:</p>")
        out += [_DOC_HEAD, *(_document_row(d, labels.get(d.url)) for d in notable), "</table>"]
    if quiet:
        out.append(
            f"<details><summary>{plural(len(quiet), 'document')} available and unchanged"
            f"</summary>{_DOC_HEAD}"
        )
        out += [*(_document_row(d, labels.get(d.url)) for d in quiet), "</table></details>"]
    return out


def render_html(result: RunResult) -> str:
    anchors = _anchor(result)
    names = [_report_name(r) for r in result.report_paths]
    shown = ", ".join(names) if len(names) <= 3 else f"{len(names)} reports"
    head = (
        f"<p class=muted>Generated {e(when(result.generated_at))} by verifier "
        f"{e(result.tool_version)}"
        + (f", run {e(result.run_id)}" if result.run_id else "")
        + f" · {e(shown)}</p>"
    )
    jump = ['<a href="#failures">What fails</a>'] if result.failing_citations else []
    jump += ['<a href="#summary">Summary</a>']
    cited = dict.fromkeys(_report_name(c.citation.report) for c in result.citations)
    jump += [f'<a href="#r{i}">{e(n)}</a>' for i, n in enumerate(cited)]
    jump += ['<a href="#documents">Documents</a>']
    partial = (
        [f"<p class=failing><b>This run is {e(result.status)}</b>: what follows is what it "
         "settled before it stopped, not a whole check.</p>"]
        if result.status != RunStatus.COMPLETE
        else []
    )  # fmt: skip
    body = [
        "<h1>Evidence check</h1>",
        head,
        *partial,
        *_overviews(result),
        *_headline(result, anchors),
        f'<nav class="jump">Jump to: {" ".join(jump)}</nav>',
        *_summary(result),
        *_reports(result, anchors),
        *_documents(result),
    ]
    return document_page("Evidence check", body, csp=CSP)
