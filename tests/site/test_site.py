"""`verifier site` on a small history: what it gathers, what it writes, and that the pages are
self-contained (relative links that resolve, no external asset, escaped values, a CSP that
allows exactly the index's own script)."""

import base64
import hashlib
import re

from tests.report.browser import broken_links
from tests.site.conftest import ALPHA, ESG, HOSTILE_REPORT, HOSTILE_URL, POLICY
from verifier.assemble import load_run_result
from verifier.cli import main
from verifier.report.json_report import report_dict
from verifier.site.build import write_site
from verifier.site.collect import collect
from verifier.site.common import document_path, report_path
from verifier.store import HistoryStore


def _site(db, window=30):
    with HistoryStore.open(db, readonly=True) as store:
        return collect(store, "2026-11-24T00:00:00Z", window)


def test_collect_gathers_latest_state_trends_strips_and_changes(history_db):
    site = _site(history_db)
    by_name = {r.name: r for r in site.reports}
    alpha, hostile = by_name[ALPHA], by_name[HOSTILE_REPORT]
    assert [(t.run_id, t.evidence, t.failing) for t in alpha.trend] == [(1, 2, 0), (2, 2, 1),
                                                                         (3, 2, 1)]  # fmt: skip
    assert [t.failing for t in hostile.trend] == [1, 1, 2]
    assert len(alpha.failing) == 1 and len(hostile.failing) == 2
    assert site.strips[(ALPHA, "1.2", POLICY)] == {1: False, 2: True, 3: True}
    policy = site.documents[POLICY].document
    assert policy.failing.consecutive_runs == 2 and [h.verdict for h in policy.history] == [
        "ok", "broken", "broken"]  # fmt: skip
    (change,) = site.documents[ESG].changes
    assert (change.old.run_id, change.new.run_id) == (1, 2)
    assert "-Emissions to air fell by 12 percent in 2024." in change.diff
    assert "+Emissions to air fell by 9 percent in 2024." in change.diff
    assert set(site.documents[ESG].cited_by) == {(ALPHA, "6.1a-f", ESG),
                                                 (HOSTILE_REPORT, "3.4", ESG)}  # fmt: skip


def test_window_bounds_strips_and_trends(history_db):
    site = _site(history_db, window=2)
    assert [r.id for r in site.runs] == [2, 3]
    assert all(len(r.trend) == 2 for r in site.reports)
    assert site.documents[ESG].changes == ()  # the change happened before the window


def test_failing_counts_match_report_json(history_db):
    site = _site(history_db)
    with HistoryStore.open(history_db, readonly=True) as store:
        data = report_dict(load_run_result(store, 3))
    for r in site.reports:
        expected = [c for c in data["citations"] if c["report"] == r.name and c["evidence"]
                    and any(k["outcome"] == "fail" for k in c["checks"])]  # fmt: skip
        assert len(r.failing) == len(expected)


def _pages(out):
    return sorted(out.rglob("*.html"))


def test_written_site_is_self_contained_and_links_resolve(history_db, tmp_path):
    built = write_site(_site(history_db), tmp_path)
    pages = _pages(tmp_path)
    assert built.pages == len(pages) == 1 + 2 + 3  # index, two reports, three documents
    assert (tmp_path / report_path(ALPHA)).is_file()
    assert (tmp_path / document_path(HOSTILE_URL)).is_file()
    ids: dict = {}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        hrefs = re.findall(r'href="([^"]*)"', html)
        assert broken_links(page, hrefs, ids) == [], page
        internal = [h for h in hrefs if not h.startswith(("http://", "https://"))]
        assert all(not h.startswith("/") for h in internal)  # relative: works under any path
        assert not re.search(r"<(img|script|iframe|link|object|embed)\b[^>]*\s(src|href)=", html)
        assert "@import" not in html and "url(" not in html
        assert "<img src=x" not in html and "<svg onload" not in html and "alert(2)</" not in html
        assert "<b>x</b>" not in html and "<b>HTTP 404</b>" not in html
        assert "<meta name=generator content='verifier evidence report'>" in html[:512]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "&lt;svg onload=alert(1)&gt;.txt" in index


def test_csp_allows_exactly_the_index_script(history_db, tmp_path):
    write_site(_site(history_db), tmp_path)
    for page in _pages(tmp_path):
        html = page.read_text(encoding="utf-8")
        csp = re.search(r'Content-Security-Policy content="([^"]+)"', html).group(1)
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["default-src"] == "'none'"
        assert "unsafe" not in directives.get("script-src", "")
        scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
        if page.name == "index.html":
            (script,) = scripts
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"script-src 'sha256-{digest}'" in csp
        else:
            assert scripts == [] and "script-src" not in csp


def test_rebuild_removes_pages_no_longer_shown(history_db, tmp_path):
    write_site(_site(history_db), tmp_path)
    stale = tmp_path / "documents" / "0123456789abcdef.html"
    stale.write_text("old")
    (tmp_path / "documents" / "notes.txt").write_text("kept: not a page")
    write_site(_site(history_db), tmp_path)
    assert not stale.exists() and (tmp_path / "documents" / "notes.txt").exists()


def test_site_command(history_db, tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["site", "--db", str(history_db), "--out", str(out), "--runs", "2"]) == 0
    line = capsys.readouterr().out
    assert line.startswith("wrote 6 pages") and "index.html" in line
    assert "over the last 2 runs" in (out / "index.html").read_text(encoding="utf-8")


def test_site_command_errors_are_one_line(tmp_path, capsys):
    assert main(["site", "--db", str(tmp_path / "none.sqlite"), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("verifier: error: no history database")
    (tmp_path / "file").write_text("x")
    with HistoryStore.open(tmp_path / "empty.sqlite"):
        pass
    args = ["site", "--db", str(tmp_path / "empty.sqlite")]
    assert main([*args, "--out", str(tmp_path / "file")]) == 2
    assert "exists and is not a directory" in capsys.readouterr().err
    assert main([*args, "--out", str(tmp_path / "o")]) == 2
    assert "nothing to publish yet" in capsys.readouterr().err


def test_an_interrupted_run_does_not_replace_a_reports_latest_state(tmp_path):
    from tests.site.conftest import _checks, _cite, build_history
    from tests.support.observations import observation

    db = build_history(tmp_path / "h.sqlite")
    with HistoryStore.open(db) as store:
        run = store.start_run(["check", ALPHA])
        store.record_observation(run, observation(POLICY, "broken", reason="HTTP 404"))
        store.record_citation(run, _cite(ALPHA, "1.2", POLICY, "Policy"), _checks(False))
        store.finish_run(run, "interrupted")
    site = _site(db)
    alpha = next(r for r in site.reports if r.name == ALPHA)
    assert alpha.run.id == 3 and len(alpha.citations) == 2


def test_a_history_without_a_complete_run_says_so(tmp_path):
    db = tmp_path / "h.sqlite"
    with HistoryStore.open(db) as store:
        store.finish_run(store.start_run(), "interrupted")
    write_site(_site(db), tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "No report has been checked by a complete run yet." in index
