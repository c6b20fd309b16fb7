"""Remove what a PDF-to-text export adds that is not report text.

pdftotext-style exports leave, at each page end, a block of the page's link-annotation targets
(each full URL, often twice), and repeat the table header ("CRITERION RATING COMMENT") on every
page. Neither is a citation or a criterion, but the annotation targets are valuable: they are the
full, unwrapped URLs, so they are returned as known link targets.
"""

from __future__ import annotations

from verifier.extract.document import Line
from verifier.extract.structure import _HEADER
from verifier.extract.urls import URL_LINE, KnownUrls, canonical, find_urls


def _trailing_space_convention(lines: list[Line]) -> bool:
    """True when body lines end with a space, as pdftotext writes them (annotation lines do not)."""
    body = [ln.text for ln in lines if ln.text.strip() and not URL_LINE.match(ln.text)]
    if len(body) < 20:
        return False
    return sum(1 for t in body if t.endswith((" ", "\u00a0"))) >= 0.6 * len(body)


def strip_artifacts(lines: list[Line]) -> tuple[list[Line], list[tuple[str, int]]]:
    """Lines without annotation blocks and running headers, and the block URLs with the index
    (in the returned lines) of the line that followed their block."""
    spaced = _trailing_space_convention(lines)
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
        if not URL_LINE.match(lines[i].text):
            i += 1
            continue
        j = i
        while j < n and URL_LINE.match(lines[j].text):
            j += 1
        if _continued(lines, j - 1):
            j -= 1  # the run's last line is the first half of a wrapped URL: body text
        if j <= i:
            i += 1
            continue
        run = [_url_of(lines[k]) for k in range(i, j)]
        if spaced:
            is_block = all(not lines[k].text.endswith((" ", "\u00a0")) for k in range(i, j))
        else:
            keys = [canonical(u) for u in run]
            page_text = "\n".join(ln.text for ln in lines[page_text_start:i])
            cited = {canonical(m.url) for m in find_urls(page_text, KnownUrls([]))}
            is_block = (len(run) >= 2 and len(set(keys)) < len(keys)) or all(
                k in cited for k in keys
            )
        if is_block:
            drop.update(range(i, j))
            block_urls.extend((j, u) for u in run)
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
