"""The shape of an audit report: where the findings are, and which criterion each part belongs to.

ASI reports print findings as a three-column table (CRITERION, RATING, COMMENT). In the text layer a
row starts with the criterion id; the criterion's title and its rating may wrap over several lines
("Minor Non-\\nConformance") before the comment begins. Rows are only accepted in order and under
their principle heading ("5. GREENHOUSE GAS EMISSIONS" owns 5.x), so a number at the start of a
prose line ("1.5°C warming scenario") is never taken for a criterion.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from verifier.extract.document import Stream
from verifier.extract.urls import URL_START

PRINCIPLE = re.compile(r"^\s*(\d{1,2})\.\s+([A-Z][A-Z0-9&,'’()/\- ]{2,}?)\s*$")
CRITERION = re.compile(
    r"^\s*(?P<id>(?P<major>\d{1,2})\.(?P<minor>\d{1,2})[a-z]{0,2}(?:\s?[-–]\s?[a-z]{1,2})?)"
    r"(?:\s+(?=[A-Z“\"'(])|\s*$)"
)
_RATING = re.compile(
    r"\b(?P<r>Major\s+Non-\s*Conformance|Minor\s+Non-\s*Conformance"
    r"|(?<!Non-)(?<!Non-\s)Conformance|Not\s+Applicable)\b"
)
_FINDINGS = re.compile(r"^\s*FINDINGS\s*$")
_HEADER = re.compile(r"^\s*CRITERION\s+RATING\s+COMMENT\s*$", re.IGNORECASE)
_END = re.compile(r"^\s*(?:ASI\s+)?(?:LIMITATION\s+OF\s+LIABILITY|DISCLAIMER|APPENDIX|ANNEX)\b.*$")
# How far after the criterion id the rating may appear (title cells wrap to a few lines).
_ROW_WINDOW_LINES = 10


def normalise_rating(raw: str) -> str:
    text = re.sub(r"\s+", " ", raw)
    text = re.sub(r"Non-\s+", "Non-", text)
    return text


# Control characters and bidirectional overrides: never part of a title or label, and harmful
# when a label is printed to a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_words(raw: str) -> str:
    """Join words hyphenated over a line break ("Non-\\nConformance") and collapse whitespace."""
    text = re.sub(r"(?<=[A-Za-z])-[ \t]*\n\s*(?=[A-Za-z])", "-", raw)
    text = _CONTROL.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True, slots=True)
class Row:
    criterion: str
    title: str | None
    rating: str | None
    start: int  # stream offset of the row's first character
    comment_start: int  # stream offset where the comment column begins


@dataclass(frozen=True, slots=True)
class Structure:
    rows: list[Row]
    findings_start: int | None  # None: no findings table recognised
    findings_end: int
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [r.start for r in self.rows])

    def row_at(self, offset: int) -> Row | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.rows[i] if i >= 0 else None

    def in_findings(self, offset: int) -> bool:
        return self.findings_start is not None and self.findings_start <= offset < self.findings_end


def _id_key(major: str, minor: str) -> tuple[int, int]:
    return int(major), int(minor)


def find_structure(stream: Stream) -> Structure:
    lines = stream.lines
    n = len(lines)
    start_idx: int | None = None
    for i, line in enumerate(lines):
        if _FINDINGS.match(line.text) or _HEADER.match(line.text):
            start_idx = i
            break
    if start_idx is None:
        for i, line in enumerate(lines):
            if PRINCIPLE.match(line.text) or CRITERION.match(line.text):
                start_idx = i
                break
    if start_idx is None:
        return Structure([], None, len(stream.text) + 1)
    end_idx = n
    for i in range(start_idx + 1, n):
        if _END.match(lines[i].text) and lines[i].text.strip().isupper():
            end_idx = i
            break

    rows: list[Row] = []
    principle: int | None = None
    last_key = (0, 0)
    row_line_idx: list[int] = []
    for i in range(start_idx, end_idx):
        text = lines[i].text
        pm = PRINCIPLE.match(text)
        if pm:
            principle = int(pm.group(1))
            continue
        cm = CRITERION.match(text)
        if not cm:
            continue
        key = _id_key(cm.group("major"), cm.group("minor"))
        if principle is not None and key[0] != principle:
            continue
        if key < last_key:
            continue
        last_key = key
        row_line_idx.append(i)
        rows.append(_read_row(stream, i, cm, end_idx))

    rows = _attach_title_continuations(stream, rows, row_line_idx, end_idx)
    return Structure(
        rows,
        stream.starts[start_idx],
        stream.starts[end_idx] if end_idx < n else len(stream.text) + 1,
    )


def _read_row(stream: Stream, i: int, cm: re.Match[str], end_idx: int) -> Row:
    lines = stream.lines
    start = stream.starts[i] + cm.start("id")
    after_id = stream.starts[i] + cm.end()
    # The cell window: up to the next row/principle line, at most a few lines.
    stop_idx = min(i + _ROW_WINDOW_LINES, end_idx)
    for j in range(i + 1, stop_idx):
        if CRITERION.match(lines[j].text) or PRINCIPLE.match(lines[j].text):
            stop_idx = j
            break
    window_end = stream.starts[stop_idx] if stop_idx < len(lines) else len(stream.text)
    window = stream.text[after_id:window_end]
    rm = _RATING.search(window)
    criterion = re.sub(r"\s+", "", cm.group("id")).replace("–", "-")
    if rm is None or URL_START.search(window[: rm.start()]):
        first_line_end = stream.text.find("\n", after_id)
        first_line_end = len(stream.text) if first_line_end < 0 else first_line_end
        title = clean_words(stream.text[after_id:first_line_end]) or None
        return Row(criterion, title, None, start, first_line_end)
    title = clean_words(window[: rm.start()]).rstrip(" -–:") or None
    return Row(criterion, title, normalise_rating(rm.group("r")), start, after_id + rm.end())


def _attach_title_continuations(
    stream: Stream, rows: list[Row], row_idx: list[int], end_idx: int
) -> list[Row]:
    """A title cell that wraps onto the next page arrives as a short paragraph at the page top.

    Example from a real report: "4.4a-c Collection and Recycling of Products at End of Life -
    Material" ... page break ... "Conversion and other / Manufacturing", then the next criterion.
    Only a short, unpunctuated paragraph at a page start, followed by nothing but the next row,
    is taken as the rest of the title.
    """
    lines = stream.lines
    out: list[Row] = []
    for k, row in enumerate(rows):
        nxt = row_idx[k + 1] if k + 1 < len(row_idx) else end_idx
        j = bisect.bisect_right(stream.starts, row.comment_start)
        while j < nxt and not lines[j].page_start:
            j += 1
        if row.title and j < nxt:
            para: list[str] = []
            m = j
            while m < nxt and lines[m].text.strip():
                para.append(lines[m].text.strip())
                m += 1
            rest_blank = all(not lines[q].text.strip() for q in range(m, nxt))
            if (
                para
                and rest_blank
                and len(para) <= 3
                and all(len(p) <= 40 for p in para)
                and para[0][:1].isupper()
                and not para[-1].endswith((".", ":", ";"))
                and not any(URL_START.search(p) for p in para)
            ):
                row = Row(
                    row.criterion,
                    f"{row.title} {clean_words(' '.join(para))}",
                    row.rating,
                    row.start,
                    row.comment_start,
                )
        out.append(row)
    return out
