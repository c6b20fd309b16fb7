"""History survives the engine change: a document read by pypdf in an earlier run and by PDFium
now, with the same bytes, is neither drift nor a changed cited page; a 304 is not trusted for it
(the body is fetched and read again), and the new reading is what later runs compare with."""

import asyncio
import hashlib
import json
from dataclasses import replace

from aiohttp import web

from tests.support.observations import observation, page
from tests.support.pdfs import pdf
from verifier.cli import main
from verifier.models import Observation
from verifier.store import HistoryStore
from verifier.store.archive import EvidenceArchive

BODY = pdf(["Cover page", "Air emissions fell by 4 percent", "Governance"])
SHA = hashlib.sha256(BODY).hexdigest()


async def test_same_bytes_across_the_engine_change_is_not_drift(aiohttp_server, tmp_path):
    requests = []

    async def handle(request):
        requests.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers={"ETag": '"v1"'})
        return web.Response(body=BODY, content_type="application/pdf", headers={"ETag": '"v1"'})

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    server = await aiohttp_server(app)
    url = f"{str(server.make_url('')).rstrip('/')}/esg.pdf"
    db, archive = tmp_path / "h.sqlite", tmp_path / "archive"
    EvidenceArchive(archive).put_bytes(BODY)
    # Run 1 as the previous engine recorded it: same bytes, other page texts and hashes.
    old_pages = tuple(page(i, t) for i, t in enumerate(["cover page", "air emisions fell 4",
                                                         "governance"], 1))  # fmt: skip
    old = observation(url, sha256=SHA, bytes=len(BODY), http_status=200, etag='"v1"',
                      detected_type="pdf", pages=old_pages)  # fmt: skip
    old = Observation(old.fetch, replace(old.fingerprint, extractor="pypdf 7.1.0"), old.observed_at)
    with HistoryStore.open(db) as store:
        run = store.start_run(["check"])
        store.record_observation(run, old)
        store.finish_run(run, "complete")
    report = tmp_path / "r.txt"
    report.write_text(f"CRITERION RATING COMMENT\n6.1a-f Emissions to Air Conformance\n"
                      f"ESG Report, page 2: {url}\n")  # fmt: skip
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\nper_host_delay_s = 0\n")

    async def run():
        return await asyncio.to_thread(main, [
            "check", str(report), "--out", str(tmp_path / "out"), "--db", str(db),
            "--archive", str(archive), "--allow-private", "--config", str(cfg)])  # fmt: skip

    assert await run() == 0
    assert requests == [None]  # not a 304: the stored text was read by another engine
    out = json.loads((tmp_path / "out" / "report.json").read_text())
    (doc,) = out["documents"]
    assert doc["drift"]["kind"] == "unchanged"
    assert doc["fingerprint"]["extractor"].startswith("pdfium")
    (cite,) = out["citations"]
    assert [p["kind"] for p in cite["baseline"]["pages"]] == ["unchanged"]
    # The next run trusts a 304 again: the stored reading is now the current engine's.
    assert await run() == 0
    assert requests == [None, '"v1"']
    again = json.loads((tmp_path / "out" / "report.json").read_text())
    assert again["documents"][0]["drift"]["kind"] == "unchanged"
