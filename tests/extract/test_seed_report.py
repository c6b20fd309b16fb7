"""Hand-checked expectations for the real ASI audit report in examples/ (the seed report).

Every value asserted here was read off the report text by a person, not copied from the output.
"""

import re

import pytest

from verifier.extract import extract_report
from verifier.extract.document import Stream
from verifier.extract.readers import read_text_bytes
from verifier.extract.structure import find_structure

BASE = "https://innovationmetal.com/d/file/p/"
ESG_SHANDONG = BASE + "2025/02-20/fe216f2105d0e3d802d0d0fc4dde015e.pdf"
ESG_LIGHTWEIGHT = BASE + "2025/03-29/57cbf5e55c1dd191dfc6908bbe47002a.pdf"
ESG_NEWMAT = BASE + "2025/03-03/f0abd2e09ead6f83e6d42e913df2648e.pdf"
ESG_YUNNAN = BASE + "2025/03-03/71408f1fd5744f198794421a768c987d.pdf"
COMPLAINTS = BASE + "2025/03-03/ed5ca30a3cd0c1a69cbf162e3b2ae424.pdf"
FULL_URL = re.compile(
    r"^https://(www\.)?innovationmetal\.com/d/file/p/20\d\d/\d\d-\d\d/[0-9a-f]{32}\.pdf$"
)


def by(citations, criterion, url):
    found = [c for c in citations if c.criterion == criterion and c.url == url]
    assert len(found) == 1, f"{criterion} {url}: {len(found)} citations"
    return found[0]


def test_counts(seed_citations):
    evidence = [c for c in seed_citations if c.evidence]
    # The report's README: 83 distinct evidence URLs cited across the findings.
    assert len({c.url for c in evidence}) == 83
    assert len(seed_citations) == 107
    assert len(evidence) == 106


def test_no_truncated_url_ever(seed_citations):
    for c in seed_citations:
        if c.url.startswith("https://aluminium-stewardship") or "creditchina" in c.url:
            continue
        assert FULL_URL.match(c.url), c.url
        assert not c.notes or "truncated" not in " ".join(c.notes)


def test_every_annotation_url_is_cited_and_none_is_extra(seed_path, seed_citations):
    text = seed_path.read_text(encoding="utf-8")
    annotated = {ln for ln in text.split("\n") if re.fullmatch(r"https?://\S+", ln)}
    annotated = {u for u in annotated if not u.endswith("-")}
    cited = {c.url for c in seed_citations}
    assert annotated <= cited
    # One URL is cited in the findings but has no annotation block at all (11.1b-e).
    assert cited - annotated == {BASE + "2025/02-20/2f55e82efe69a0c8bfad600be454a19e.pdf"}
    assert by(seed_citations, "11.1b-e", BASE + "2025/02-20/2f55e82efe69a0c8bfad600be454a19e.pdf")


def test_boilerplate_link_is_not_evidence(seed_citations):
    (portal,) = [c for c in seed_citations if "ethicspoint" in c.url]
    assert portal.url == "https://aluminium-stewardship.ethicspoint.com/"
    assert portal.criterion is None and portal.rating is None and portal.evidence is False


def test_bare_domain_in_prose(seed_citations):
    c = by(seed_citations, "3.2", "http://www.creditchina.gov.cn/")
    assert c.cited_text == "www.creditchina.gov.cn"
    assert c.rating == "Conformance" and c.criterion_title == "Non-compliance and Liabilities"


