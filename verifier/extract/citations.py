"""From report text to citations: each URL mention with its criterion, rating, label and pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from verifier.extract.artifacts import strip_artifacts
from verifier.extract.document import ReportText, Stream
from verifier.extract.labels import doc_of_intro, is_entity_only, label_from, tidy
from verifier.extract.pages import fragment_pages, page_refs
from verifier.extract.structure import Row, Structure, find_structure
from verifier.extract.urls import KnownUrls, UrlMention, canonical, find_urls
from verifier.models import Citation, Location

_PARA_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
# Page words right after a URL: "<url> (page 12)" or "<url>, pages 3-4".
_TRAILING_PAGES = re.compile(r"^[\s,;:(\[]*(?:pages?|pp?\.)\s*[\d\s,\-–and&]+", re.IGNORECASE)


@dataclass(slots=True)
class _Draft:
    offset: int
    url: str
    cited_text: str
    row: Row | None
    evidence: bool
    label: str | None
    pages: set[int]
    location: Location
    notes: list[str] = field(default_factory=list)


def _para_start(text: str, offset: int) -> int:
    last = 0
    for m in _PARA_BREAK.finditer(text, 0, offset):
        last = m.end()
    return last


def _paragraphs_before(text: str, offset: int, floor: int) -> list[tuple[int, int]]:
    """(start, end) of the paragraphs between `floor` and `offset`, nearest first."""
    spans: list[tuple[int, int]] = []
    pos = floor
    for m in _PARA_BREAK.finditer(text, floor, offset):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, offset))
    return [s for s in reversed(spans) if text[s[0] : s[1]].strip()]


def _intro_paragraphs(
    stream: Stream, before: int, floor: int, mentions: list[UrlMention]
) -> list[str]:
    """Intro paragraphs (ending with ':') above a list item, nearest first, up to the first
    paragraph that is neither an intro nor a list item."""
    out: list[str] = []
    for start, end in _paragraphs_before(stream.text, before, floor):
        inside = [m for m in mentions if start <= m.start < end]
        para = stream.text[max([start, *[m.end for m in inside]]) : end].strip()
        if para.endswith(":"):
            out.append(para)
        elif not inside:
            break
    return out


def build_citations(report: str, rt: ReportText) -> list[Citation]:
    lines, block_urls = strip_artifacts(rt.lines, rt.annotation_blocks)
    stream = Stream(lines)
    known = KnownUrls([u for u, _ in rt.known_urls] + [u for u, _ in block_urls])
    mentions = find_urls(stream.text, known)
    structure = find_structure(stream)
    drafts: list[_Draft] = []
    prev_end = 0
    for m in mentions:
        drafts.append(_draft(report, stream, structure, mentions, m, prev_end, drafts))
        prev_end = m.end
    drafts.extend(_orphans(stream, structure, rt, block_urls, mentions, known))
    drafts.sort(key=lambda d: d.offset)
    return _merge(report, drafts)


def _draft(
    report: str,
    stream: Stream,
    structure: Structure,
    mentions: list[UrlMention],
    m: UrlMention,
    prev_end: int,
    drafts: list[_Draft],
) -> _Draft:
    text = stream.text
    in_findings = structure.in_findings(m.start)
    row = structure.row_at(m.start) if in_findings else None
    evidence = in_findings or structure.findings_start is None
    floor = max(prev_end, row.comment_start if row and row.comment_start <= m.start else 0)
    seg_start = max(floor, _para_start(text, m.start))
    lead = text[seg_start : m.start]
    line_end = text.find("\n", m.end)
    tail = text[m.end : line_end if line_end >= 0 else len(text)]
    pages = set(page_refs(lead)) | set(fragment_pages(m.url))
    tm = _TRAILING_PAGES.match(tail)
    if tm:
        pages |= set(page_refs(tm.group(0)))

    label = label_from(lead)
    row_floor = row.comment_start if row else (structure.findings_start or 0)
    previous = drafts[-1] if drafts else None
    if not tidy(lead):
        prev_end_of = {x.start: x.end for x in mentions}
        follows_previous = (
            previous is not None
            and previous.row is row
            and previous.offset in prev_end_of
            and not text[prev_end_of[previous.offset] : m.start].strip(" \t\n\u00a0,;")
        )
        if follows_previous and previous is not None:
            # A further URL of the same list item ("...incidents: <url> <url> <url>").
            label = previous.label
        else:
            intros = _intro_paragraphs(stream, seg_start, row_floor, mentions)
            if intros:
                label = label_from(intros[0])
                # "ESG Report, page 12:" then the link in the next paragraph: the page holds.
                pages |= set(page_refs(intros[0]))
                if label and is_entity_only(label):
                    doc = next(filter(None, map(doc_of_intro, intros[1:])), None)
                    label = f"{label} - {doc}" if doc else label
    elif label and is_entity_only(label):
        intros = _intro_paragraphs(stream, seg_start, row_floor, mentions)
        doc = next(filter(None, map(doc_of_intro, intros)), None)
        if doc:
            label = f"{label} - {doc}"
    line = stream.line_at(m.start)
    return _Draft(
        m.start,
        m.url,
        m.cited_text,
        row,
        evidence,
        label,
        pages,
        Location(line.page, line.lineno),
        list(m.notes),
    )


def _orphans(
    stream: Stream,
    structure: Structure,
    rt: ReportText,
    block_urls: list[tuple[str, int]],
    mentions: list[UrlMention],
    known: KnownUrls,
) -> list[_Draft]:
    """Link targets with no visible URL text (a link on words): still citations."""
    seen = {canonical(m.url) for m in mentions}
    out: list[_Draft] = []
    positions: list[tuple[str, int]] = []
    for url, idx in block_urls:
        positions.append((url, stream.starts[idx - 1] if idx > 0 else 0))
    for url, page in rt.known_urls:
        if page is None:
            continue
        idxs = [i for i, ln in enumerate(stream.lines) if ln.page == page]
        positions.append((url, stream.starts[idxs[-1]] if idxs else 0))
    for url, offset in positions:
        key = canonical(url)
        if key in seen or "://" not in url:
            continue
        seen.add(key)
        in_findings = structure.in_findings(offset)
        row = structure.row_at(offset) if in_findings else None
        line = stream.line_at(offset)
        out.append(
            _Draft(
                offset,
                url,
                url,
                row,
                in_findings or structure.findings_start is None,
                None,
                set(fragment_pages(url)),
                Location(line.page, line.lineno),
                ["only in a link annotation: no visible URL text, criterion taken from position"],
            )
        )
    return out


def _merge(report: str, drafts: list[_Draft]) -> list[Citation]:
    """One citation per (criterion, URL): repeats under the same criterion add their pages."""
    merged: dict[tuple[str | None, str], _Draft] = {}
    order: list[tuple[str | None, str]] = []
    for d in drafts:
        key = (d.row.criterion if d.row else None, canonical(d.url))
        if key in merged:
            first = merged[key]
            first.pages |= d.pages
            first.label = first.label or d.label
            first.notes.extend(n for n in d.notes if n not in first.notes)
            continue
        merged[key] = d
        order.append(key)
    out = []
    for key in order:
        d = merged[key]
        out.append(
            Citation(
                report=report,
                criterion=d.row.criterion if d.row else None,
                criterion_title=d.row.title if d.row else None,
                rating=d.row.rating if d.row else None,
                url=d.url,
                label=d.label,
                pages=tuple(sorted(d.pages)),
                evidence=d.evidence,
                location=d.location,
                cited_text=d.cited_text,
                notes=tuple(d.notes),
            )
        )
    return out
