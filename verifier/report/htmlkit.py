"""What report.html and the portfolio site share: escaping, badges, links, the status strip,
and every state of a run in plain words (one place, so the two never describe a state apart).

Every value that comes from a report or a server goes through `e()` (html.escape with quotes);
links are only made from well-formed http(s) URLs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from verifier.html_text import OWN_OUTPUT_META
from verifier.models import (
    Check,
    DocumentResult,
    Drift,
    DriftKind,
    Observation,
    Outcome,
    PageDriftKind,
    Verdict,
)
from verifier.models.result import BaselinePage

COLOURS = {
    "ok": "#2e7d32",
    "pass": "#2e7d32",
    "fail": "#c62828",
    "unverifiable": "#757575",
    "broken": "#c62828",
    "unreachable": "#e65100",
    "denied": "#6a1b9a",
    "blocked": "#455a64",
    "soft_404": "#ad1457",
    "wrong_type": "#6d4c41",
    "too_large": "#5d4037",
    "unparseable": "#795548",
    "absent": "#e0e0e0",
}

# Short words on a badge; the sentence after it says the rest.
VERDICT_WORDS = {
    Verdict.OK: "available",
    Verdict.BROKEN: "broken",
    Verdict.DENIED: "access denied",
    Verdict.UNREACHABLE: "unreachable",
    Verdict.BLOCKED: "not fetched",
    Verdict.SOFT_404: "missing",
    Verdict.WRONG_TYPE: "wrong type",
    Verdict.TOO_LARGE: "too large",
    Verdict.UNPARSEABLE: "unreadable",
}
OUTCOME_WORDS = {
    Outcome.PASS: "passes",
    Outcome.FAIL: "fails",
    Outcome.UNVERIFIABLE: "could not tell",
}
CHECK_WORDS = {
    "reachable": "the link works",
    "type": "it is the kind of document cited",
    "page_exists": "the cited page exists",
    "page_text": "the cited page has text",
    "expected_text": "the expected text is there",
    "topic": "the cited page talks about what the criterion asks to disclose (advisory)",
    "current": "the document is about a recent enough year (advisory)",
}
CHECK_FAIL_WORDS = {
    "reachable": "the link does not work",
    "type": "not the kind of document cited",
    "page_exists": "the cited page does not exist",
    "page_text": "the cited page has no text",
    "expected_text": "the expected text is not there",
    "topic": "advisory: the cited page does not talk about what the criterion asks to disclose",
    "current": "advisory: the document is not about a recent enough year",
}
DRIFT_WORDS = {
    DriftKind.NEW: "first seen in this run",
    DriftKind.UNCHANGED: "unchanged since the last run",
    DriftKind.REENCODED: "file re-saved since the last run, same text",
    DriftKind.CHANGED: "text changed since the last run",
    DriftKind.MOVED: "moved to another address since the last run",
    DriftKind.BROKE: "stopped working in this run",
    DriftKind.RECOVERED: "works again in this run",
}
PAGE_DRIFT_WORDS = {
    PageDriftKind.UNCHANGED: "same text as in the audit baseline",
    PageDriftKind.CHANGED: "text differs from the audit baseline",
    PageDriftKind.RELOCATED: "the baseline text moved to another page",
    PageDriftKind.MISSING: "the baseline page is gone",
    PageDriftKind.UNVERIFIABLE: "cannot be compared with the audit baseline",
}


BASE_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#212121;
max-width:84rem}h1{font-size:1.6rem;margin-bottom:.3rem}h2{font-size:1.25rem;margin-top:2rem;
border-bottom:1px solid #ddd}h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.3rem .5rem;
vertical-align:top;text-align:left}th{background:#f5f5f5}.num{text-align:right}
.badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;color:#fff;font-size:12px;
white-space:nowrap}.muted{color:#616161}.url{word-break:break-all;font-size:12px}
.failing{background:#fff5f5}details{margin:.25rem 0}summary{cursor:pointer}
svg{vertical-align:middle}.headline{font-size:1.15rem;padding:.7rem 1rem;border-radius:.4rem;
margin:1rem 0}.bad{background:#fdecea;border-left:6px solid #c62828}
.good{background:#edf7ed;border-left:6px solid #2e7d32}nav.jump a{margin-right:.8rem}
ol.fails li{margin:.15rem 0}pre.diff{background:#fafafa;border:1px solid #ddd;padding:.5rem;
overflow-x:auto;font-size:12px}.add{color:#1b5e20;background:#e8f5e9}
.del{color:#b71c1c;background:#ffebee}.hunk{color:#0d47a1}
"""