@pytest.mark.parametrize(
    ("criterion", "url", "pages", "label"),
    [
        # "ESG Report, page \n11:" - the page number on the next line
        ("1.2", ESG_SHANDONG, [11], "Shandong Innovation Precision Technology Co., Ltd. - ESG Report"),
        ("1.2", ESG_LIGHTWEIGHT, [16], "Inner Mongolia Innovation Lightweight New Materials Co., Ltd. - ESG Report"),
        # "Co., Ltd.: - ESG Report" and "Co., Ltd.- - ESG Report" as printed, tidied
        ("1.2", ESG_NEWMAT, [16], "Inner Mongolia Innovation New Materials Co., Ltd. - ESG Report"),
        ("1.2", ESG_YUNNAN, [9], "Yunnan Innovation Alloy Co., Ltd. - ESG Report"),
        ("1.2", COMPLAINTS, [], "Complaints"),
        ("6.1a-f", ESG_SHANDONG, [33], None),
        # "chapter 8, page \n40:" - broken across lines
        ("6.1a-f", ESG_LIGHTWEIGHT, [40], None),
        ("6.1a-f", ESG_NEWMAT, [57], None),
        # "section 4.1.3, page 14 and \nsection 4.3.3, page 19"
        ("9.2a-e", ESG_SHANDONG, [14, 19], None),
        # "Chapter 6, \npage 26-27"
        ("9.2a-e", ESG_LIGHTWEIGHT, [26, 27], None),
        ("9.2a-e", ESG_NEWMAT, [20, 27], None),
        ("9.2a-e", ESG_YUNNAN, [13, 15], None),
        # "Pollutant Reduction Plan, page 4, chapters 4 and 5" - chapters are not pages
        ("6.2a-g", BASE + "2025/02-20/c84e0a1b4e66da8412077333ab097144.pdf", [4],
         "Inner Mongolia Innovation New Materials Co., Ltd. - Pollutant Reduction Plan"),
        ("6.2a-g", BASE + "2025/02-20/4c7341fe09bf174573990bad6245f414.pdf", [5], "Pollutant Reduction Plan"),
        ("6.2a-g", BASE + "2024/12-31/8686edd556a69d64649578de2e197138.pdf", [32], "2023 ESG Report"),
    ],
)  # fmt: skip
def test_pages_and_labels(seed_citations, criterion, url, pages, label):
    c = by(seed_citations, criterion, url)
    assert list(c.pages) == pages
    if label is not None:
        assert c.label == label


@pytest.mark.parametrize(
    ("criterion", "url", "label"),
    [
        ("1.3a-e", BASE + "2025/02-20/b76320dce7f9199c347660c700a0cce6.pdf", "Code of Conduct"),
        ("2.4a-e", "https://www.innovationmetal.com/d/file/p/2025/03-03/b5a8cb536a3cdb22c7d2fc22fda6038d.pdf",
         "Responsible Procurement Policy"),
        # entity-only items take the document kind from the list intro
        ("2.6a-h", BASE + "2025/02-20/1f1ddb0b0796d15c8da508bf162217f3.pdf",
         "Yunnan Innovation Alloy - Human Rights Impact Survey Reports"),
        ("2.6a-h", BASE + "2025/02-20/526683277deb12dd41a92d0b356033a0.pdf",
         "Human Rights Impact Management Control Procedure"),
        # a sub-list ("..., for special emergencies, ...:") of three URLs under one entity
        ("2.7a-f", BASE + "2025/02-20/443f18f8f1a0fb5bc2d88c484e3dc952.pdf",
         "Inner Mongolia Innovation New Materials - Emergency Response Plans"),
        ("2.7a-f", BASE + "2025/02-20/f436bb926d9d6c7a60f42be900fb9e97.pdf",
         "Yunnan Innovation Alloy Co., Ltd - Emergency Response Plans"),
        ("3.2", BASE + "2024/12-16/c34019479e7cf018059342c19c8c674a.pdf",
         "Inner Mongolia Innovation Lightweight New Materials - Public Credit Information Report"),
        ("4.4d", BASE + "2025/02-20/fe582ce8363f2e72ac78607cbde04b19.pdf", "Aluminium Scrap Recycling Plan"),
        ("9.1a-d", BASE + "2025/02-20/65eed2a0ad7754b734da3655c88f6bd8.pdf", "Human Rights Commitment Letter"),
        ("11.1b-e", BASE + "2025/02-20/2f55e82efe69a0c8bfad600be454a19e.pdf",
         "2024 OH&S Management Performance Analysis Report"),
    ],
)  # fmt: skip
def test_labels(seed_citations, criterion, url, label):
    assert by(seed_citations, criterion, url).label == label


def test_same_url_under_two_criteria_is_two_citations(seed_citations):
    assert {c.criterion for c in seed_citations if c.url == ESG_SHANDONG} == {
        "1.2", "3.1a-b", "6.1a-f", "9.2a-e",
    }  # fmt: skip
    # 5.3a and 5.3b-e both cite the GHG Emissions Reduction Plan; the first mention is the one
    # printed right after a page's annotation block.
    plan = BASE + "2025/03-03/c6facabd2f75be1d57c3d0443d60bbd6.pdf"
    assert {c.criterion for c in seed_citations if c.url == plan} == {"5.3a", "5.3b-e"}


