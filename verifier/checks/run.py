"""The checks of one citation: a pure function of the citation, its document's fetch result and
fingerprint, and the expectations that apply. Each check passes, fails or is unverifiable (we
could not tell: never reported as a pass)."""

from __future__ import annotations

from urllib.parse import urlsplit

from verifier.checks.expectations import Expectation
from verifier.checks.pages import ResolvedPage, resolve
from verifier.fingerprint.model import Fingerprint, PageText
from verifier.fingerprint.normalise import phrase_pattern
from verifier.models import Check, CheckName, Citation, FetchResult, Outcome

SNIPPET = 40


def cited_as_pdf(c: Citation) -> bool:
    """A URL ending in .pdf, or a label naming a report, is cited as a PDF document."""
    label = (c.label or "").lower()
    return urlsplit(c.url).path.lower().endswith(".pdf") or "report" in label or "pdf" in label


def run_checks(
    c: Citation,
    doc: FetchResult | None,
    fp: Fingerprint | None,
    expectations: list[Expectation],
    unparseable: str | None = None,
) -> list[Check]:
    checks: list[Check] = []
    if doc is None:
        return [Check("reachable", "unverifiable", "not fetched")]
    ok = doc.verdict == "ok"
    checks.append(Check("reachable", "pass" if ok else "fail", f"{doc.verdict}: {doc.reason}"))
    why_not = unparseable or (f"document not reachable ({doc.verdict})" if not ok else None)
    if cited_as_pdf(c):
        if not ok:
            checks.append(Check("type", "unverifiable", why_not or ""))
        elif doc.detected_type == "pdf":
            checks.append(Check("type", "pass", "a PDF, as cited"))
        else:
            checks.append(Check("type", "fail", f"cited as a PDF, got {doc.detected_type}"))
    resolved: list[ResolvedPage] = []
    if c.pages:
        if fp is None or fp.type != "pdf":
            reason = why_not or "no PDF to count pages in"
            checks.append(Check("page_exists", "unverifiable", reason))
            checks.append(Check("page_text", "unverifiable", reason))
        else:
            count = fp.page_count or len(fp.pages)
            resolved = [resolve(p, fp) for p in c.pages]
            missing = [r for r in resolved if r.physical is None]
            detail = "; ".join(r.describe(count) for r in resolved)
            checks.append(Check("page_exists", "fail" if missing else "pass", detail))
            present = [r for r in resolved if r.physical is not None]
            empty = [
                r
                for r in present
                if r.physical > len(fp.pages) or fp.pages[r.physical - 1].image_only
            ]
            if not present:
                checks.append(Check("page_text", "unverifiable", "no cited page exists"))
            elif empty:
                pages = ", ".join(str(r.physical) for r in empty)
                text = f"no extractable text on physical page {pages} (image only?)"
                checks.append(Check("page_text", "unverifiable", text))
            elif why := _unreadable([fp.pages[r.physical - 1] for r in present]):
                checks.append(Check(CheckName.PAGE_TEXT, Outcome.UNVERIFIABLE, why))
            else:
                checks.append(Check("page_text", "pass", "every cited page has text"))
    applicable = [e for e in expectations if e.matches(c)]
    if applicable:
        checks.append(_expected_text(c, fp, resolved, applicable, why_not))
    return checks


def _expected_text(
    c: Citation,
    fp: Fingerprint | None,
    resolved: list[ResolvedPage],
    expectations: list[Expectation],
    why_not: str | None,
) -> Check:
    if fp is None:
        return Check("expected_text", "unverifiable", why_not or "no text to search")
    if c.pages:
        indices = [r.physical for r in resolved if r.physical is not None]
        if not indices:
            return Check("expected_text", "unverifiable", "no cited page exists")
        pages = [fp.pages[i - 1] for i in indices if i <= len(fp.pages)]
        where = "on page " + ", ".join(str(i) for i in indices)
    else:
        pages = list(fp.pages)
        where = "anywhere in the document"
    if pages and all(p.image_only for p in pages):
        return Check("expected_text", "unverifiable", f"no extractable text {where}")
    found: list[str] = []
    missing: list[str] = []
    for e in expectations:
        for phrase in e.all_of:
            hit = _find(phrase, pages)
            (found if hit else missing).append(hit or f'"{phrase}"')
        if e.any_of:
            hits = [h for h in (_find(p, pages) for p in e.any_of) if h]
            if hits:
                found.append(hits[0])
            else:
                missing.append("any of " + ", ".join(f'"{p}"' for p in e.any_of))
    if (missing or c.pages) and (why := _unreadable(pages)):
        return Check(CheckName.EXPECTED_TEXT, Outcome.UNVERIFIABLE, why)  # a miss proves nothing
    if missing:
        return Check("expected_text", "fail", f"missing {where}: " + "; ".join(missing))
    return Check("expected_text", "pass", "; ".join(found))


def _unreadable(pages: list[PageText]) -> str | None:
    bad = [p for p in pages if p.unreadable]
    return f"text layer unreadable on page {bad[0].index}: {bad[0].unreadable}" if bad else None


def _find(phrase: str, pages: list[PageText]) -> str | None:
    pattern = phrase_pattern(phrase)
    for p in pages:
        m = pattern.search(p.text)
        if m:
            start, end = max(0, m.start() - SNIPPET), min(len(p.text), m.end() + SNIPPET)
            snippet = p.text[start:end]
            return f'"{phrase}" on page {p.index}: …{snippet}…'
    return None
