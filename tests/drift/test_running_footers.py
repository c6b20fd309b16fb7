"""Drift an auditor reads: a document whose footers print page numbers gets one page inserted.
That is one inserted page in drift, in the baseline comparison and in `verifier diff`, not
"text changed on pages 2-9" and a diff of every later page."""

import asyncio
import json

from aiohttp import web

from tests.support.pdfs import pdf
from verifier.cli import main

TOPICS = ["air emissions", "water use", "grievances", "tailings", "energy", "safety", "training",
          "suppliers", "biodiversity"]  # fmt: skip
BODY = [f"ESG Report 2024\n{t.title()}\nThis section reports our {t} across the smelter sites,\n"
        f"with the targets set for the year and what was achieved.\nData: see the annex on {t}."
        for t in TOPICS]  # fmt: skip


async def test_one_inserted_page_is_one_change(aiohttp_server, tmp_path, capsys):
    version = {"body": pdf(BODY, footer_numbers=1)}

    async def handle(request):
        return web.Response(body=version["body"], content_type="application/pdf")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    server = await aiohttp_server(app)
    url = f"{str(server.make_url('')).rstrip('/')}/esg.pdf"
    report = tmp_path / "r.txt"
    report.write_text(f"CRITERION RATING COMMENT\n6.1a-f Emissions to Air Conformance\n"
                      f"ESG Report, page 6: {url}\n")  # fmt: skip
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\nper_host_delay_s = 0\n")
    db = tmp_path / "h.sqlite"

    async def run():
        return await asyncio.to_thread(main, [
            "check", str(report), "--out", str(tmp_path / "out"), "--db", str(db),
            "--archive", str(tmp_path / "a"), "--allow-private", "--config", str(cfg)])  # fmt: skip

    assert await run() == 0
    inserted = [*BODY[:1], "ESG Report 2024\nOffsets\nA new page on biodiversity offsets.\n"
                "It was added after the audit.\nData: none yet.", *BODY[1:]]  # fmt: skip
    version["body"] = pdf(inserted, footer_numbers=1)  # every later footer number moves by one
    assert await run() == 0
    out = json.loads((tmp_path / "out" / "report.json").read_text())
    (doc,) = out["documents"]
    assert doc["drift"]["kind"] == "changed"
    assert doc["drift"]["changed_pages"] == [2], doc["drift"]
    assert "removed_pages" not in doc["drift"]
    (cite,) = out["citations"]
    (page,) = cite["baseline"]["pages"]
    assert (page["kind"], page["page"]) == ("relocated", 7)  # page 6's text is now on page 7
    capsys.readouterr()
    assert main(["diff", url, "--db", str(db)]) == 0
    diff = capsys.readouterr().out
    assert "+++ run 2 page 2" in diff and "A new page on biodiversity offsets." in diff
    assert diff.count("+++ ") == 1  # one page of diff, not one per later page
