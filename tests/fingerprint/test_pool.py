"""The parser pool: work off the event loop, a hung parser killed, a memory bomb contained."""

import hashlib
import multiprocessing
import time

import pytest

from tests.support import workers
from tests.support.pdfs import bomb_pdf, pdf
from verifier import background
from verifier.fingerprint import ParserPool, Unparseable
from verifier.settings import FingerprintSettings


@pytest.fixture
def pool():
    with ParserPool(FingerprintSettings(workers=2, timeout_s=2, memory_mb=400)) as p:
        yield p


async def test_fingerprint_in_a_worker(pool, tmp_path):
    data = pdf(["Hello world"])
    path = tmp_path / "a.pdf"
    path.write_bytes(data)
    f = await pool.fingerprint(str(path), "pdf", hashlib.sha256(data).hexdigest())
    assert f.pages[0].text == "Hello world" and f.bytes == len(data)


async def test_hung_parser_is_killed_and_the_pool_goes_on(pool, tmp_path):
    start = time.monotonic()
    with pytest.raises(Unparseable, match="longer than 2 s; the worker was stopped") as caught:
        await pool.fingerprint("x", "pdf", "0" * 64, target=workers.hang)
    assert caught.value.of_content  # the document's doing: a copy of it is not tried again
    assert time.monotonic() - start < 10
    await test_fingerprint_in_a_worker(pool, tmp_path)  # a fresh worker took over


async def test_memory_bomb_is_contained(pool, tmp_path):
    with pytest.raises(Unparseable, match=r"memory|died"):
        await pool.fingerprint("x", "pdf", "0" * 64, target=workers.allocate)
    await test_fingerprint_in_a_worker(pool, tmp_path)


async def test_a_worker_killed_from_outside_is_not_blamed_on_the_document(pool, tmp_path):
    with pytest.raises(Unparseable, match="the worker died") as caught:
        await pool.fingerprint("x", "pdf", "0" * 64, target=workers.die)
    assert not caught.value.of_content  # the same bytes elsewhere get another try
    await test_fingerprint_in_a_worker(pool, tmp_path)


async def test_unreadable_document_is_a_reason(pool, tmp_path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.4\ngarbage")
    with pytest.raises(Unparseable, match=r"not a readable PDF|no pages") as caught:
        await pool.fingerprint(str(path), "pdf", "0" * 64)
    assert caught.value.of_content


async def test_decompression_bomb_dies_in_its_worker(tmp_path):
    """PDFium has no decompression limit of its own: the worker's address-space cap is the limit.
    A 2 KiB file inflating to 640 MiB kills its worker (PDFium aborts when allocation fails), well
    before the time limit, and the next document gets a fresh worker."""
    data = bomb_pdf(640, layers=2)
    assert len(data) < 4096
    path = tmp_path / "bomb.pdf"
    path.write_bytes(data)
    settings = FingerprintSettings(workers=1, timeout_s=60, memory_mb=400)
    with ParserPool(settings) as pool:
        with pytest.raises(Unparseable, match=r"memory|died"):
            await pool.fingerprint(str(path), "pdf", "0" * 64)
        await test_fingerprint_in_a_worker(pool, tmp_path)


async def test_a_pool_stopped_without_waiting_is_gone_once_waited_for(tmp_path):
    """The end of a run stops its workers without waiting (they exit while the reports are
    written); `background.wait` is what the command returns after."""
    others = {c.pid for c in multiprocessing.active_children()}  # other tests' workers
    p = ParserPool(FingerprintSettings(workers=2, timeout_s=10, memory_mb=400))
    await test_fingerprint_in_a_worker(p, tmp_path)  # a worker started
    started = {c.pid for c in multiprocessing.active_children()} - others
    assert started
    p.close(wait=False)
    background.wait()
    assert not started & {c.pid for c in multiprocessing.active_children()}
    assert not background.pending()
