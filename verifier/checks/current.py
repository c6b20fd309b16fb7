"""`current`: is a document cited for a yearly disclosure about a recent enough year?

The reporting year is read from the document's title and first pages ("2023 ESG Report",
"2024年度", "FY2023", "Report for the year ended 31 December 2023"), the latest year said there;
failing that, the year of its creation date in the metadata (lenient: a report is usually
published the year after the one it covers). Years after the current one are targets ("2030
Report" goals), not reporting years, and are ignored. It is compared with the audit's year from the
report's overview: a document about a year older than the year before the audit fails (a 2021
report cited in an audit of January 2025); no year found, or no audit date, is unverifiable.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from verifier.checks.pack import PackEntry
from verifier.models import Check, CheckName, Fingerprint, Outcome, ReportMeta

FIRST_PAGES = 2
FIRST_CHARS = 3000
_Y = r"(20\d{2})"
_YEAR_PATTERNS = [
    re.compile(rf"{_Y}\s*年度"),
    re.compile(rf"{_Y}\s*年\s*(?:可持续发展|社会责任|环境|ESG|企业社会|年报|报告)", re.I),
    re.compile(rf"(?<![\d./-]){_Y}\s+(?:[A-Za-z&,()-]+\s+){{0,5}}?(?:Report|Statement)s?\b", re.I),
    re.compile(rf"\b(?:Report|Statement)\s+(?:for\s+)?(?:the\s+)?(?:year\s+)?{_Y}\b", re.I),
    re.compile(rf"\bFY\s?{_Y}\b"),
    re.compile(rf"\byear\s+ended\s+(?:\d{{1,2}}\s+)?[A-Z][a-z]+\s+(?:\d{{1,2}},?\s+)?{_Y}", re.I),
]  # fmt: skip
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})")


def stated_year(texts: list[str], latest: int | None = None) -> int | None:
    """The latest reporting year the texts state (up to `latest`, default this year), or None."""
    latest = latest or datetime.now(UTC).year
    years = [int(m.group(1)) for t in texts for p in _YEAR_PATTERNS for m in p.finditer(t)]
    years = [y for y in years if y <= latest]
    return max(years) if years else None


def document_year(fp: Fingerprint) -> tuple[int, str] | None:
    """(year the document is about, where that was read), or None when nothing says."""
    title = fp.title or fp.metadata.get("Title") or ""
    if (year := stated_year([title])) is not None:
        return year, f"title {title[:80]!r}"
    first = [p.text[:FIRST_CHARS] for p in fp.pages[:FIRST_PAGES]]
    if (year := stated_year(first)) is not None:
        return year, "first pages"
    for key in ("CreationDate", "ModDate"):
        m = _PDF_DATE.match(fp.metadata.get(key) or "")
        if m and 1990 < int(m.group(1)) < 2200:
            return int(m.group(1)), f"created {m.group(1)} ({key})"
    return None


def current_check(
    entry: PackEntry, fp: Fingerprint | None, meta: ReportMeta | None, why_not: str | None
) -> Check:
    name, u = CheckName.CURRENT, Outcome.UNVERIFIABLE
    audit = meta.audit_year if meta else None
    if audit is None:
        return Check(name, u, "the report states no audit date")
    if fp is None:
        return Check(name, u, why_not or "no document to date")
    found = document_year(fp)
    if found is None:
        return Check(name, u, "no reporting year found in the title, first pages or metadata")
    year, where = found
    oldest = audit - 1
    if year >= oldest:
        return Check(name, Outcome.PASS, f"about {year} ({where}); audit of {audit}")
    return Check(
        name,
        Outcome.FAIL,
        f"{entry.criterion} {entry.title} asks for yearly disclosure: the document is about "
        f"{year} ({where}), older than {oldest}, the year before the audit of {audit}",
    )