def e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def when(at: str) -> str:
    """ "2026-11-23 19:27 UTC" from an ISO timestamp."""
    return f"{at[:10]} {at[11:16]} UTC" if len(at) >= 16 else at


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def badge(key: str, words: str | None = None) -> str:
    """A coloured label; `key` picks the colour (a verdict or outcome), `words` the text."""
    colour = COLOURS.get(str(key), "#616161")
    return f'<span class="badge" style="background:{colour}">{e(words or key)}</span>'


def verdict_badge(verdict: Verdict | None) -> str:
    if verdict is None:
        return badge("unverifiable", "not fetched")
    return badge(verdict, VERDICT_WORDS.get(verdict, str(verdict)))


def outcome_badge(outcome: Outcome) -> str:
    return badge(outcome, OUTCOME_WORDS.get(outcome, str(outcome)))


def link(url: str, text: str | None = None) -> str:
    if re.fullmatch(r"https?://[^\s\"'<>]+", url):
        return f'<a class="url" href="{e(url)}" rel="noopener noreferrer">{e(text or url)}</a>'
    return f'<span class="url">{e(text or url)}</span>'


@dataclass(frozen=True, slots=True)
class Cell:
    """One run in a status strip: a colour key (verdict, outcome or "absent"), the run, its
    date and what it was, in words (the hover text)."""

    key: str
    run: int
    at: str
    words: str


def strip(cells: Sequence[Cell], label: str) -> str:
    """One square per run, oldest first. Runs in a row with the same state are one rectangle
    with one hover text ("runs 3-9, 2026-01-03 to 2026-01-09: passing") and white separators
    drawn once: a strip of 30 stable runs is a few hundred bytes, not thirty elements."""
    if not cells:
        return ""
    groups: list[list[int]] = []
    for i, c in enumerate(cells):
        if groups and (cells[groups[-1][0]].key, cells[groups[-1][0]].words) == (c.key, c.words):
            groups[-1][1] = i
        else:
            groups.append([i, i])
    rects = []
    for start, end in groups:
        a, b = cells[start], cells[end]
        title = (
            f"run {a.run}, {a.at}: {a.words}"
            if start == end
            else f"runs {a.run}-{b.run}, {a.at} to {b.at}: {b.words}"
        )
        rects.append(
            f'<rect x="{start * 12}" width="{(end - start + 1) * 12 - 2}" height="10" '
            f'fill="{COLOURS.get(a.key, "#616161")}"><title>{e(title)}</title></rect>'
        )
    gaps = "".join(f"M{i * 12 - 1} 0v10" for s_, e_ in groups for i in range(s_ + 1, e_ + 1))
    lines = f'<path d="{gaps}" stroke="#fff" stroke-width="2"/>' if gaps else ""
    width = len(cells) * 12
    return (
        f'<svg width="{width}" height="10" viewBox="0 0 {width} 10" role="img" '
        f'aria-label="{e(label)}">{"".join(rects)}{lines}</svg>'
    )


def archived_copy_html(d: DocumentResult) -> str:
    """The Wayback capture of a document that is not ok, and whether it is the audited version."""
    if d.archived_copy is not None:
        return link(d.archived_copy.url, d.archived_copy.describe())
    if d.ok:
        return "<span class=muted>not needed: the document is there</span>"
    if d.archive_note:
        return f"<span class=muted>{e(d.archive_note)}</span>"
    return "<span class=muted>not looked up</span>"


def failing_since(d: DocumentResult) -> str:
    """ "failing for 3 runs, since 2026-11-20" (or "" when it works)."""
    if d.ok:
        return ""
    n = d.failing.consecutive_runs if d.failing else 1
    since = (d.failing.since or "")[:10] if d.failing else ""
    return f"failing for {plural(n, 'run')}" + (f", since {since}" if since else "")


def redirected(d: DocumentResult) -> str:
    """ "redirected: now served from …" for a readable document that is no longer where it was
    cited (an auditor would update the citation); "" otherwise."""
    if not d.ok or not d.fetch.redirects:
        return ""
    landing = Observation(d.fetch, None, "").landing
    return f"redirected: now served from {landing}" if landing != "(no redirect)" else ""


