"""Drift over runs: a local server whose document changes between `verifier check` runs."""

import asyncio
import json

from aiohttp import web

from tests.support.pdfs import pdf
from verifier.cli import main
from verifier.store import HistoryStore

REPORT = """FINDINGS

1. BUSINESS INTEGRITY

1.1 Legal Compliance Conformance The Entity's ESG Report, page 2:
https://evidence.example/esg.pdf
"""


class Site:
    def __init__(self):
        self.status, self.body, self.etag, self.location = 200, b"", None, None
        self.requests = []

    def set(self, pages=None, *, title="v", status=200, location=None):
        self.status, self.location = status, location
        if pages is not None:
            self.body = pdf(pages, title=title)
            self.etag = f'"{title}-{len(self.body)}"'

    async def handle(self, request):
        self.requests.append((request.path, request.headers.get("If-None-Match")))
        if request.path == "/new/esg.pdf":
            return web.Response(body=self.body, content_type="application/pdf")
        if self.location:
            raise web.HTTPFound(self.location)
        if self.status != 200:
            return web.Response(status=self.status, text="gone")
        if request.headers.get("If-None-Match") == self.etag:
            return web.Response(status=304, headers={"ETag": self.etag})
        return web.Response(
            body=self.body, content_type="application/pdf", headers={"ETag": self.etag}
        )


async def _serving(aiohttp_server, tmp_path):  # type: ignore[no-untyped-def]
    """The site on a real local server, and the report citing it."""
    site = Site()
    app = web.Application()
    app.router.add_get("/{tail:.*}", site.handle)
    server = await aiohttp_server(app)
    report = tmp_path / "report.txt"
    report.write_text(REPORT)
    return site, server, report


async def test_drift_over_runs(aiohttp_server, tmp_path):
    site, server, report = await _serving(aiohttp_server, tmp_path)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\nper_host_delay_s = 0\nbackoff_base_s = 0.01\nbackoff_jitter_s = 0\n")

    checked = []  # each run's report.json as `verifier check` wrote it

    async def run(*extra):
        code = await asyncio.to_thread(main, [
            "check", str(report), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "h.sqlite"),
            "--archive", str(tmp_path / "archive"), "--allow-private", "--config", str(cfg),
            "--remap", f"^https://evidence.example {str(server.make_url('')).rstrip('/')}", *extra])  # fmt: skip
        data = json.loads((tmp_path / "out" / "report.json").read_text())
        checked.append(data)
        return code, data["documents"][0], data["citations"][0]

    site.set(["Cover", "Air emissions fell by 4 percent.", "Annex"], title="v1")
    code, doc, cite = await run()
    assert (code, doc["drift"]["kind"]) == (0, "new")
    assert cite["baseline"]["note"] == "this run is the baseline"

    expect = tmp_path / "expect"
    expect.mkdir()
    (expect / "e.toml").write_text('[[expect]]\ncriterion = "1.1"\nall_of = ["air emissions"]\n')
    # Byte-identical: the server answers our conditional GET with 304.
    code, doc, cite = await run("--expectations", str(expect))
    assert site.requests[-1] == ("/esg.pdf", site.etag)
    assert (doc["drift"]["kind"], doc["not_modified"], doc["verdict"]) == ("unchanged", True, "ok")
    assert cite["baseline"]["pages"][0]["kind"] == "unchanged"
    outcomes = {k["name"]: k["outcome"] for k in cite["checks"]}
    # The reused fingerprint comes with its page texts, read back from the history store.
    assert outcomes["page_exists"] == outcomes["page_text"] == outcomes["expected_text"] == "pass"

    site.set(["Cover", "Air emissions fell by 4 percent.", "Annex"], title="v2")  # re-saved
    code, doc, _ = await run()
    assert doc["drift"]["kind"] == "reencoded"

    site.set(["Cover", "Air emissions fell by 4 percent.", "Annex, revised"], title="v3")
    code, doc, cite = await run()
    assert doc["drift"]["kind"] == "changed" and doc["drift"]["changed_pages"] == [3]
    assert cite["baseline"]["pages"][0]["kind"] == "unchanged"  # the cited page did not change

    site.set(["Cover", "A new foreword", "Air emissions fell by 4 percent.", "Annex"], title="v4")
    code, doc, cite = await run()
    assert doc["drift"]["kind"] == "changed"
    moved = cite["baseline"]["pages"][0]
    assert (moved["kind"], moved["page"]) == ("relocated", 3)
    assert moved["detail"] == "the baseline text of page 2 is now on page 3"

    site.set(status=404)
    code, doc, _ = await run()
    assert (code, doc["drift"]["kind"], doc["failing"]["consecutive_runs"]) == (1, "broke", 1)
    code, doc, _ = await run("--fail-after", "3")  # a bad hour is not yet a dead link
    assert (code, doc["drift"]["kind"], doc["failing"]["consecutive_runs"]) == (0, "unchanged", 2)

    site.set(status=200)
    code, doc, _ = await run()
    assert (code, doc["drift"]["kind"]) == (0, "recovered")

    site.set(location="/new/esg.pdf")
    code, doc, _ = await run()
    assert doc["drift"]["kind"] == "moved" and doc["final_url"].endswith("/new/esg.pdf")

    with HistoryStore.open(tmp_path / "h.sqlite", readonly=True) as store:
        runs = store.runs(50)
        assert len(runs) == 9 and {r.status for r in runs} == {"complete"}
        assert len(store.history("https://evidence.example/esg.pdf")) == 9
        assert store.integrity_ok()
    assert len(list((tmp_path / "archive").rglob("*"))) >= 5  # each distinct version kept once
    # `verifier report` regenerates a stored run's reports without crawling
    out = tmp_path / "again"
    assert (
        await asyncio.to_thread(
            main, ["report", "--db", str(tmp_path / "h.sqlite"), "--run", "5", "--out", str(out)]
        )
        == 0
    )
    again = json.loads((out / "report.json").read_text())
    assert (
        again["run"]["id"] == 5
        and again["citations"][0]["baseline"]["pages"][0]["kind"] == "relocated"
    )
    assert (out / "report.html").exists() and (out / "junit.xml").exists()
    # A check assembles its result from what it holds (the citations and observations it
    # recorded, those it decoded at its start); `verifier report` decodes them all from the
    # history. Every run's report equals, but for the time it was written and the per-host
    # figures only the crawl knows.
    for data in checked:
        run_id = data["run"]["id"]
        out = tmp_path / f"report-{run_id}"
        args = [
            "report",
            "--db",
            str(tmp_path / "h.sqlite"),
            "--run",
            str(run_id),
            "--out",
            str(out),
        ]
        assert await asyncio.to_thread(main, args) == 0
        regenerated = json.loads((out / "report.json").read_text())
        for d in (data, regenerated):
            del d["generated_at"], d["hosts"]
        assert regenerated == data


