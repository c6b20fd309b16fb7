"""The overview table of an ASI audit report (MEMBER NAME, ENTITY NAME, ... CERTIFICATE NUMBER).

Works on the report's text lines, whatever the reader (text, PDF, HTML): a label starts a line
(in capitals, possibly wrapped over two or three lines, as "AUDIT REPORT / SUBMISSION"), and its
value runs over the following text until the next label. Only the part before the findings is
read. Fewer than three labels found means another layout: every field is None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from verifier.models.report_meta import ReportMeta

# The labels whose values we keep, then the other labels of the table (they end a value).
FIELDS = {
    "MEMBER NAME": "member",
    "ENTITY NAME": "entity",
    "ASI STANDARD": "standard",
    "AUDIT TYPE": "audit_type",
    "AUDIT FIRM": "audit_firm",
    "AUDIT DATE": "audit",
    "AUDIT REPORT SUBMISSION": "submitted",
    "CERTIFICATION PERIOD": "certification",
    "CERTIFICATE NUMBER": "certificate_number",
}
OTHER = (
    "CERTIFICATION SCOPE", "SUPPLY CHAIN ACTIVITIES", "AUDIT SCOPE", "AUDIT OUTCOME",
    "AUDIT METHODOLOGY DECLARATION", "NEXT AUDIT TYPE", "NEXT AUDIT DATE", "OVERVIEW",
    "LEAD AUDITOR", "AUDIT TEAM", "CONTENTS",
)  # fmt: skip
_LABELS = sorted([*FIELDS, *OTHER], key=len, reverse=True)
_END = re.compile(r"^(FINDINGS|CRITERION\s+RATING\b)")
MAX_HEADER_LINES = 600
MIN_LABELS = 3

_M = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTHS = {m.lower(): i for i, m in enumerate(_M.strip("()").split("|"), start=1)}
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_M}\b(?:,?\s+(\d{{4}}))?", re.I)
_MONTH_DAY = re.compile(rf"\b{_M}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DAY_ONLY = re.compile(rf"\b(\d{{1,2}})\s*[–—-]\s*(?=\d{{1,2}}\s+{_M})", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _match_label(lines: Sequence[str], i: int) -> tuple[str, int, str] | None:
    """The label starting at line i: (label, lines it spans, the rest of its last line)."""
    for label in _LABELS:
        words = label.split()
        joined, used = "", 0
        for k in range(min(3, len(lines) - i)):
            joined = f"{joined} {lines[i + k]}".strip()
            used = k + 1
            if len(joined) >= len(label):
                break
        if joined == label or joined.startswith(label + " "):
            # the label must end on a word boundary of the lines it spans
            rest = joined[len(label) :].strip()
            if used > 1 and len(" ".join(lines[i : i + used - 1]).split()) >= len(words):
                continue  # the label is within fewer lines: matched by a shorter span
            return label, used, rest
    return None


def _table(lines: Sequence[str]) -> dict[str, str]:
    """Label → value text, for the labels of the overview table."""
    clean: list[str] = []
    for raw in lines[:MAX_HEADER_LINES]:
        t = " ".join(raw.split())
        if _END.match(t):
            break
        if t:
            clean.append(t)
    found: dict[str, str] = {}
    current: str | None = None
    parts: list[str] = []
    i = 0
    while i < len(clean):
        hit = _match_label(clean, i)
        if hit:
            if current is not None and current not in found:
                found[current] = " ".join(parts).strip()
            current, used, rest = hit
            parts = [rest] if rest else []
            i += used
            continue
        if current is not None:
            parts.append(clean[i])
        i += 1
    if current is not None and current not in found:
        found[current] = " ".join(parts).strip()
    return found


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = re.sub(r"\s*•\s*", " ", value).strip(" ;,")
    return value or None


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_dates(value: str | None) -> list[str]:
    """ISO dates written in `value`, in order: "9 January – 21 January 2025" gives two, the first
    taking its year from the second; "9 – 21 January 2025" too."""
    if not value:
        return []
    found: list[tuple[int, int | None, int, int]] = []  # (offset, year, month, day)
    for m in _DAY_ONLY.finditer(value):
        nxt = _DAY_MONTH.search(value, m.end())
        if nxt:
            found.append((m.start(), None, _MONTHS[nxt.group(2).lower()], int(m.group(1))))
    for m in _DAY_MONTH.finditer(value):
        year = int(m.group(3)) if m.group(3) else None
        found.append((m.start(), year, _MONTHS[m.group(2).lower()], int(m.group(1))))
    for m in _MONTH_DAY.finditer(value):
        found.append((m.start(), int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2))))
    for m in _ISO.finditer(value):
        found.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))))
    found.sort()
    out: list[str] = []
    for k, (_, year, month, day) in enumerate(found):
        if year is None:  # the year written after it
            year = next((y for _, y, _, _ in found[k + 1 :] if y is not None), None)
        if year is not None and (iso := _iso(year, month, day)):
            out.append(iso)
    return out


def _span(value: str | None) -> tuple[str | None, str | None]:
    days = parse_dates(value)
    return (days[0], days[-1]) if days else (None, None)


def extract_metadata(lines: Sequence[str]) -> ReportMeta:
    """The overview table's fields, or an all-None ReportMeta for a report without one."""
    table = _table(lines)
    if sum(label in table for label in FIELDS) < MIN_LABELS:
        return ReportMeta()
    get = {FIELDS[k]: v for k, v in table.items() if k in FIELDS}
    audit_type = _text(get.get("audit_type"))
    if audit_type:  # "Initial Certification Audit (9 January – 21 January 2025)"
        audit_type = re.sub(r"\s*\([^)]*\d{4}[^)]*\)", "", audit_type).strip() or None
    audit = _span(get.get("audit"))
    if audit == (None, None):
        audit = _span(get.get("audit_type"))
    cert = _span(get.get("certification"))
    submitted = parse_dates(get.get("submitted"))
    number = _text(get.get("certificate_number"))
    return ReportMeta(
        entity=_text(get.get("entity")),
        member=_text(get.get("member")),
        standard=_text(get.get("standard")),
        audit_firm=_text(get.get("audit_firm")),
        audit_type=audit_type,
        audit_start=audit[0],
        audit_end=audit[1],
        submitted=submitted[0] if submitted else None,
        certification_start=cert[0],
        certification_end=cert[1],
        certificate_number=number.split()[0] if number else None,
    )
