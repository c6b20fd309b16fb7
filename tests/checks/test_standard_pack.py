"""The ASI Performance Standard V3.1 pack through a real `verifier check`: topic and current on
generated English and Chinese PDFs served by a local aiohttp server, advisory unless --fail-on."""

import asyncio
import json
from pathlib import Path

import jsonschema
import pytest
from aiohttp import web

from tests.support.pdfs import pdf
from verifier.cli import main

BASE = "https://esg.example.com"
HEADER = """AUDIT REPORT
PERFORMANCE STANDARD

MEMBER NAME Example Aluminium Co., Ltd.

ENTITY NAME Example Aluminium Co., Ltd.

ASI STANDARD Performance Standard V3.1

AUDIT TYPE • Initial Certification Audit (9 January – 21 January 2025)

AUDIT FIRM Example Certification Ltd.

AUDIT DATE • 9 January – 21 January 2025

"""
FINDINGS = f"""FINDINGS

CRITERION RATING COMMENT

1.2 Anti-Corruption Conformance
Complaints procedure, page 1: {BASE}/policy.pdf

3.1a-b Sustainability Reporting Conformance
Sustainability report, page 1: {BASE}/old-2021.pdf

5.1a-b Disclosure of GHG Conformance
ESG report 2024, page 2: {BASE}/esg-cn-2024.pdf

6.1a-f Emissions to Air Conformance
ESG report 2024, page 2: {BASE}/esg-en-2024.pdf

9.1a-d Human Rights Due Conformance
Human rights policy, page 3: {BASE}/esg-en-2024.pdf

10.3a-c Forced Labour Conformance
Statement, page 1: {BASE}/scan.pdf

"""

DOCS = {
    "/esg-en-2024.pdf": pdf(
        ["2024 ESG Report", "Air emissions: NOx 12 t, SO2 3 t, particulate matter 1 t.",
         "Our canteen menu and the football club results."],
        title="2024 ESG Report",
    ),
    "/esg-cn-2024.pdf": pdf(
        ["2024年度可持续发展报告", "温室气体排放 范围 Scope 1: 1200 tCO2e"],
        title="2024年度可持续发展报告", cjk=True,
    ),
    "/policy.pdf": pdf(["投诉处理机制: complaint channel for employees"], title="Policy", cjk=True),
    "/scan.pdf": pdf([None], title="Statement"),
    "/old-2021.pdf": pdf(["2021 Sustainability Report: environmental and social performance"],
                         title="2021 Sustainability Report"),
}  # fmt: skip


@pytest.fixture
async def server(aiohttp_server):
    async def handler(request):
        body = DOCS.get(request.path)
        if body is None:
            return web.Response(status=404)
        return web.Response(body=body, content_type="application/pdf")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    return await aiohttp_server(app)


def _check(server, tmp_path, report, *extra):
    cfg = tmp_path / "fast.toml"
    cfg.write_text("[crawl]\nper_host_delay_s = 0\nmax_attempts = 1\n")
    remap = f"^{BASE} {str(server.make_url('')).rstrip('/')}"
    return main(["check", str(report), "--out", str(tmp_path / "out"), "--remap", remap,
                 "--allow-private", "--config", str(cfg), "--db", str(tmp_path / "h.sqlite"),
                 "--archive", str(tmp_path / "archive"), *extra])  # fmt: skip


def _checks(tmp_path):
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    out = {}
    for c in report["citations"]:
        for k in c["checks"]:
            if k["name"] in ("topic", "current"):
                out[(c["criterion"], k["name"])] = (k["outcome"], k["detail"])
    return report, out


