"""Spooling bodies: files made ahead, small bodies written without a thread hop, nothing left
behind but the bodies, and a large crawl's first requests not held behind starting every fetch."""

import asyncio
import contextlib
import hashlib
import os
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from aiohttp import web

from tests.crawl.conftest import FAST, PDF
from verifier.crawl import START_BATCH, crawl
from verifier.crawl import body as body_mod
from verifier.crawl.body import INLINE_BYTES, SpoolFiles, read_body
from verifier.crawl.transport import Response


async def chunks(*parts: bytes):
    for p in parts:
        yield p


def wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.01)


async def test_a_small_body_goes_into_a_file_made_ahead_without_a_thread(tmp_path, monkeypatch):
    files = SpoolFiles(str(tmp_path), ahead=2)
    os.unlink(files.take())  # the first take starts the filler
    wait_until(lambda: len(files._ready) == 2)
    made = set(files._ready)

    async def no_thread(*a, **k):
        raise AssertionError("a small body was handed to a worker thread")

    monkeypatch.setattr(body_mod.asyncio, "to_thread", no_thread)
    b = await read_body(chunks(b"%PDF-1.4\n", b"x" * 1000), 10**6, files)
    assert b.path in made and b.size == 1009
    with open(b.path, "rb") as fh:
        assert fh.read() == b"%PDF-1.4\n" + b"x" * 1000
    files.close()


