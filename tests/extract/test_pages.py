import pytest

from verifier.extract.pages import fragment_pages, page_refs, strip_locations


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        ("ESG Report, page 11:", [11]),
        ("ESG Report, page \n40:", [40]),
        ("Chapter 6, \npage 26-27:", [26, 27]),
        ("page 26–27", [26, 27]),
        ("section 4.1.3, page 14 and \nsection 4.3.3, page 19:", [14, 19]),
        ("Pollutant Reduction Plan, page 4, chapters 4 and 5:", [4]),
        ("pages 3, 5 and 7", [3, 5, 7]),
        ("pp. 10-12", [10, 11, 12]),
        ("p. 4", [4]),
        ("Page 9", [9]),
        ("no page here, section 4.2", []),
        ("page 0", []),
        ("pages 1-5000", [1, 5000]),  # too wide to be a range: its ends only
    ],
)
def test_page_refs(text, pages):
    assert page_refs(text) == pages


def test_fragment_pages():
    assert fragment_pages("https://x.org/a.pdf#page=12") == [12]
    assert fragment_pages("https://x.org/a.pdf") == []


def test_strip_locations_leaves_the_name():
    assert strip_locations("ESG Report, page 11:").strip(" :") == "ESG Report"
    assert "chapter" not in strip_locations("Plan - chapter 6.9.3, page 33:")