async def test_topic_and_current_are_advisory(server, tmp_path, capsys):
    report = tmp_path / "asi.txt"
    report.write_text(HEADER + FINDINGS, encoding="utf-8")
    code = await asyncio.to_thread(_check, server, tmp_path, report)
    out = capsys.readouterr().out
    assert code == 0, out  # advisory: failing topic/current do not fail the run
    assert "Advisory (standard pack, not failing the run): 1 topic, 1 current failed" in out
    data, got = _checks(tmp_path)
    schema = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json")
                        .read_text())  # fmt: skip
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["reports"][0]["standard"] == "Performance Standard V3.1"
    assert data["reports"][0]["audit_start"] == "2025-01-09"
    # a page that talks about the topic, in English and in Chinese
    assert (
        got[("6.1a-f", "topic")][0] == "pass" and '"NOx" on page 2' in got[("6.1a-f", "topic")][1]
    )
    assert got[("5.1a-b", "topic")][0] == "pass" and "温室气体" in got[("5.1a-b", "topic")][1]
    assert got[("1.2", "topic")][0] == "pass" and "投诉" in got[("1.2", "topic")][1]
    # a page that does not talk about it
    assert got[("9.1a-d", "topic")][0] == "fail"
    # an image-only page: we cannot tell
    assert got[("10.3a-c", "topic")][0] == "unverifiable"
    # current: about 2024 in a 2025 audit passes, a 2021 report fails, no text is unverifiable
    assert got[("6.1a-f", "current")][0] == "pass"
    assert got[("5.1a-b", "current")] == (
        "pass",
        "about 2024 (title '2024年度可持续发展报告'); audit of 2025",
    )
    assert got[("3.1a-b", "current")][0] == "fail" and "2021" in got[("3.1a-b", "current")][1]
    assert got[("10.3a-c", "current")][0] == "unverifiable"
    assert ("1.2", "current") not in got  # 1.2 asks for no yearly disclosure
    # advisory failures are shown but do not make a citation "failing"
    md = (tmp_path / "out" / "report.md").read_text()
    assert "No failing evidence citations." in md
    assert "| topic | 4 | 1 | 1 |" in md and "| current | 2 | 1 | 1 |" in md
    junit = (tmp_path / "out" / "junit.xml").read_text()
    assert 'failures="0"' in junit and "topic: fail" in junit  # shown, not a test failure
    html = (tmp_path / "out" / "report.html").read_text()
    assert "advisory: the document is not about a recent enough year" in html
    # `verifier report` rebuilds the metadata and the pack's checks from the history alone
    again = tmp_path / "again"
    assert main(["report", "--db", str(tmp_path / "h.sqlite"), "--out", str(again)]) == 0
    rebuilt = json.loads((again / "report.json").read_text())
    assert rebuilt["reports"] == data["reports"]
    assert [c["checks"] for c in rebuilt["citations"]] == [c["checks"] for c in data["citations"]]


async def test_fail_on_topic_and_current_fail_the_run(server, tmp_path):
    report = tmp_path / "asi.txt"
    report.write_text(HEADER + FINDINGS, encoding="utf-8")
    assert await asyncio.to_thread(_check, server, tmp_path, report, "--fail-on", "topic") == 1
    assert await asyncio.to_thread(_check, server, tmp_path, report, "--fail-on", "current") == 1


async def test_pack_off_and_other_standards(server, tmp_path):
    # A user's expectation file switches entries off; the others stay.
    exp = tmp_path / "mine.toml"
    exp.write_text('pack_off = ["9.1", "3.1"]\n')
    report = tmp_path / "asi.txt"
    report.write_text(HEADER + FINDINGS, encoding="utf-8")
    code = await asyncio.to_thread(
        _check, server, tmp_path, report, "--expectations", str(exp), "--fail-on", "topic,current"
    )
    _, got = _checks(tmp_path)
    assert ("9.1a-d", "topic") not in got and ("3.1a-b", "current") not in got
    assert got[("6.1a-f", "topic")][0] == "pass"
    assert code == 0  # what failed is switched off
    # A report under another standard, or without an overview, gets no pack checks.
    other = tmp_path / "coc.txt"
    other.write_text(HEADER.replace("Performance Standard V3.1", "Chain of Custody Standard V2.0")
                     + FINDINGS, encoding="utf-8")  # fmt: skip
    assert await asyncio.to_thread(_check, server, tmp_path, other, "--fail-on", "topic") == 0
    assert _checks(tmp_path)[1] == {}
