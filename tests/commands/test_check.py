"""`verifier check` end to end: extract, crawl a local replica via --remap, report.json, exit codes."""

import json
from pathlib import Path

import pytest
from aiohttp import web

from tests.support.pdfs import pdf
from verifier.cli import main
from verifier.store import HistoryStore

PAGES = [f"Page {i}: air emissions and governance" for i in range(1, 61)]
PDF = pdf(PAGES)

REPORT = Path(__file__).resolve().parents[1] / "fixtures" / "other-entity-report.txt"
DOC_FIELDS = {"url", "fetched_url", "final_url", "verdict", "reason", "http_status", "attempts",
              "redirects", "content_type", "sha256", "bytes", "elapsed_s"}  # fmt: skip


async def _replica(aiohttp_server, missing=(), short=()):
    async def handler(request):
        if request.path in missing:
            return web.Response(status=404, text="gone")
        if request.path in short:
            return web.Response(body=pdf(PAGES[:40]), content_type="application/pdf")
        if request.path.endswith(".pdf"):
            return web.Response(body=PDF, content_type="application/pdf")
        return web.Response(
            text="<html><title>Page</title><p>content</p></html>", content_type="text/html"
        )

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    return await aiohttp_server(app)


def _check(server, tmp_path, *extra):
    remap = f"^https?://[^/]+ {str(server.make_url('')).rstrip('/')}"
    return main(["check", str(REPORT), "--out", str(tmp_path / "out"), "--remap", remap,
                 "--allow-private", "--config", str(_fast_config(tmp_path)),
                 "--db", str(tmp_path / "h.sqlite"), "--archive", str(tmp_path / "archive"), *extra])  # fmt: skip


def _fast_config(tmp_path):
    cfg = tmp_path / "fast.toml"
    cfg.write_text("[crawl]\nper_host_delay_s = 0\nbackoff_base_s = 0.01\nbackoff_jitter_s = 0\n"
                   "per_host_concurrency = 4\n")  # fmt: skip
    return cfg


async def test_all_ok_exits_0_and_writes_the_report(aiohttp_server, tmp_path, capsys):
    import asyncio

    server = await _replica(aiohttp_server)
    code = await asyncio.to_thread(_check, server, tmp_path)
    assert code == 0, capsys.readouterr()
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["summary"]["evidence_documents_by_verdict"] == {"ok": 5}
    assert len(report["documents"]) == 7 and len(report["citations"]) == 7
    for d in report["documents"]:
        assert set(d) >= DOC_FIELDS
        assert d["fetched_url"].startswith(str(server.make_url("")).rstrip("/"))
        assert d["url"].startswith(("https://", "http://")) and "127.0.0.1" not in d["url"]
    cited = {c["url"]: c for c in report["citations"]}
    annual = cited["https://investors.nordiclight.example.no/reports/2024/annual-report-2024.pdf"]
    assert annual["verdict"] == "ok" and annual["criterion"] == "3.1a-b" and annual["pages"] == [57]
    assert {k["name"]: k["outcome"] for k in annual["checks"]} == {
        "reachable": "pass", "type": "pass", "page_exists": "pass", "page_text": "pass"}  # fmt: skip
    doc = next(d for d in report["documents"] if d["url"] == annual["url"])
    fp = doc["fingerprint"]
    assert fp["type"] == "pdf" and fp["page_count"] == 60 and len(fp["pages"]) == 60
    assert "text" not in fp["pages"][0] and fp["pages"][56]["chars"] > 0


async def test_content_failures_exit_1_with_every_link_ok(aiohttp_server, tmp_path, capsys):
    import asyncio

    server = await _replica(aiohttp_server, short={"/reports/2024/annual-report-2024.pdf"})
    exp = tmp_path / "exp.toml"
    exp.write_text('[[expect]]\ncriterion = "1.2"\nall_of = ["anti-bribery training"]\n')
    code = await asyncio.to_thread(_check, server, tmp_path, "--expectations", str(exp))
    out = capsys.readouterr().out
    assert code == 1
    assert "(5 ok)" in out
    assert "page_exists" in out and "page 57 cited, document has 40 pages" in out
    assert "expected_text" in out and 'missing on page 3, 4: "anti-bribery training"' in out


async def test_a_broken_evidence_document_exits_1(aiohttp_server, tmp_path, capsys):
    import asyncio

    server = await _replica(aiohttp_server, missing={"/esg/GRI Index 2024.pdf", "/disclaimer"})
    code = await asyncio.to_thread(_check, server, tmp_path)
    out = capsys.readouterr().out
    assert code == 1
    assert (
        "broken      https://www.nordiclight.example.no/esg/GRI%20Index%202024.pdf  (HTTP 404 after 1 attempt)"
        in out
    )
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["summary"]["evidence_documents_by_verdict"] == {"broken": 1, "ok": 4}
    # the broken boilerplate link is reported but does not fail the run
    (disclaimer,) = [d for d in report["documents"] if d["url"].endswith("/disclaimer")]
    assert disclaimer["verdict"] == "broken"