def describe_document(d: DocumentResult) -> str:
    """What the document is now, in words: kind, pages, title; or why it cannot be read."""
    fp = d.fingerprint
    if not d.ok:
        return d.fetch.reason
    parts = []
    kind = (fp.type if fp else None) or d.fetch.detected_type
    if kind:
        parts.append(kind.upper() if kind in ("pdf", "html") else kind)
    if fp and fp.page_count:
        parts.append(plural(fp.page_count, "page"))
    size = d.fetch.bytes if d.fetch.bytes is not None else (fp.bytes if fp else None)
    if size:
        parts.append(human_bytes(size))
    return ", ".join(parts) or "readable"


def human_bytes(n: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} bytes"


def describe_drift(drift: Drift | None, *, ok: bool = True) -> str:
    """Since the last run, in words; "" for a failing document that is still failing the same
    way (its failing streak says that already)."""
    if drift is None or (not ok and drift.kind == DriftKind.UNCHANGED):
        return ""
    words = DRIFT_WORDS.get(drift.kind, str(drift.kind))
    if drift.kind == DriftKind.CHANGED and drift.changed_pages:
        words = f"text changed on {pages_words(drift.changed_pages)} since the last run"
    if drift.kind == DriftKind.MOVED and drift.detail:
        words += f" ({drift.detail})"
    if drift.removed_pages:
        words += "; " + pages_words(drift.removed_pages) + " removed"
    return words


def pages_words(pages: Sequence[int]) -> str:
    shown = ", ".join(map(str, pages[:12])) + (" …" if len(pages) > 12 else "")
    return ("page " if len(pages) == 1 else "pages ") + shown


def describe_baseline_page(p: BaselinePage) -> str:
    """ "p. 57: the baseline text moved to another page (now on page 58)"."""
    words = PAGE_DRIFT_WORDS.get(p.drift.kind, str(p.drift.kind))
    if p.drift.kind == PageDriftKind.UNVERIFIABLE and p.drift.detail:
        words = f"cannot be compared with the audit baseline: {p.drift.detail}"
    elif p.drift.kind == PageDriftKind.RELOCATED and p.drift.page is not None:
        words += f" (now on page {p.drift.page})"
    elif p.drift.detail and p.drift.kind != PageDriftKind.UNCHANGED:
        words += f": {p.drift.detail}"
    return f"page {p.cited}: {words}"


def describe_check(k: Check) -> str:
    """A passing check in a few words; a failing or unverifiable one with its reason."""
    name = str(k.name)
    if k.outcome == Outcome.PASS:
        return CHECK_WORDS.get(name, name)
    if k.outcome == Outcome.FAIL:
        return f"{CHECK_FAIL_WORDS.get(name, name)}: {_strip_verdict(k.detail)}"
    detail = re.sub(r"\((\w+)\)", _verdict_in_words, k.detail)
    return f"could not tell whether {CHECK_WORDS.get(name, name)}: {detail}"


def _verdict_in_words(m: re.Match[str]) -> str:
    """ "(soft_404)" -> "(missing)": a verdict quoted in a check's detail, in words."""
    word = m.group(1)
    return f"({VERDICT_WORDS[Verdict(word)]})" if word in {str(v) for v in Verdict} else m.group(0)


def _strip_verdict(detail: str) -> str:
    """ "broken: HTTP 404" -> "HTTP 404": the verdict is on the badge beside it already."""
    head, sep, rest = detail.partition(": ")
    return rest if sep and head in {str(v) for v in Verdict} else detail


def document_page(
    title: str, body: Sequence[str], *, csp: str, css: str = "", script: str = ""
) -> str:
    """A whole self-contained HTML page (UTF-8, its CSP, inline style; a script only where the
    CSP allows exactly it by hash)."""
    return (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
        f"{OWN_OUTPUT_META}"
        "<meta name=viewport content='width=device-width,initial-scale=1'>"
        f'<meta http-equiv=Content-Security-Policy content="{csp}">'
        f"<title>{e(title)}</title><style>{BASE_CSS}{css}</style></head><body>\n"
        + "\n".join(body)
        + (f"\n<script>{script}</script>" if script else "")
        + "\n</body></html>\n"
    )