def test_ratings_and_titles_that_wrap(seed_citations):
    c = by(
        seed_citations,
        "2.4a-e",
        "https://www.innovationmetal.com/d/file/p/2025/03-03/b5a8cb536a3cdb22c7d2fc22fda6038d.pdf",
    )
    assert (c.criterion_title, c.rating) == ("Responsible Sourcing", "Minor Non-Conformance")
    c = by(seed_citations, "9.8a", BASE + "2024/12-31/0097d719b33b2de9f05567eb1c132fbd.pdf")
    assert c.criterion_title == "Conflict-Affected and High-Risk Areas - Strong management systems"
    c = by(seed_citations, "10.6a-g", BASE + "2025/02-20/46a70ce4567a65555b068370f55ebdbb.pdf")
    assert (c.criterion_title, c.rating) == ("Violence and Harassment", "Conformance")


def test_location_is_the_line_of_the_url(seed_path, seed_citations):
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    for c in seed_citations:
        assert c.location.line is not None
        printed = lines[c.location.line - 1]
        assert c.cited_text[:20] in printed, (c.location, printed)


def test_structure_of_every_criterion_row(seed_path):
    lines = read_text_bytes(seed_path.read_bytes()).lines
    from verifier.extract.artifacts import strip_artifacts

    kept, _ = strip_artifacts(lines)
    rows = {r.criterion: r for r in find_structure(Stream(kept)).rows}
    expected_ids = [
        "1.1",
        "1.2",
        "1.3a-e",
        "2.1a-f",
        "2.2a-c",
        "2.3a",
        "2.3b",
        "2.4a-e",
        "2.5a-g",
        "2.6a-h",
        "2.7a-f",
        "2.8a-d",
        "2.9a-b",
        "2.10a-b",
        "3.1a-b",
        "3.2",
        "3.3a-c",
        "3.4a-f",
        "4.1a",
        "4.1b-c",
        "4.2",
        "4.3a-b",
        "4.4a-c",
        "4.4d",
        "5.1a-b",
        "5.2a",
        "5.2b",
        "5.3a",
        "5.3b-e",
        "5.4",
        "6.1a-f",
        "6.2a-g",
        "6.3a-g",
        "6.4a-b",
        "6.5a-c",
        "6.6a-g",
        "6.7a-f",
        "6.8a-d",
        "7.1a-b",
        "7.2a-e",
        "8.1a",
        "8.1b",
        "8.2a-g",
        "8.3a-c",
        "8.4",
        "8.5a-b",
        "8.6a-d",
        "8.6e",
        "8.7a-i",
        "9.1a-d",
        "9.2a-e",
        "9.3a-i",
        "9.4a",
        "9.4b",
        "9.4c",
        "9.5a",
        "9.5b",
        "9.6a-i",
        "9.7a-h",
        "9.8a",
        "9.8b",
        "9.8c",
        "9.8d",
        "9.8e",
        "9.9",
        "10.1a-c",
        "10.1d",
        "10.2a-c",
        "10.3a-c",
        "10.4a-c",
        "10.5",
        "10.6a-g",
        "10.7a-c",
        "10.8a-c",
        "10.9a-b",
        "11.1a",
        "11.1b-e",
        "11.2",
    ]
    assert list(rows) == expected_ids
    assert rows["2.1a-f"].title == "Environmental, Social, and Governance Policy"
    assert rows["2.1a-f"].rating == "Minor Non-Conformance"
    # The title cell continues on the next page after the annotation block.
    assert rows["4.4a-c"].title == (
        "Collection and Recycling of Products at End of Life - Material Conversion and other "
        "Manufacturing"
    )
    assert rows["4.4a-c"].rating == "Not Applicable"
    assert rows["5.2b"].title == (
        "Aluminium Smelter GHG Emissions Intensity - In production up to and including 2020"
    )
    assert rows["10.8a-c"].rating == "Minor Non-Conformance"
    assert rows["11.2"].title == "Employee engagement on Health and Safety"
    ratings = [r.rating for r in rows.values()]
    assert None not in ratings
    # "1.5°C warming scenario" starts a prose line and must not become criterion 1.5
    assert "1.5" not in rows


def test_extraction_is_fast(seed_path):
    """Not a benchmark: a guard that the seed never takes seconds (bench/ has the figures)."""
    import time

    start = time.perf_counter()
    extract_report(str(seed_path))
    assert time.perf_counter() - start < 2.0
