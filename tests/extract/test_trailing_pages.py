"""Issue 11: page references after the URL are the citation's pages, unless they introduce the
next citation. The rule: a page reference right after a URL (same line, or alone at the start of
the next line) belongs to that URL when a clause ends after it ('.', ',', ';', ')' or the line's
end); one followed by ':' or '-', or by more words ("page 4 of the ESG Report:"), names what
follows and is left to the next citation. A capitalised "Page 7" alone on the next line is a page
footer, not a reference."""

import pytest

from verifier.extract.citations import build_citations
from verifier.extract.readers import read_html_bytes, read_text_bytes

A = "https://acme.example/policies/anti-bribery-policy.pdf"
B = "https://acme.example/reports/esg-report-2024.pdf"


def pages_of(body: str, html: bool = False) -> list[tuple[str, tuple[int, ...]]]:
    head = "FINDINGS\n\n1. BUSINESS INTEGRITY\n\n1.2 Anti-Corruption Conformance "
    if html:
        rt = read_html_bytes(f"<p>FINDINGS</p><p>1. BUSINESS INTEGRITY</p><p>1.2 Anti-Corruption "
                             f"Conformance {body}</p>".encode())  # fmt: skip
    else:
        rt = read_text_bytes((head + body + "\n").encode())
    return [(c.url, c.pages) for c in build_citations("r", rt)]


@pytest.mark.parametrize(
    ("body", "pages"),
    [
        (f"The policy is at {A}, page 6.", (6,)),
        (f"The policy is at {A} (p. 12) and was reviewed.", (12,)),
        (f"The policy is at {A}, pages 3-5", (3, 4, 5)),
        (f"The policy is at {A}; pp. 2, 4 and 9.", (2, 4, 9)),
        (f"The policy is at\n{A}\npage 6.", (6,)),
        (f"The policy is at\n{A}\n(p. 12)", (12,)),
        (f"The policy is at\n{A},\npages 3-5; it was reviewed.", (3, 4, 5)),
        (f"Policy, page 2: {A}, page 6.", (2, 6)),
        (f"The policy is at\n{A}\nPage 7", ()),  # a page footer
        (f"The policy is at {A}, page 4 of which covers gifts.", ()),  # words follow: not a ref
    ],
)
def test_page_after_the_url(body, pages):
    assert pages_of(body) == [(A, pages)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the next citation's label: "page 12:" introduces B
        (f"Policy: {A}\nESG Report, page 12: {B}", [(A, ()), (B, (12,))]),
        (f"Policy: {A}\npage 12: {B}", [(A, ()), (B, (12,))]),
        (f"Policy: {A}; page 12 - {B}", [(A, ()), (B, (12,))]),
        (f"Policy: {A}, page 4 of the ESG Report: {B}", [(A, ()), (B, (4,))]),
        # A's own page is not also given to B
        (f"Policy {A}, page 4, and the ESG Report, page 9: {B}", [(A, (4,)), (B, (9,))]),
        (f"Policy {A} (page 4).\nESG Report: {B}", [(A, (4,)), (B, ())]),
        (f"Policy:\n{A}\npage 4.\n{B}", [(A, (4,)), (B, ())]),
    ],
)
def test_a_page_is_not_stolen_from_the_next_citation(body, expected):
    assert pages_of(body) == expected


def test_html_page_after_the_link():
    assert pages_of(f'the policy <a href="{A}">{A}</a> (p. 12).', html=True) == [(A, (12,))]
