"""Archived copies in a real `verifier check`: the evidence site and a Wayback emulation both on
127.0.0.1; documents break between runs and the report says what the archive holds."""

import asyncio
import json

from aiohttp import web

from tests.support.pdfs import pdf
from tests.support.wayback_server import WaybackEmulator
from verifier.cli import main

DOCS = {name: pdf([f"{name} page 1: air emissions", f"{name} page 2"]) for name in "ABCDE"}


async def test_lookups_for_broken_evidence(aiohttp_server, tmp_path):
    broken: set[str] = set()

    async def site(request):
        name = request.path.strip("/").removesuffix(".pdf")
        if name in broken:
            return web.Response(status=404, text="gone")
        return web.Response(body=DOCS[name], content_type="application/pdf")

    app = web.Application()
    app.router.add_get("/{tail:.*}", site)
    evidence = await aiohttp_server(app)
    wayback = WaybackEmulator()
    archive_server = await aiohttp_server(wayback.app())
    base = "https://esg.example.com"
    wayback.add(f"{base}/A.pdf", "20200101000000", DOCS["A"])  # the audited bytes
    wayback.add(f"{base}/B.pdf", "20200101000000", b"%PDF-1.4 an older, different version")
    wayback.add(f"{base}/B.pdf", "20300101000000", DOCS["B"])  # after the baseline: not chosen
    wayback.add(f"{base}/D.pdf", "20200101000000", DOCS["D"])
    # C has no capture at all
    report = tmp_path / "report.txt"
    report.write_text("CRITERION RATING COMMENT\n6.1a-f Emissions to Air Conformance\n"
                      + "\n".join(f"ESG {n}, page 1: {base}/{n}.pdf" for n in "ABCD") + "\n")  # fmt: skip
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        "[crawl]\nper_host_delay_s = 0\nmax_attempts = 1\n"
        f'[archive_lookup]\nwayback_url = "{str(archive_server.make_url("")).rstrip("/")}"\n'
        "min_gap_s = 0\n"
    )

    async def run():
        return await asyncio.to_thread(main, [
            "check", str(report), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "h.sqlite"),
            "--archive", str(tmp_path / "archive"), "--allow-private", "--config", str(cfg),
            "--remap", f"^{base} {str(evidence.make_url('')).rstrip('/')}",
        ])  # fmt: skip

    assert await run() == 0
    assert wayback.count("cdx") == 0  # every document ok: nothing looked up
    broken.update("ABC")
    assert await run() == 1
    report_json = json.loads((tmp_path / "out" / "report.json").read_text())
    docs = {d["url"].rsplit("/", 1)[-1]: d for d in report_json["documents"]}
    a, b, c, d = docs["A.pdf"], docs["B.pdf"], docs["C.pdf"], docs["D.pdf"]
    assert a["archived_copy"] == {
        "url": f"{str(archive_server.make_url('')).rstrip('/')}/web/20200101000000/{base}/A.pdf",
        "captured_at": "2020-01-01T00:00:00Z",
        "matches": "audited",
    }
    assert b["archived_copy"]["matches"] == "different"
    assert b["archived_copy"]["captured_at"] == "2020-01-01T00:00:00Z"  # nearest before
    assert c["archived_copy"] is None and "no archived copy" in c["archive_note"]
    assert d["archived_copy"] is None and "archive_note" not in d  # ok: never looked up
    assert wayback.count("cdx") == 3
    md = (tmp_path / "out" / "report.md").read_text()
    assert "archived copy of 1 Jan 2020, identical to the audited version" in md
    # The archive service failing is a note, never a failed run: same exit code, same verdicts.
    wayback.fail, wayback.fail_on = "500", "cdx"
    assert await run() == 1
    again = json.loads((tmp_path / "out" / "report.json").read_text())
    notes = [d.get("archive_note", "") for d in again["documents"] if d["verdict"] != "ok"]
    assert len(notes) == 3 and all("archive lookup failed" in n for n in notes)
    # `verifier report` rebuilds the same archived copies from the history
    assert main(["report", "--db", str(tmp_path / "h.sqlite"), "--run", "2",
                 "--out", str(tmp_path / "again")]) == 0  # fmt: skip
    rebuilt = json.loads((tmp_path / "again" / "report.json").read_text())
    assert [d["archived_copy"] for d in rebuilt["documents"]] == [
        x["archived_copy"] for x in report_json["documents"]
    ]


async def test_a_failing_archive_is_given_up_after_three_lookups(aiohttp_server, tmp_path):
    """A whole site gone and the archive service down: three failed lookups, then the rest of
    the run says why it did not look (instead of pacing through every document)."""

    async def gone(request):
        return web.Response(status=404, text="gone")

    app = web.Application()
    app.router.add_get("/{tail:.*}", gone)
    evidence = await aiohttp_server(app)
    wayback = WaybackEmulator(fail="500", fail_on="cdx")
    archive_server = await aiohttp_server(wayback.app())
    base = "https://esg.example.com"
    report = tmp_path / "report.txt"
    report.write_text("CRITERION RATING COMMENT\n6.1a-f Emissions to Air Conformance\n"
                      + "\n".join(f"Doc {i}, page 1: {base}/{i}.pdf" for i in range(8)) + "\n")  # fmt: skip
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        "[crawl]\nper_host_delay_s = 0\nmax_attempts = 1\n"
        f'[archive_lookup]\nwayback_url = "{str(archive_server.make_url("")).rstrip("/")}"\n'
        "min_gap_s = 0\n"
    )
    code = await asyncio.to_thread(main, [
        "check", str(report), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "h.sqlite"),
        "--archive", str(tmp_path / "a"), "--allow-private", "--config", str(cfg),
        "--remap", f"^{base} {str(evidence.make_url('')).rstrip('/')}"])  # fmt: skip
    assert code == 1
    notes = [d["archive_note"] for d in
             json.loads((tmp_path / "out" / "report.json").read_text())["documents"]]  # fmt: skip
    assert wayback.count("cdx") <= 3 * 3  # three lookups (the client retries each)
    assert sum(n.startswith("archive lookup failed") for n in notes) == 3
    assert sum(n.startswith("not looked up: the archive failed 3 times") for n in notes) == 5
