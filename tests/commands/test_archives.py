"""`verifier export-wacz` and `verifier save` on a real run against local servers."""

import asyncio
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from aiohttp import web
from warcio.archiveiterator import ArchiveIterator

from tests.support.pdfs import pdf
from tests.support.wayback_server import WaybackEmulator
from verifier.cli import main

DOCS = {"a": pdf(["Alpha page 1", "Alpha page 2"]), "b": pdf(["Beta"])}


async def _site_and_runs(aiohttp_server, tmp_path, cfg_text="", cited=None):
    """Two runs over a local site; `cited` is the public base the report cites (remapped)."""

    async def handle(request):
        if request.path == "/moved.pdf":
            raise web.HTTPFound("/b.pdf")
        name = request.path.strip("/").removesuffix(".pdf")
        if name == "gone":
            return web.Response(status=404)
        etag = f'"{name}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=DOCS[name], content_type="application/pdf",
                            headers={"ETag": etag})  # fmt: skip

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    server = await aiohttp_server(app)
    local = str(server.make_url("")).rstrip("/")
    base = cited or local
    remap = ["--remap", f"^{cited} {local}"] if cited else []
    report = tmp_path / "r.txt"
    report.write_text("CRITERION RATING COMMENT\n1.2 Anti-Corruption Conformance\n"
                      f"Policy, page 1: {base}/a.pdf\nReport: {base}/moved.pdf\n"
                      f"Old: {base}/gone.pdf\n")  # fmt: skip
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\nper_host_delay_s = 0\nmax_attempts = 1\n" + cfg_text)
    for _ in range(2):  # the second run is all 304s: the package must still hold the bodies
        await asyncio.to_thread(main, [
            "check", str(report), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "h.sqlite"),
            "--archive", str(tmp_path / "archive"), "--allow-private", "--config", str(cfg), *remap])  # fmt: skip
    return base, cfg


async def test_export_wacz_of_an_unchanged_run_holds_every_body(aiohttp_server, tmp_path, capsys):
    base, _ = await _site_and_runs(aiohttp_server, tmp_path)
    out = tmp_path / "evidence.wacz"
    code = await asyncio.to_thread(main, [
        "export-wacz", "--db", str(tmp_path / "h.sqlite"), "--archive", str(tmp_path / "archive"),
        "--out", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr()
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert {"datapackage.json", "pages/pages.jsonl"} <= names
        package = json.loads(z.read("datapackage.json"))
        for res in package["resources"]:
            assert res["hash"] == "sha256:" + hashlib.sha256(z.read(res["path"])).hexdigest()
        pages = [json.loads(x) for x in z.read("pages/pages.jsonl").decode().splitlines()[1:]]
        assert {p["url"] for p in pages} == {
            f"{base}/a.pdf",
            f"{base}/moved.pdf",
            f"{base}/gone.pdf",
        }
        (warc,) = [n for n in names if n.startswith("archive/")]
        payloads = {}
        with z.open(warc) as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response":
                    payloads[rec.rec_headers.get_header("WARC-Target-URI")] = (
                        rec.http_headers.get_statuscode(),
                        rec.content_stream().read(),
                    )
    assert payloads[f"{base}/a.pdf"] == ("200", DOCS["a"])
    assert payloads[f"{base}/b.pdf"] == ("200", DOCS["b"])
    assert payloads[f"{base}/moved.pdf"][0] == "302"  # the cited address replays too
    wacz = shutil.which("wacz") or str(Path(sys.executable).with_name("wacz"))
    if not Path(wacz).exists():
        pytest.skip("the wacz package is not installed (pip install wacz)")
    proc = await asyncio.to_thread(
        subprocess.run, [wacz, "validate", "-f", str(out)], capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


async def test_save_records_captures_of_ok_documents_only(aiohttp_server, tmp_path, capsys):
    wayback = WaybackEmulator()
    archive_server = await aiohttp_server(wayback.app())
    url = str(archive_server.make_url("")).rstrip("/")
    _, cfg = await _site_and_runs(
        aiohttp_server, tmp_path,
        f'[archive_lookup]\nwayback_url = "{url}"\nmin_gap_s = 0\nsave_min_gap_s = 0\n',
        cited="https://esg.example.com",
    )  # fmt: skip
    capsys.readouterr()
    code = await asyncio.to_thread(main, [
        "save", "--db", str(tmp_path / "h.sqlite"), "--config", str(cfg), "--allow-private"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert "2 of 2 ok documents captured" in out
    saved = [p for e, p in wayback.requests if e == "save"]
    assert len(saved) == 2 and not any("gone" in p for p in saved)
    assert all(p.startswith("/save/https://esg.example.com/") for p in saved)  # never the mirror
