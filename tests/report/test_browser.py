"""report.html in a real headless browser: it loads with no console errors (a CSP violation is
one), the hostile values stay text, every internal link lands on an element, the headline figure
is report.json's, and a screenshot is written under reports/. Skipped, saying why, where
Debian's chromium is not installed."""

import re

import pytest

from tests.report.browser import CHROMIUM, SKIP_REASON, Browser, broken_links
from verifier.report.html import render_html

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=SKIP_REASON)


async def test_report_html_in_chromium(result, report, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html(result), encoding="utf-8")
    async with Browser(tmp_path / "profile") as browser:
        info = await browser.open(page)
        png = await browser.screenshot("browser-test-report.png", height=760)
        errors = browser.errors
    assert info["ready"] == "complete" and info["title"] == "Evidence check"
    assert info["scripts"] == 0  # the <script> in a URL and a PDF title stayed text
    assert "<script>alert('title')</script>" in info["text"]
    assert "page 57 cited, document has 48 pages" in info["text"]
    assert errors == []
    assert broken_links(page, info["links"], {}) == []
    assert any(link.startswith("#c") for link in info["links"])  # the jump list to failures
    failing = sum(
        1
        for c in report["citations"]
        if c["evidence"] and any(k["outcome"] == "fail" for k in c["checks"])
    )
    m = re.search(r"(\d+) failing evidence citations? of (\d+)", info["text"])
    assert m and (int(m.group(1)), int(m.group(2))) == (
        failing,
        report["summary"]["evidence_citations"],
    )
    assert png.startswith(b"\x89PNG") and len(png) > 5000


async def test_report_html_of_a_portfolio_run(tmp_path):
    """report.html of a realistic run (eight reports): the headline is report.json's figure,
    every jump link lands, and its screenshot is the one the README shows."""
    from tests.site.portfolio import build_portfolio
    from verifier.assemble import load_run_result
    from verifier.report.json_report import report_dict
    from verifier.store import HistoryStore

    db = build_portfolio(tmp_path / "portfolio.sqlite", reports=8, citations=12, runs=6)
    with HistoryStore.open(db, readonly=True) as store:
        result = load_run_result(store, 6)
    data = report_dict(result)
    page = tmp_path / "report.html"
    page.write_text(render_html(result), encoding="utf-8")
    async with Browser(tmp_path / "profile") as browser:
        info = await browser.open(page)
        await browser.screenshot("report-html.png", height=760)
        errors = browser.errors
    assert errors == [] and info["scripts"] == 0
    assert broken_links(page, info["links"], {}) == []
    failing = [c for c in data["citations"]
               if c["evidence"] and any(k["outcome"] == "fail" for k in c["checks"])]  # fmt: skip
    evidence = data["summary"]["evidence_citations"]
    assert f"{len(failing)} failing evidence citations of {evidence}" in info["text"]
    assert sum(link.startswith("#c") for link in info["links"]) >= len(failing)
