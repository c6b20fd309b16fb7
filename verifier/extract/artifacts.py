"""Remove what a PDF-to-text export adds that is not report text.

pdftotext-style exports leave, at each page end, a block of the page's link-annotation targets
(each full URL, often twice), and repeat the table header ("CRITERION RATING COMMENT") on every
page. Neither is a citation or a criterion, but the annotation targets are valuable: they are the
full, unwrapped URLs, so they are returned as known link targets.

A block is recognised by its structure, never by "this URL was seen before" (a URL cited again
alone on its line is a citation): a run of bare URL lines, set apart from the text above it by a
blank line or a page break, that lists the page's links in the order the page cites them (each
once, or twice where a wrapped link has two rectangles), with at least two distinct URLs or a
doubled one. Only text exports can carry blocks; HTML and PDFs read by verifier never do.
"""

from __future__ import annotations

import bisect

from verifier.extract.document import Line
from verifier.extract.structure import _HEADER
from verifier.extract.urls import URL_LINE, KnownUrls, canonical, find_urls

_SPACE_END = (" ", "\u00a0")


def _trailing_space_convention(lines: list[Line]) -> bool:
    """True when body lines end with a space, as pdftotext writes them (annotation lines do not)."""
    body = [ln.text for ln in lines if ln.text.strip() and not URL_LINE.match(ln.text)]
    if len(body) < 20:
        return False
    return sum(1 for t in body if t.endswith(_SPACE_END)) >= 0.6 * len(body)


def _collapse(keys: list[str]) -> list[str]:
    return [k for i, k in enumerate(keys) if i == 0 or keys[i - 1] != k]


class _PageLinks:
    """The URLs the visible text cites, by line, for asking "which links does lines a..b cite"
    in time proportional to the answer (the report is scanned once)."""

    def __init__(self, lines: list[Line]) -> None:
        starts: list[int] = []
        pos = 0
        for ln in lines:
            starts.append(pos)
            pos += len(ln.text) + 1
        mentions = find_urls("\n".join(ln.text for ln in lines), KnownUrls([]))
        self.line_of = [bisect.bisect_right(starts, m.start) - 1 for m in mentions]
        self.keys = [canonical(m.url) for m in mentions]
        # changes[k]: how many times the key changes among mentions 0..k (collapsed length - 1).
        self.changes: list[int] = []
        for k, key in enumerate(self.keys):
            prev = self.changes[-1] if self.changes else 0
            self.changes.append(prev + (1 if k and self.keys[k - 1] != key else 0))

    def collapsed(self, first_line: int, end_line: int, limit: int) -> list[str] | None:
        """Collapsed keys cited on lines [first_line, end_line), or None if more than `limit`."""
        a = bisect.bisect_left(self.line_of, first_line)
        b = bisect.bisect_left(self.line_of, end_line)
        if a >= b:
            return []
        if self.changes[b - 1] - self.changes[a] + 1 > limit:
            return None
        return _collapse(self.keys[a:b])


def _same(target: str, printed: str) -> bool:
    """A link target and the URL the page prints for it (perhaps wrapped beyond rejoining)."""
    return target == printed or (len(printed) > 8 and target.startswith(printed))


def _is_block(run: list[str], page: list[str] | None) -> bool:
    """Whether a run of bare URLs is the page's link list (see the module docstring)."""
    if not page:
        return False
    doubled = {run[i] for i in range(1, len(run)) if run[i] == run[i - 1]}
    if len(set(run)) < 2 and not doubled:
        return False
    shown = [k for k in run if any(_same(k, p) for p in page)]
    if any(k not in shown and k not in doubled for k in run):
        return False  # a link on words (no visible URL) shows up as a doubled pair only
    listed = _collapse(shown)
    return len(listed) == len(page) and all(map(_same, listed, page))


def strip_artifacts(
    lines: list[Line], blocks_possible: bool = True
) -> tuple[list[Line], list[tuple[str, int]]]:
    """Lines without annotation blocks and running headers, and the block URLs with the index
    (in the returned lines) of the line that followed their block."""
    spaced = blocks_possible and _trailing_space_convention(lines)
    links = _PageLinks(lines) if blocks_possible else None
    drop: set[int] = set()
    block_urls: list[tuple[int, str]] = []
    i = 0
    page_text_start = 0
    n = len(lines)
    while i < n:
        if _HEADER.match(lines[i].text):
            drop.add(i)
            page_text_start = i + 1
            i += 1
            continue
        if lines[i].page_start:
            page_text_start = i
        if links is None or not URL_LINE.match(lines[i].text):
            i += 1
            continue
        j = i
        while j < n and URL_LINE.match(lines[j].text) and not (j > i and lines[j].page_start):
            j += 1
        if not (i == page_text_start or not lines[i - 1].text.strip()):
            i = j  # glued to the text above: citation lines (the usual "label:" then URL)
            continue
        if _continued(lines, j - 1):
            j -= 1  # the run's last line is the first half of a wrapped URL: body text
        if j <= i:
            i += 1
            continue
        bare = not spaced or all(not lines[k].text.endswith(_SPACE_END) for k in range(i, j))
        if bare:
            run = [canonical(_url_of(lines[k])) for k in range(i, j)]
            if _is_block(run, links.collapsed(page_text_start, i, j - i)):
                drop.update(range(i, j))
                block_urls.extend((j, _url_of(lines[k])) for k in range(i, j))
                page_text_start = j
        i = j
    kept: list[Line] = []
    index_map: dict[int, int] = {}
    page_break_pending = False
    for k, line in enumerate(lines):
        index_map[k] = len(kept)
        if k in drop:
            page_break_pending = True
            continue
        if page_break_pending and line.text.strip():
            line = Line(line.text, line.page, line.lineno, True)
            page_break_pending = False
        kept.append(line)
    index_map[n] = len(kept)
    return kept, [(u, index_map[j]) for j, u in block_urls]


def _url_of(line: Line) -> str:
    m = URL_LINE.match(line.text)
    return m.group(1) if m else ""


def _continued(lines: list[Line], k: int) -> bool:
    """Whether the URL on line k runs on into line k+1 (so line k is not a whole link target)."""
    url = _url_of(lines[k])
    if not url or k + 1 >= len(lines):
        return False
    nxt = lines[k + 1].text.strip()
    if not nxt or URL_LINE.match(nxt):
        return False
    mentions = find_urls(lines[k].text + "\n" + lines[k + 1].text, KnownUrls([]))
    return bool(mentions) and len(mentions[0].cited_text) > len(url.rstrip(".,;:"))
