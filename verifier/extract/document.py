"""The text of a report as the extractor sees it: lines with their origin, plus known link targets.

Every reader (text, PDF, HTML) produces a `ReportText`, and everything after that is format-blind.
`known_urls` are full link targets the format gives us besides the visible text (PDF link
annotations, HTML hrefs, or the annotation blocks a PDF-to-text export leaves at each page end);
they confirm how a URL wrapped over lines is rejoined and complete one that cannot be.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    page: int | None = None
    lineno: int | None = None
    # First line after a page break (a PDF page, or a removed annotation block / running header).
    page_start: bool = False


@dataclass(slots=True)
class ReportText:
    lines: list[Line]
    # Link targets known from outside the visible text, with the page they sit on (None: unknown).
    known_urls: list[tuple[str, int | None]] = field(default_factory=list)
    # A text export may carry pdftotext's link-annotation blocks; HTML and PDFs read here never do.
    annotation_blocks: bool = False
    # Links on words (HTML "<a href=url>Code of Conduct</a>"): the words name the document.
    link_words: list[tuple[str, str]] = field(default_factory=list)


class Stream:
    """The report's lines joined with '\\n', with a map from character offset back to the line."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.starts: list[int] = []
        parts: list[str] = []
        pos = 0
        for line in lines:
            self.starts.append(pos)
            parts.append(line.text)
            pos += len(line.text) + 1
        self.text = "\n".join(parts)

    def line_at(self, offset: int) -> Line:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[max(i, 0)]

    def index_at(self, offset: int) -> int:
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)
