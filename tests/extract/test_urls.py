"""URL shapes beyond the seed report: other hosts, queries, encodings, punctuation, wrapping."""

import pytest

from verifier.extract.urls import KnownUrls, find_urls, trim_trailing


def urls(text, known=()):
    return [m.url for m in find_urls(text, KnownUrls(list(known)))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See https://example.org/esg/2024-report.pdf.", ["https://example.org/esg/2024-report.pdf"]),
        ("(https://example.org/a.pdf)", ["https://example.org/a.pdf"]),
        ("see (https://en.wikipedia.org/wiki/Foo_(bar)).", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("at http://example.com/q?id=12&lang=en, and", ["http://example.com/q?id=12&lang=en"]),
        ("file https://example.com/r%C3%A9sum%C3%A9.pdf; next", ["https://example.com/r%C3%A9sum%C3%A9.pdf"]),
        ("“https://example.com/quoted.pdf”", ["https://example.com/quoted.pdf"]),
        ("two: https://a.example/x.pdf and https://b.example/y.pdf!", ["https://a.example/x.pdf", "https://b.example/y.pdf"]),
        ("HTTPS://EXAMPLE.COM/Upper.PDF", ["HTTPS://EXAMPLE.COM/Upper.PDF"]),
        ("bare www.example.org/report.pdf here", ["http://www.example.org/report.pdf"]),
        ("详见https://example.cn/a.pdf。下一句", ["https://example.cn/a.pdf"]),
        ("https://example.com/#page=12", ["https://example.com/#page=12"]),
        ("mail me: info@www.example.com", []),
        ("not a url: http:// nothing", []),
    ],
)  # fmt: skip
def test_shapes(text, expected):
    assert urls(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # broken after a hyphen that is part of the URL
        ("https://example.com/files/2025/02-\n20/report.pdf \n", "https://example.com/files/2025/02-20/report.pdf"),
        # broken after a slash
        ("https://example.com/files/2025/\nreport-final.pdf \n", "https://example.com/files/2025/report-final.pdf"),
        # broken after an equals sign inside a query
        ("https://example.com/get?id=\n12345&type=pdf \n", "https://example.com/get?id=12345&type=pdf"),
        # broken in three pieces
        ("https://example.com/a-\nvery-long-\npath/x.pdf \n", "https://example.com/a-very-long-path/x.pdf"),
        # leading space on the continuation (page-start artefact)
        ("https://example.com/d/file/2025/03-\n 03/abc.pdf \n", "https://example.com/d/file/2025/03-03/abc.pdf"),
    ],
)  # fmt: skip
def test_wrapped_urls_are_rejoined(text, expected):
    assert urls(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "portal at https://example.com/ \nEthicsPoint is a tool",
        "see https://example.com/report.pdf \nand/or the annex",
        "see https://example.com/report.pdf. \nNext sentence.",
        "https://example.com/ \n2023 was the year",
    ],
)
def test_prose_after_a_url_is_not_joined(text):
    assert len(urls(text)) == 1
    assert " " not in urls(text)[0]
    assert urls(text)[0].startswith("https://example.com/")
    assert not urls(text)[0].endswith(("EthicsPoint", "and/or", "Next", "2023"))


def test_known_link_target_settles_an_ambiguous_join():
    text = "https://example.com/docs/ \nannual.html \n"
    # No evidence: "annual.html" after a slash looks like a path, so it is joined...
    assert urls(text) == ["https://example.com/docs/annual.html"]
    # ...unless the document's own link target says the URL ended at the slash.
    assert urls(text, ["https://example.com/docs/"]) == ["https://example.com/docs/"]


def test_truncated_url_is_completed_from_the_link_target_and_says_so():
    text = "Report: https://example.com/d/file/2025/02-\n\n\nThe next paragraph.\n"
    full = "https://example.com/d/file/2025/02-20/abc.pdf"
    (m,) = find_urls(text, KnownUrls([full]))
    assert m.url == full
    assert any("completed" in n for n in m.notes)


def test_truncated_url_without_evidence_is_flagged():
    (m,) = find_urls("Report: https://example.com/d/2025/02-\n\nNext.\n", KnownUrls([]))
    assert any("truncated" in n for n in m.notes)


def test_trim_trailing_keeps_balanced_brackets():
    assert trim_trailing("https://x.org/a_(b)),") == "https://x.org/a_(b)"
    assert trim_trailing("https://x.org/a]") == "https://x.org/a"
    assert trim_trailing("https://x.org/a?'") == "https://x.org/a"