def test_usage_and_input_errors_exit_2(tmp_path, capsys):
    assert (
        main(
            [
                "check",
                str(REPORT),
                "--remap",
                "(unclosed x",
                "--out",
                str(tmp_path),
                "--db",
                str(tmp_path / "h.sqlite"),
            ]
        )
        == 2
    )
    assert "invalid regular expression" in capsys.readouterr().err
    assert (
        main(
            [
                "check",
                str(tmp_path / "missing.txt"),
                "--out",
                str(tmp_path),
                "--db",
                str(tmp_path / "h.sqlite"),
            ]
        )
        == 2
    )
    assert "no such file" in capsys.readouterr().err
    assert (
        json.loads((tmp_path / "report.json").read_text())["errors"][0]["message"] == "no such file"
    )


@pytest.mark.parametrize("spec", ["onlyone", ""])
def test_remap_needs_two_parts(spec, tmp_path, capsys):
    assert (
        main(
            [
                "check",
                str(REPORT),
                "--remap",
                spec,
                "--out",
                str(tmp_path),
                "--db",
                str(tmp_path / "h.sqlite"),
            ]
        )
        == 2
    )
    assert "REGEX REPLACEMENT" in capsys.readouterr().err


async def test_report_json_has_per_host_figures(aiohttp_server, tmp_path, capsys):
    """A host that answers 429 once is backed off and counted in report.json's hosts."""
    import asyncio

    seen = []

    async def handler(request):
        seen.append(request.path)
        if len(seen) == 1:
            return web.Response(status=429, headers={"Retry-After": "0"})
        return web.Response(body=PDF, content_type="application/pdf")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    server = await aiohttp_server(app)
    report = tmp_path / "r.txt"
    base = str(server.make_url("")).rstrip("/")
    report.write_text(f"CRITERION RATING COMMENT\n1.2 Anti-Corruption Conformance\n"
                      f"Policy, page 1: {base}/a.pdf\nReport, page 2: {base}/b.pdf\n")  # fmt: skip
    code = await asyncio.to_thread(main, [
        "check", str(report), "--out", str(tmp_path / "out"), "--allow-private",
        "--config", str(_fast_config(tmp_path)), "--db", str(tmp_path / "h.sqlite"),
        "--archive", str(tmp_path / "archive")])  # fmt: skip
    assert code == 0, capsys.readouterr()
    out = json.loads((tmp_path / "out" / "report.json").read_text())
    (host,) = out["hosts"]
    assert host["host"].startswith("127.0.0.1:")
    assert host["requests"] == 3 and host["retries"] == 1 and host["throttled"] == 1


async def test_verifier_report_rebuilds_every_run_exactly(
    aiohttp_server, tmp_path, capsys, monkeypatch
):
    """Two real runs (fingerprints, a changed document, a pinned baseline, a broken link), then
    each run's report.json rebuilt from the history equals the one written at the time."""
    import asyncio

    from verifier.commands import check as check_command

    held = []  # what each run recorded, as check assembles its result from it
    execute = check_command.execute

    async def holding(*args, **kwargs):
        held.append(await execute(*args, **kwargs))
        return held[-1]

    monkeypatch.setattr(check_command, "execute", holding)
    gone = {"/esg/GRI Index 2024.pdf", "/disclaimer"}
    server = await _replica(aiohttp_server, missing=gone)
    assert await asyncio.to_thread(_check, server, tmp_path) == 1
    first = (tmp_path / "out" / "report.json").read_text()
    assert (
        await asyncio.to_thread(main, ["baseline", str(REPORT), "--db", str(tmp_path / "h.sqlite")])
        == 0
    )
    server2 = await _replica(aiohttp_server, missing=gone, short={
        "/reports/2024/annual-report-2024.pdf"})  # fmt: skip
    assert await asyncio.to_thread(_check, server2, tmp_path) == 1
    second = (tmp_path / "out" / "report.json").read_text()
    for run, original in ((1, first), (2, second)):
        out = tmp_path / f"again-{run}"
        assert main(["report", "--db", str(tmp_path / "h.sqlite"), "--run", str(run),
                     "--out", str(out)]) == 0  # fmt: skip
        rebuilt = json.loads((out / "report.json").read_text())
        was = json.loads(original)
        rebuilt.pop("generated_at"), was.pop("generated_at")
        assert rebuilt == was, run
        with HistoryStore.open(tmp_path / "h.sqlite", readonly=True) as store:
            assert held[run - 1].cited == tuple(store.citations(run))  # the same, typed
        assert "Citation(" not in repr(held[run - 1])  # asyncio formats it at the run's end
    doc = next(d for d in json.loads(second)["documents"] if d["url"].endswith("2024.pdf"))
    assert doc["drift"]["kind"] in ("changed", "moved") and doc["fingerprint"]["page_count"] == 40
    cites = [c for c in json.loads(second)["citations"] if c.get("baseline")]
    assert cites and all(c["baseline"]["pinned"] for c in cites)
