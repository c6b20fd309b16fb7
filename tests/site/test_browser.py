"""The site in a real headless browser: every page loads without console errors (a CSP
violation is one: the index's script runs only because its hash is allowed), every internal link
lands on a page and an element, the index's script sorts and filters, the headline figures are
report.json's, and screenshots of the index and a report page are written under reports/.
Skipped, saying why, where Debian's chromium is not installed."""

import re

import pytest

from tests.report.browser import CHROMIUM, SKIP_REASON, Browser, broken_links
from tests.site.portfolio import build_portfolio
from verifier.assemble import load_run_result
from verifier.report.json_report import report_dict
from verifier.site.build import write_site
from verifier.site.collect import collect
from verifier.store import HistoryStore

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=SKIP_REASON)


async def test_site_in_chromium(tmp_path, history_db):
    db = build_portfolio(tmp_path / "portfolio.sqlite", reports=8, citations=12, runs=14)
    out = tmp_path / "site"
    with HistoryStore.open(db, readonly=True) as store:
        write_site(collect(store, "2026-11-24T05:17:00Z"), out)
        data = report_dict(load_run_result(store, store.runs(1)[0].id))
    hostile = tmp_path / "hostile"
    with HistoryStore.open(history_db, readonly=True) as store:
        write_site(collect(store, "2026-11-24T05:17:00Z"), hostile)
    failing = [c for c in data["citations"]
               if c["evidence"] and any(k["outcome"] == "fail" for k in c["checks"])]  # fmt: skip
    async with Browser(tmp_path / "profile") as browser:
        index = await browser.open(out / "index.html")
        assert browser.errors == [] and index["scripts"] == 1
        m = re.search(r"(\d+) failing evidence citations? of (\d+)", index["text"])
        assert m and (int(m.group(1)), int(m.group(2))) == (
            len(failing), data["summary"]["evidence_citations"])  # fmt: skip
        assert "8 of 8 reports shown" in index["text"]  # the script ran: controls are shown
        await browser.screenshot("site-index.png", height=560)

        # Sort by report name, then filter to one entity and to failing reports only.
        names = "[...document.querySelectorAll('#reports tbody tr:not([hidden]) td a')]" \
                ".map(a => a.textContent)"  # fmt: skip
        await browser.evaluate("document.querySelector('#reports th button').click()")
        ordered = await browser.evaluate(f"JSON.stringify({names})")
        assert ordered == sorted(ordered) and len(ordered) == 8
        await browser.evaluate(
            "var q = document.getElementById('q'); q.value = 'fjord';"
            "q.dispatchEvent(new Event('input'))"
        )
        assert await browser.evaluate(f"JSON.stringify({names})") == [
            "asi-audit-fjord-metals-2024.pdf"]  # fmt: skip
        await browser.evaluate(
            "var q = document.getElementById('q'); q.value = '';"
            "q.dispatchEvent(new Event('input'));"
            "document.getElementById('failing-only').click()"
        )
        bad = {c["report"].rsplit("/", 1)[-1] for c in failing}
        assert set(await browser.evaluate(f"JSON.stringify({names})")) == bad

        ids: dict = {}
        pages = sorted(out.rglob("*.html")) + sorted(hostile.rglob("*.html"))
        for page in pages:
            info = await browser.open(page, settle_s=0.05)
            assert browser.errors == [], page
            assert broken_links(page, info["links"], ids) == [], page
            assert info["scripts"] == (1 if page.name == "index.html" else 0), page
            if page.parent.name == "reports" and "everbright" in page.name:
                await browser.screenshot("site-report.png", height=760)
        info = await browser.open(hostile / "index.html")
        assert "<svg onload=alert(1)>.txt" in info["text"]  # shown as text, never run
