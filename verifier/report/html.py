"""report.html: one self-contained page (no script, no network, no CDN) for the secretariat and
auditors. Summary first, then findings grouped by report and criterion, failures first; per
document a status-over-time chart (inline SVG) from the history and the page-level changes.

Every value that comes from a report or a server goes through `e()` (html.escape with quotes):
a URL or PDF title containing <script> renders as text. Links are only made from http(s) URLs.
"""

from __future__ import annotations

import html
import re

from verifier.models import CitationResult, DocumentResult, HistoryPoint, PageDriftKind, RunResult
from verifier.models import DriftKind as DK
from verifier.report.order import OUTCOME_ORDER, criterion_key

_COLOURS = {
    "ok": "#2e7d32",
    "pass": "#2e7d32",
    "fail": "#c62828",
    "unverifiable": "#9e9e9e",
    "broken": "#c62828",
    "unreachable": "#ef6c00",
    "denied": "#6a1b9a",
    "blocked": "#455a64",
    "soft_404": "#ad1457",
    "wrong_type": "#8d6e63",
    "too_large": "#5d4037",
    "unparseable": "#795548",
}
CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#212121}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f5f5f5}.num{text-align:right}.badge{display:inline-block;padding:0 .4rem;
border-radius:.6rem;color:#fff;font-size:12px;white-space:nowrap}.muted{color:#757575}
.url{word-break:break-all;font-size:12px}.failing{background:#fff5f5}details{margin:.2rem 0}
svg{vertical-align:middle}
"""


# Nothing may load or run: the page is a self-contained document, safe to open from anywhere.
# Marks the page as verifier's own output, so a later run never reads it as an audit report
# (verifier.extract.inputs.OWN_OUTPUT_MARKER is this meta element).
GENERATOR = "verifier evidence report"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _badge(word: str) -> str:
    return (
        f'<span class="badge" style="background:{_COLOURS.get(word, "#616161")}">{e(word)}</span>'
    )


def _link(url: str) -> str:
    if re.fullmatch(r"https?://[^\s\"'<>]+", url):
        return f'<a class="url" href="{e(url)}" rel="noopener noreferrer">{e(url)}</a>'
    return f'<span class="url">{e(url)}</span>'


def status_chart(history: tuple[HistoryPoint, ...]) -> str:
    """One square per observation, oldest first, coloured by verdict; hover shows run and date."""
    if not history:
        return ""
    cells = "".join(
        f'<rect x="{i * 12}" y="0" width="10" height="10" '
        f'fill="{_COLOURS.get(h.verdict, "#616161")}">'
        f"<title>run {e(h.run)} {e(h.at[:19])}: {e(h.verdict)}</title></rect>"
        for i, h in enumerate(history)
    )
    width = len(history) * 12
    return (
        f'<svg width="{width}" height="10" viewBox="0 0 {width} 10" role="img" '
        f'aria-label="status over the last {len(history)} runs">{cells}</svg>'
    )


def _summary(result: RunResult) -> list[str]:
    out = [
        "<h2>Summary</h2>",
        "<table><tr><th>evidence documents</th><th class=num>count</th></tr>",
    ]
    for verdict, n in result.verdict_counts().items():
        out.append(f"<tr><td>{_badge(verdict)}</td><td class=num>{n}</td></tr>")
    out.append("</table>")
    counts = result.check_counts()
    if counts:
        out.append(
            "<table><tr><th>check (evidence citations)</th><th class=num>pass</th>"
            "<th class=num>fail</th><th class=num>unverifiable</th></tr>"
        )
        for name, c in counts.items():
            out.append(
                f"<tr><td>{e(name)}</td><td class=num>{c['pass']}</td>"
                f"<td class=num>{c['fail']}</td><td class=num>{c['unverifiable']}</td></tr>"
            )
        out.append("</table>")
    drift, base = result.drift_counts(), result.baseline_counts()
    if drift:
        out.append(
            "<p>Since the last run: "
            + ", ".join(f"{n} {e(k)}" for k, n in sorted(drift.items()))
            + ".</p>"
        )
    if base:
        out.append(
            "<p>Cited pages since the audit baseline: "
            + ", ".join(f"{n} {e(k)}" for k, n in sorted(base.items()))
            + ".</p>"
        )
    for err in result.errors:
        out.append(f"<p class=failing>Could not read {e(err.path)}: {e(err.message)}</p>")
    return out


def _citation_row(cr: CitationResult) -> str:
    c, doc = cr.citation, cr.document
    checks = sorted(cr.checks, key=lambda k: OUTCOME_ORDER.get(k.outcome, 3))
    check_html = "<br>".join(
        f"{_badge(k.outcome)} {e(k.name)}: <span class=muted>{e(k.detail)}</span>" for k in checks
    )
    drift = doc.drift if doc else None
    drift_html = e(drift.kind if drift else "")
    if drift and drift.detail and drift.kind not in (DK.UNCHANGED, DK.NEW):
        drift_html += f"<br><span class=muted>{e(drift.detail)}</span>"
    for p in cr.page_drift:
        if p.drift.kind != PageDriftKind.UNCHANGED:
            drift_html += f"<br>{e(p.drift.kind)}: <span class=muted>{e(p.drift.detail)}</span>"
    cls = ' class="failing"' if cr.failed_checks else ""
    return (
        f"<tr{cls}><td>{e(c.label or '-')}<br>{_link(c.url)}</td>"
        f"<td>{e(', '.join(map(str, c.pages)) or '-')}</td>"
        f"<td>{_badge(doc.verdict if doc else 'unverifiable')}</td><td>{check_html}</td>"
        f"<td>{drift_html}</td></tr>"
    )


def _findings(result: RunResult) -> list[str]:
    out = ["<h2>Findings</h2>"]
    by_report: dict[str, dict[str | None, list[CitationResult]]] = {}
    for cr in result.citations:
        c = cr.citation
        by_report.setdefault(c.report, {}).setdefault(c.criterion, []).append(cr)
    for name, criteria in by_report.items():
        out.append(f"<h3>{e(name)}</h3>")
        order = sorted(
            criteria,
            key=lambda k: (not any(c.failed_checks for c in criteria[k]), criterion_key(k)),
        )
        for crit in order:
            cites = sorted(criteria[crit], key=lambda c: not c.failed_checks)
            first = cites[0].citation
            title = (
                f"{crit} {first.criterion_title or ''}"
                if crit
                else "Outside the findings (boilerplate)"
            )
            rating = f" &middot; {e(first.rating)}" if first.rating else ""
            n_fail = sum(1 for c in cites if c.failed_checks)
            flag = f" &middot; <b>{n_fail} failing</b>" if n_fail else ""
            out.append(
                f"<details{' open' if n_fail else ''}><summary>{e(title)}{rating}{flag}</summary>"
            )
            out.append(
                "<table><tr><th>document</th><th>pages</th><th>verdict</th><th>checks</th><th>drift</th></tr>"
            )
            out.extend(_citation_row(c) for c in cites)
            out.append("</table></details>")
    return out


def _document_row(d: DocumentResult) -> str:
    fp, drift = d.fingerprint, d.drift
    changes = ""
    if drift and drift.changed_pages:
        changes += "changed: " + e(", ".join(map(str, drift.changed_pages)))
    if drift and drift.removed_pages:
        changes += " removed: " + e(", ".join(map(str, drift.removed_pages)))
    streak = (
        f"<br><span class=muted>failing {e(d.failing.consecutive_runs)} runs since "
        f"{e((d.failing.since or '')[:10])}</span>"
        if d.failing
        else ""
    )
    return (
        f"<tr><td>{_link(d.url)}<br><span class=muted>{e(fp.title if fp else '')}</span></td>"
        f"<td>{_badge(d.verdict)}<br><span class=muted>{e(d.fetch.reason)}</span>{streak}</td>"
        f"<td>{status_chart(d.history)}</td>"
        f"<td class=num>{e(fp.page_count if fp and fp.page_count else '')}</td>"
        f"<td>{changes}</td></tr>"
    )


def _documents(result: RunResult) -> list[str]:
    out = [
        "<h2>Documents</h2>",
        "<table><tr><th>document</th><th>verdict</th><th>status over time</th>"
        "<th>pages</th><th>page-level changes</th></tr>",
    ]
    docs = sorted(result.documents, key=lambda d: (d.ok, d.url))
    out.extend(_document_row(d) for d in docs)
    out.append("</table>")
    return out


def render_html(result: RunResult) -> str:
    head = (
        f"<p class=muted>Generated {e(result.generated_at)} by verifier "
        f"{e(result.tool_version)}"
        + (f", run {e(result.run_id)}" if result.run_id else "")
        + " &middot; reports: "
        + e(", ".join(result.reports))
        + "</p>"
    )
    body = [
        "<h1>Evidence check</h1>",
        head,
        *_summary(result),
        *_findings(result),
        *_documents(result),
    ]
    return (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
        f"<meta name=generator content='{GENERATOR}'>"
        "<meta name=viewport content='width=device-width,initial-scale=1'>"
        f'<meta http-equiv=Content-Security-Policy content="{CSP}">'
        f"<title>Evidence check</title><style>{CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
