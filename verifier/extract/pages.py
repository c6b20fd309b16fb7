"""Cited page numbers: "page 11", "page \\n40", "page 26-27", "pages 3, 5 and 7", "p. 4", "#page=9".

Only numbers introduced by a page word count: in "page 4, chapters 4 and 5" the chapters are not
pages, and in "section 4.1.3, page 14" the section number is not either.
"""

from __future__ import annotations

import re

_NUM = r"\d{1,4}"
_RANGE = rf"{_NUM}(?:\s*(?:-|–|—|to)\s*{_NUM})?"
PAGE_REF = re.compile(
    rf"\b(?:pages?|pp?\.|pgs?\.?)\s*(?P<first>{_RANGE})(?P<more>(?:\s*(?:,|and|&)\s*{_RANGE}(?!\.\d))*)",
    re.IGNORECASE,
)
_FRAGMENT = re.compile(r"#page=(\d{1,4})", re.IGNORECASE)
# A range wider than this is a typo or not a page reference; keep only its ends.
MAX_RANGE = 200


def _expand(part: str) -> list[int]:
    nums = [int(x) for x in re.findall(r"\d+", part)]
    if len(nums) == 2 and 0 <= nums[1] - nums[0] <= MAX_RANGE:
        return list(range(nums[0], nums[1] + 1))
    return nums


def page_refs(text: str) -> list[int]:
    pages: set[int] = set()
    for m in PAGE_REF.finditer(text):
        pages.update(_expand(m.group("first")))
        for part in re.findall(rf"{_RANGE}", m.group("more")):
            pages.update(_expand(part))
    return sorted(p for p in pages if p > 0)


def fragment_pages(url: str) -> list[int]:
    """RFC 8118 `#page=N` in a PDF URL."""
    return [int(m.group(1)) for m in _FRAGMENT.finditer(url) if int(m.group(1)) > 0]


_LOCATION_CLAUSE = re.compile(
    r"(?:[,;\-–—:]?\s*(?:(?:sections?|chapters?|clauses?|pages?|pp?\.)\s*"
    r"\d[\d.]*(?:\s*(?:-|–|—|to)\s*\d[\d.]*)?(?:\s*(?:,|and|&)\s*\d[\d.]*)*\s*(?:and\s+)?))+",
    re.IGNORECASE,
)


def strip_locations(text: str) -> str:
    """Remove "section 4.1.3, page 14 and section 4.3.3, page 19" parts from a label."""
    return _LOCATION_CLAUSE.sub(" ", text)
