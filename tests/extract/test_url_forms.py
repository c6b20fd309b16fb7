"""Issue 11: every URL-shaped reference in the findings is a citation, whatever its host or
scheme; the crawler, not the extractor, decides what each one gets (tests/crawl/test_safety.py)."""

import pytest

from verifier.extract import extract_report
from verifier.extract.urls import KnownUrls, canonical, find_urls

FORMS = [
    "http://localhost/esg/report.pdf",
    "http://localhost:8080/esg/report.pdf",
    "http://[::1]/esg/report.pdf",
    "https://[2001:db8:85a3::8a2e:370:7334]/policy.pdf",
    "http://2130706433/esg.pdf",
    "http://0x7f000001/esg.pdf",
    "http://0177.0.0.1/esg.pdf",
    "http://intranet/docs/x.pdf",
    "https://sharepoint/sites/esg/Shared%20Documents/code.pdf",
    "ftp://ftp.example.com/pub/esg-2024.pdf",
    "file:///C:/Users/auditor/Documents/esg.pdf",
    "sftp://files.example.com/esg.pdf",
]


@pytest.mark.parametrize("url", FORMS)
def test_each_form_is_found_in_prose(url):
    text = f"The Entity's ESG Report is available at {url}. Reviewed on site."
    assert [m.url for m in find_urls(text, KnownUrls([]))] == [url]


@pytest.mark.parametrize("url", FORMS)
def test_each_form_is_found_alone_on_its_line(url):
    text = f"ESG Report, page 4:\n{url}\n"
    assert [m.url for m in find_urls(text, KnownUrls([]))] == [url]


def _report(urls):
    lines = ["FINDINGS", "", "CRITERION RATING COMMENT", "", "1. BUSINESS INTEGRITY", ""]
    for i, url in enumerate(urls, start=1):
        lines += [f"1.{i} Criterion {i} Conformance Acme ESG Report, page {i}:", url, ""]
    return "\n".join(lines)


def test_every_form_is_a_citation_in_a_text_report(tmp_path):
    path = tmp_path / "forms.txt"
    path.write_text(_report(FORMS), encoding="utf-8")
    cites = extract_report(str(path))
    assert [(c.criterion, c.url, c.pages) for c in cites] == [
        (f"1.{i}", u, (i,)) for i, u in enumerate(FORMS, start=1)
    ]
    assert all(c.evidence and c.label == "Acme ESG Report" for c in cites)


def test_every_form_is_a_citation_in_an_html_report(tmp_path):
    rows = "".join(
        f"<tr><td>1.{i} Criterion {i}</td><td>Conformance</td><td>Acme ESG Report, page {i}: "
        f'<a href="{u}">{u}</a></td></tr>'
        for i, u in enumerate(FORMS, start=1)
    )
    html = f"<h2>FINDINGS</h2><table><tr><td>1. BUSINESS INTEGRITY</td></tr>{rows}</table>"
    path = tmp_path / "forms.html"
    path.write_text(html, encoding="utf-8")
    assert [c.url for c in extract_report(str(path))] == FORMS


def test_html_link_on_words_to_an_intranet_page_is_a_citation(tmp_path):
    path = tmp_path / "words.html"
    path.write_text(
        "<h2>FINDINGS</h2><p>1. BUSINESS INTEGRITY</p><p>1.1 Legal Compliance Conformance The "
        '<a href="http://intranet/legal/register.xlsx">legal register</a> was reviewed.</p>',
        encoding="utf-8",
    )
    (c,) = extract_report(str(path))
    assert c.url == "http://intranet/legal/register.xlsx" and c.criterion == "1.1"


def test_schemes_are_not_merged_into_one_document():
    assert canonical("ftp://example.com/a.pdf") != canonical("https://example.com/a.pdf")
    assert canonical("http://example.com/a.pdf") == canonical("https://example.com/a.pdf/")
    assert canonical("http://localhost:8080/a") != canonical("http://localhost/a")


@pytest.mark.parametrize(
    "text",
    ["e-mail: info@example.com", "ratio 3://4", "see http:// nothing", "C:\\Users\\x.pdf",
     "the mailto:esg@example.com address", "version 2.1a-f: done"],
)  # fmt: skip
def test_not_urls(text):
    assert find_urls(text, KnownUrls([])) == []
