"""What a person sees of an HTML page: the one definition every stage uses (the extractor's
report reader, the fingerprint, the error-page judge). Scripts, styles, noscript and templates
are not shown; the title is the browser tab's."""

from __future__ import annotations

from typing import Any

INVISIBLE_TAGS = ("script", "style", "noscript", "template")

# Every page verifier writes carries this element in its first bytes, so a run over a directory
# never reads verifier's own output back as an audit report (extract/inputs.py looks for it).
OWN_OUTPUT_META = "<meta name=generator content='verifier evidence report'>"


def parse_visible(data: bytes | str) -> Any:
    """A BeautifulSoup tree of the page with the invisible elements removed."""
    from bs4 import BeautifulSoup  # only HTML needs it; keeps start-up fast

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(list(INVISIBLE_TAGS)):
        tag.decompose()
    return soup


def visible_text(data: bytes | str) -> tuple[str | None, str]:
    """(title, visible text) of a page, whitespace as the parser leaves it."""
    soup = parse_visible(data)
    title = soup.title.get_text(" ") if soup.title else None
    return title, soup.get_text(" ")