async def test_bodies_without_files_made_ahead_or_too_large_to_write_inline(tmp_path):
    files = SpoolFiles(str(tmp_path))  # ahead=0: each file made when needed, in a thread
    small = await read_body(chunks(b"abc"), 10**6, files)
    big_payload = bytes(range(256)) * ((INLINE_BYTES * 3) // 256)
    big = await read_body(chunks(*(big_payload[i : i + 5000] for i in range(0, len(big_payload), 5000))), 10**7, files)  # fmt: skip
    empty = await read_body(chunks(), 10, files)
    with open(small.path, "rb") as a, open(big.path, "rb") as b, open(empty.path, "rb") as e:
        assert (a.read(), b.read(), e.read()) == (b"abc", big_payload, b"")
    files.close()
    assert sorted(os.listdir(tmp_path)) == sorted(
        os.path.basename(p) for p in (small.path, big.path, empty.path)
    )


def test_close_removes_the_files_made_ahead_and_stops_making_them(tmp_path):
    files = SpoolFiles(str(tmp_path), ahead=8)
    kept = files.take()
    wait_until(lambda: len(files._ready) == 8)
    files.close()
    assert os.listdir(tmp_path) == [os.path.basename(kept)]
    late = files.take()  # a write racing the end of a run still gets a file, made now
    assert late and os.path.exists(late) and len(files._ready) == 0
    time.sleep(0.05)
    assert sorted(os.listdir(tmp_path)) == sorted(os.path.basename(p) for p in (kept, late))


def test_a_spool_directory_that_vanished_fails_the_body_and_stops_the_filler(tmp_path, monkeypatch):
    said = []
    monkeypatch.setattr(body_mod.log, "warning", lambda event, **kw: said.append((event, kw)))
    gone = tmp_path / "gone"
    files = SpoolFiles(str(gone), ahead=4)
    with pytest.raises(FileNotFoundError):
        files.take()
    wait_until(lambda: files.ahead == 0)  # the filler gave up, and said so once
    files._filler.join()
    assert [e for e, _ in said] == ["spool files no longer made ahead"]
    assert "FileNotFoundError" in said[0][1]["error"]
    files.close()


def test_without_files_made_ahead_no_thread_is_started(tmp_path):
    files = SpoolFiles(str(tmp_path))
    paths = {files.take() for _ in range(3)}
    assert files._filler is None and files.take(made_only=True) is None
    files.close()
    assert set(os.listdir(tmp_path)) == {os.path.basename(p) for p in paths}


def test_a_file_the_filler_makes_while_the_pool_closes_is_removed(tmp_path, monkeypatch):
    files = SpoolFiles(str(tmp_path), ahead=1)
    made, release = threading.Event(), threading.Event()
    real_make = files._make

    def slow_make():
        path = real_make()
        made.set()
        release.wait(5)  # close() is called while this file is being made
        return path

    first = real_make()  # the body's own file: no file is ready yet
    monkeypatch.setattr(files, "_make", slow_make)
    with files._cond:
        files._filler = threading.Thread(target=files._fill, daemon=True)
        files._filler.start()
    assert made.wait(5)
    closer = threading.Thread(target=files.close)
    closer.start()
    wait_until(lambda: files._closed)
    release.set()
    closer.join(5)
    assert os.listdir(tmp_path) == [os.path.basename(first)]


async def test_after_a_crawl_the_spool_holds_only_the_bodies_kept(site, tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    urls = [site.url(f"/ok.pdf?copy={i}") for i in range(30)]
    urls += [site.url("/status/404"), site.url("/big.pdf"), site.url("/empty.pdf")]
    settings = replace(FAST, max_concurrency=16, per_host_concurrency=8)
    res = await crawl(urls, settings, spool_dir=str(spool))
    kept = {os.path.basename(r.body_path) for r in res.values() if r.body_path}
    assert len(kept) == 31  # 30 small bodies and the big one; nothing kept of a 404 or empty
    assert set(os.listdir(spool)) == kept  # no file made ahead and never used is left
    with open(res[site.url("/ok.pdf?copy=7")].body_path, "rb") as fh:
        assert fh.read() == PDF
    assert os.path.getsize(res[site.url("/big.pdf")].body_path) == 3_000_009


class _Counting:
    """A transport that notes how many tasks existed when the first request went out."""

    def __init__(self) -> None:
        self.tasks_at_first: int | None = None
        self.requests = 0

    @contextlib.asynccontextmanager
    async def get(self, url, headers):
        self.requests += 1
        if self.tasks_at_first is None:
            self.tasks_at_first = len(asyncio.all_tasks())
        await asyncio.sleep(0.001)
        yield Response(200, {"Content-Type": "application/pdf"}, (), "1.1", chunks(PDF))


async def test_the_first_requests_go_out_before_every_fetch_is_started(tmp_path):
    # Each fetch's first step costs ~60 us: starting 2,000 in one turn of the event loop held
    # the first requests back by 130 ms. They are started in batches instead.
    urls = [f"https://host{i % 20}.example/doc/{i}.pdf" for i in range(1000)]
    transport = _Counting()
    settings = replace(FAST, max_concurrency=64, per_host_concurrency=4)
    res = await crawl(urls, settings, spool_dir=str(tmp_path), transport=transport)
    assert transport.requests == 1000 and all(r.verdict == "ok" for r in res.values())
    # The test's task, the crawl's and one batch of fetches: not the other 968.
    assert transport.tasks_at_first is not None
    assert transport.tasks_at_first <= START_BATCH + 2


class _Slow(_Counting):
    """Answers the first few at once, then never: the crawl is cancelled with fetches waiting,
    bodies spooled and files made ahead."""

    @contextlib.asynccontextmanager
    async def get(self, url, headers):
        self.requests += 1
        if self.requests > 10:
            await asyncio.sleep(60)
        yield Response(200, {"Content-Type": "application/pdf"}, (), "1.1", chunks(PDF))


async def test_a_cancelled_crawl_leaves_only_bodies_in_the_spool(tmp_path):
    urls = [f"https://host{i % 4}.example/doc/{i}.pdf" for i in range(200)]
    settled = []
    ten = asyncio.Event()

    def on_result(r):
        settled.append(r)
        if len(settled) == 10:
            ten.set()

    settings = replace(FAST, max_concurrency=16, per_host_concurrency=4)
    task = asyncio.ensure_future(crawl(urls, settings, spool_dir=str(tmp_path), transport=_Slow(),
                                       on_result=on_result))  # fmt: skip
    await asyncio.wait_for(ten.wait(), 10)
    await asyncio.sleep(0.05)  # the filler has made its files ahead by now
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    left = sorted(os.listdir(tmp_path))
    assert len(left) == 10 and all(os.path.getsize(tmp_path / n) == len(PDF) for n in left)


CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"
REAL = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not REAL, reason=f"third-party PDF corpus not found at {CORPUS}")
async def test_real_pdfs_of_every_size_are_spooled_byte_for_byte(aiohttp_server, tmp_path):
    # PDFs other tools wrote (1.5 KB to 1.8 MB): small ones go into made-ahead files on the
    # event loop, large ones through a thread, each chunked as a real server sends it.
    by_name = {p.name: p.read_bytes() for p in REAL}
    assert any(len(b) <= INLINE_BYTES for b in by_name.values())
    assert any(len(b) > INLINE_BYTES for b in by_name.values())

    async def serve(request):
        return web.Response(body=by_name[request.match_info["name"]],
                            content_type="application/pdf")  # fmt: skip

    app = web.Application()
    app.router.add_get("/{name}", serve)
    server = await aiohttp_server(app)
    urls = {str(server.make_url(f"/{n}")): n for n in by_name}
    settings = replace(FAST, max_concurrency=8, per_host_concurrency=8)
    res = await crawl(list(urls), settings, spool_dir=str(tmp_path))
    for url, name in urls.items():
        r, data = res[url], by_name[name]
        assert (r.verdict, r.bytes, r.sha256) == ("ok", len(data), hashlib.sha256(data).hexdigest())
        assert Path(r.body_path).read_bytes() == data, name
    assert len(os.listdir(tmp_path)) == len(urls)  # nothing else left in the spool
