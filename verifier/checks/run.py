"""The checks of one citation: a pure function of the citation, its document's fetch result and
fingerprint, and the expectations that apply. Each check passes, fails or is unverifiable (we
could not tell: never reported as a pass)."""

from __future__ import annotations

from verifier.checks.current import current_check
from verifier.checks.expectations import Expectation
from verifier.checks.pack import load_pack, topic_check
from verifier.checks.pages import ResolvedPage, resolve
from verifier.fingerprint.normalise import phrase_pattern
from verifier.models import (
    Check,
    CheckName,
    Citation,
    FetchResult,
    Fingerprint,
    Outcome,
    PageText,
    ReportMeta,
    Verdict,
)

PASS, FAIL, UNVERIFIABLE = Outcome.PASS, Outcome.FAIL, Outcome.UNVERIFIABLE

SNIPPET = 40


def run_checks(
    c: Citation,
    doc: FetchResult | None,
    fp: Fingerprint | None,
    expectations: list[Expectation],
    meta: ReportMeta | None = None,
    pack_off: frozenset[str] = frozenset(),
) -> list[Check]:
    """`doc` carries the document's final verdict: an unparseable PDF says so there. `meta` is
    what the citing report states (its standard selects the pack, its audit date dates it)."""
    checks: list[Check] = []
    if doc is None:
        return [Check(CheckName.REACHABLE, UNVERIFIABLE, "not fetched")]
    ok = doc.verdict == Verdict.OK
    checks.append(Check(CheckName.REACHABLE, PASS if ok else FAIL, f"{doc.verdict}: {doc.reason}"))
    why_not = None
    if doc.verdict == Verdict.UNPARSEABLE:
        why_not = doc.reason
    elif not ok:
        why_not = f"document not reachable ({doc.verdict})"
    if c.cited_as_pdf:
        if not ok:
            checks.append(Check(CheckName.TYPE, UNVERIFIABLE, why_not or ""))
        elif doc.detected_type == "pdf":
            checks.append(Check(CheckName.TYPE, PASS, "a PDF, as cited"))
        else:
            checks.append(Check(CheckName.TYPE, FAIL, f"cited as a PDF, got {doc.detected_type}"))
    resolved: list[ResolvedPage] = []
    if c.pages:
        if fp is None or fp.type != "pdf":
            reason = why_not or "no PDF to count pages in"
            checks.append(Check(CheckName.PAGE_EXISTS, UNVERIFIABLE, reason))
            checks.append(Check(CheckName.PAGE_TEXT, UNVERIFIABLE, reason))
        else:
            count = fp.page_count or len(fp.pages)
            resolved = [resolve(p, fp) for p in c.pages]
            missing = [r for r in resolved if r.physical is None]
            detail = "; ".join(r.describe(count) for r in resolved)
            checks.append(Check(CheckName.PAGE_EXISTS, FAIL if missing else PASS, detail))
            present = [r for r in resolved if r.physical is not None]
            empty = [
                r
                for r in present
                if r.physical > len(fp.pages) or fp.pages[r.physical - 1].image_only
            ]
            if not present:
                checks.append(Check(CheckName.PAGE_TEXT, UNVERIFIABLE, "no cited page exists"))
            elif empty:
                pages = ", ".join(str(r.physical) for r in empty)
                text = f"no extractable text on physical page {pages} (image only?)"
                checks.append(Check(CheckName.PAGE_TEXT, UNVERIFIABLE, text))
            elif why := _unreadable([fp.pages[r.physical - 1] for r in present]):
                checks.append(Check(CheckName.PAGE_TEXT, Outcome.UNVERIFIABLE, why))
            else:
                checks.append(Check(CheckName.PAGE_TEXT, PASS, "every cited page has text"))
    applicable = [e for e in expectations if e.matches(c)]
    if applicable:
        checks.append(_expected_text(c, fp, resolved, applicable, why_not))
    entry = load_pack().entry_for(c, meta, pack_off)
    if entry is not None:
        checks.append(topic_check(c, entry, fp, resolved, why_not))
        if entry.annual:
            checks.append(current_check(entry, fp, meta, why_not))
    return checks


def _expected_text(
    c: Citation,
    fp: Fingerprint | None,
    resolved: list[ResolvedPage],
    expectations: list[Expectation],
    why_not: str | None,
) -> Check:
    if fp is None:
        return Check(CheckName.EXPECTED_TEXT, UNVERIFIABLE, why_not or "no text to search")
    if c.pages:
        indices = [r.physical for r in resolved if r.physical is not None]
        if not indices:
            return Check(CheckName.EXPECTED_TEXT, UNVERIFIABLE, "no cited page exists")
        pages = [fp.pages[i - 1] for i in indices if i <= len(fp.pages)]
        where = "on page " + ", ".join(str(i) for i in indices)
    else:
        pages = list(fp.pages)
        where = "anywhere in the document"
    if pages and all(p.image_only for p in pages):
        return Check(CheckName.EXPECTED_TEXT, UNVERIFIABLE, f"no extractable text {where}")
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
        return Check(CheckName.EXPECTED_TEXT, FAIL, f"missing {where}: " + "; ".join(missing))
    return Check(CheckName.EXPECTED_TEXT, PASS, "; ".join(found))


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