async def test_similarity_of_a_first_version_computed_when_compared(aiohttp_server, tmp_path):
    """A first version is read without similarity hashes (report.json says null); when a later
    version differs, the comparison computes them from the stored texts, with the values reading
    both versions with them would give."""
    from verifier.fingerprint.pdf import fingerprint_pdf
    from verifier.fingerprint.simhash import similarity

    site, server, report = await _serving(aiohttp_server, tmp_path)
    body = "\n".join(f"line {i}: air emissions, water and land rehabilitation" for i in range(30))

    async def run():
        code = await asyncio.to_thread(main, [
            "check", str(report), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "h.sqlite"),
            "--archive", str(tmp_path / "archive"), "--allow-private",
            "--remap", f"^https://evidence.example {str(server.make_url('')).rstrip('/')}"])  # fmt: skip
        data = json.loads((tmp_path / "out" / "report.json").read_text())
        return code, data["documents"][0], data["citations"][0]

    def eager(name):
        path = tmp_path / name
        path.write_bytes(site.body)
        return fingerprint_pdf(str(path), "0" * 64, len(site.body), 500)

    site.set(["Cover", body, "Annex"], title="v1")
    _, doc, _ = await run()
    assert doc["fingerprint"]["simhash"] is None
    assert {p["simhash"] for p in doc["fingerprint"]["pages"]} == {None}
    v1 = eager("v1.pdf")
    site.set(["Cover", body.replace("line 7:", "row 7:"), "Annex"], title="v2")
    _, doc, cite = await run()
    v2 = eager("v2.pdf")
    assert doc["fingerprint"]["simhash"] == v2.simhash  # seen before: computed on reading
    assert [p["simhash"] for p in doc["fingerprint"]["pages"]] == [p.simhash for p in v2.pages]
    assert doc["drift"]["kind"] == "changed" and doc["drift"]["changed_pages"] == [2]
    assert doc["drift"]["similarity"] == similarity(v1.simhash, v2.simhash) < 1.0
    page = cite["baseline"]["pages"][0]
    assert page["kind"] == "changed"
    assert page["similarity"] == similarity(v1.pages[1].simhash, v2.pages[1].simhash) < 1.0
    # Computed once and kept: the next runs read them back instead of hashing v1 again.
    with HistoryStore.open(tmp_path / "h.sqlite", readonly=True) as store:
        kept = store.simhashes_by_digest([v1.text_sha256, *(p.text_sha256 for p in v1.pages)])
    assert kept == {v1.text_sha256: v1.simhash, **{p.text_sha256: p.simhash for p in v1.pages}}
    _, doc, cite = await run()  # unchanged since: the same answers from the kept hashes
    assert cite["baseline"]["pages"][0]["similarity"] == page["similarity"]
