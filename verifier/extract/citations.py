"""From report text to citations: each URL mention with its criterion, rating, label and pages."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from verifier.extract.artifacts import strip_artifacts
from verifier.extract.document import ReportText, Stream
from verifier.extract.labels import doc_of_intro, is_entity_only, label_from, tidy
from verifier.extract.pages import PAGE_REF, fragment_pages, page_refs
from verifier.extract.structure import Row, Structure, find_structure
from verifier.extract.urls import KnownUrls, UrlMention, canonical, find_urls
from verifier.models import Citation, Location

_PARA_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
# After a URL, a page reference may follow on its line or at the start of the next one:
# "<url>, page 6.", "<url> (p. 12)", "<url>\npages 3-5;".
_TRAIL_LEAD = re.compile(
    r"[ \t\u00a0]*[,;:]?[ \t\u00a0]*(?P<nl>\n[ \t\u00a0]*)?(?P<open>[(\[][ \t\u00a0]*)?"
)
_CLOSE = re.compile(r"[ \t\u00a0]*[)\]]")
_CLAUSE_END = re.compile(r"[ \t\u00a0]*(?:[.,;]|\n|$)")
_INTRODUCES = re.compile(r"[ \t\u00a0]*(?::|[-–—]\s)")
_LINE_END = re.compile(r"[ \t\u00a0]*(?:\n|$)")
# Only this much text before a URL is read for its label and pages (a label is a few lines).
_MAX_LEAD = 3000
# Paragraphs walked back looking for an intro ("... available at the following:").
_MAX_INTRO_WALK = 60


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
    # Where the next citation's lead may begin (past a page reference this citation took).
    consumed_end: int = 0


class _Text:
    """The stream with its paragraph breaks and URL mentions indexed once, so that reading each
    citation costs time for its own neighbourhood, not for the report before it."""

    def __init__(
        self, stream: Stream, mentions: list[UrlMention], link_words: list[tuple[str, str]]
    ) -> None:
        self.stream = stream
        self.words: dict[str, list[str]] = {}
        for url, words in link_words:
            self.words.setdefault(canonical(url), []).append(" ".join(words.split()))
        self.text = stream.text
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]
        self.mention_end = {m.start: m.end for m in mentions}
        self.break_starts: list[int] = []
        self.break_ends: list[int] = []
        for m in _PARA_BREAK.finditer(self.text):
            self.break_starts.append(m.start())
            self.break_ends.append(m.end())

    def link_label(self, url: str, lead: str) -> str | None:
        """The words a link sits on, when the text just before the URL is those words."""
        tail = " ".join(lead.split())
        for words in self.words.get(canonical(url), []):
            if words and tail.endswith(words):
                return label_from(words)
        return None

    def para_start(self, offset: int) -> int:
        i = bisect.bisect_right(self.break_ends, offset) - 1
        return self.break_ends[i] if i >= 0 else 0

    def paragraphs_before(self, offset: int, floor: int) -> Iterator[tuple[int, int]]:
        """(start, end) of the non-empty paragraphs between `floor` and `offset`, nearest first."""
        i = bisect.bisect_right(self.break_ends, offset) - 1
        end = offset
        while i >= 0 and self.break_starts[i] >= floor:
            if self.text[self.break_ends[i] : end].strip():
                yield self.break_ends[i], end
            end = self.break_starts[i]
            i -= 1
        if self.text[floor:end].strip():
            yield floor, end

    def last_mention_end(self, start: int, end: int) -> int | None:
        """End of the last URL mention that starts in [start, end), or None."""
        b = bisect.bisect_left(self.mention_starts, end)
        if b and self.mention_starts[b - 1] >= start:
            return self.mentions[b - 1].end
        return None


def _intro_paragraphs(t: _Text, before: int, floor: int) -> list[str]:
    """Intro paragraphs (ending with ':') above a list item, nearest first, up to the first
    paragraph that is neither an intro nor a list item."""
    out: list[str] = []
    for n, (start, end) in enumerate(t.paragraphs_before(before, floor)):
        if n >= _MAX_INTRO_WALK:
            break
        last = t.last_mention_end(start, end)
        para = t.text[last if last is not None else start : end].strip()
        if para.endswith(":"):
            out.append(para)
        elif last is None:
            break
    return out


def trailing_pages(text: str, end: int, limit: int) -> tuple[list[int], int]:
    """Pages referred to right after a URL ending at `end`, and where that reference ends.

    The reference is the URL's when a clause ends after it (".", ",", ";", a closing bracket or
    the line's end). One followed by ":" or a dash names what follows, and one followed by more
    words ("page 4 of the ESG Report: <url>") is the next citation's label: neither is taken. A
    capitalised "Page 7" alone on the next line is a page footer. `limit`: the next URL's start.
    """
    lead = _TRAIL_LEAD.match(text, end)
    ref = PAGE_REF.match(text, lead.end()) if lead else None
    if lead is None or ref is None or ref.end() > limit:
        return [], end
    after = ref.end()
    close = _CLOSE.match(text, after)
    if lead.group("open") and close is None:
        return [], end
    footer = lead.group("nl") and text[ref.start()].isupper() and _LINE_END.match(text, after)
    if footer and not lead.group("open"):
        return [], end
    if close is not None:
        after = close.end()
    if _INTRODUCES.match(text, after) or not (close or _CLAUSE_END.match(text, after)):
        return [], end
    return page_refs(text[ref.start() : ref.end()]), min(after, limit)


def build_citations(report: str, rt: ReportText) -> list[Citation]:
    lines, block_urls = strip_artifacts(rt.lines, rt.annotation_blocks)
    stream = Stream(lines)
    known = KnownUrls([u for u, _ in rt.known_urls] + [u for u, _ in block_urls])
    mentions = find_urls(stream.text, known)
    structure = find_structure(stream)
    t = _Text(stream, mentions, rt.link_words)
    drafts: list[_Draft] = []
    prev_end = 0
    for k, m in enumerate(mentions):
        limit = mentions[k + 1].start if k + 1 < len(mentions) else len(stream.text)
        draft = _draft(t, structure, m, prev_end, limit, drafts)
        drafts.append(draft)
        prev_end = draft.consumed_end
    drafts.extend(_orphans(stream, structure, rt, block_urls, mentions))
    drafts.sort(key=lambda d: d.offset)
    return _merge(report, drafts)


def _draft(
    t: _Text,
    structure: Structure,
    m: UrlMention,
    prev_end: int,
    limit: int,
    drafts: list[_Draft],
) -> _Draft:
    text = t.text
    in_findings = structure.in_findings(m.start)
    row = structure.row_at(m.start) if in_findings else None
    evidence = in_findings or structure.findings_start is None
    floor = max(prev_end, row.comment_start if row and row.comment_start <= m.start else 0)
    seg_start = max(floor, t.para_start(m.start))
    if m.start - seg_start > _MAX_LEAD:
        cut = m.start - _MAX_LEAD
        space = text.find(" ", cut, m.start)
        seg_start = space + 1 if space >= 0 else cut
    lead = text[seg_start : m.start]
    pages = set(page_refs(lead)) | set(fragment_pages(m.url))
    after_pages, consumed_end = trailing_pages(text, m.end, limit)
    pages |= set(after_pages)

    label = t.link_label(m.url, lead) or label_from(lead)
    row_floor = row.comment_start if row else (structure.findings_start or 0)
    previous = drafts[-1] if drafts else None
    if not tidy(lead):
        follows_previous = (
            previous is not None
            and previous.row is row
            and previous.offset in t.mention_end
            and not text[t.mention_end[previous.offset] : m.start].strip(" \t\n\u00a0,;")
        )
        if follows_previous and previous is not None:
            # A further URL of the same list item ("...incidents: <url> <url> <url>").
            label = previous.label
        else:
            intros = _intro_paragraphs(t, seg_start, row_floor)
            if intros:
                label = label_from(intros[0])
                # "ESG Report, page 12:" then the link in the next paragraph: the page holds.
                pages |= set(page_refs(intros[0]))
                if label and is_entity_only(label):
                    doc = next(filter(None, map(doc_of_intro, intros[1:])), None)
                    label = f"{label} - {doc}" if doc else label
    elif label and is_entity_only(label):
        intros = _intro_paragraphs(t, seg_start, row_floor)
        doc = next(filter(None, map(doc_of_intro, intros)), None)
        if doc:
            label = f"{label} - {doc}"
    line = t.stream.line_at(m.start)
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
        consumed_end,
    )


def _orphans(
    stream: Stream,
    structure: Structure,
    rt: ReportText,
    block_urls: list[tuple[str, int]],
    mentions: list[UrlMention],
) -> list[_Draft]:
    """Link targets with no visible URL text (a link on words): still citations."""
    seen = {canonical(m.url) for m in mentions}
    out: list[_Draft] = []
    positions: list[tuple[str, int]] = []
    for url, idx in block_urls:
        positions.append((url, stream.starts[idx - 1] if idx > 0 else 0))
    last_line_of_page: dict[int | None, int] = {}
    for i, ln in enumerate(stream.lines):
        last_line_of_page[ln.page] = i
    for url, page in rt.known_urls:
        if page is None:
            continue
        idx = last_line_of_page.get(page)
        positions.append((url, stream.starts[idx] if idx is not None else 0))
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
