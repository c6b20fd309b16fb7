"""save_page_now() against the local emulator: captures, pacing, 429 and Retry-After."""

import asyncio
import itertools
import re

from verifier.archived import SavePacer, save_page_now
from verifier.archived.save import capture_from_headers

DOC = "https://example.org/reports/esg-2023.pdf"


async def test_save_records_the_capture_timestamp(wayback, make_client):
    emu, base = wayback
    result = await save_page_now(DOC, make_client(), SavePacer(0), wayback_url=base)
    assert result.note is None
    assert result.captured_at is not None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", result.captured_at)
    ts = result.captured_at.replace("-", "").replace("T", "").replace(":", "").rstrip("Z")
    assert result.archived_url == f"{base}/web/{ts}/{DOC}"
    assert [p for e, p in emu.requests if e == "save"] == [f"/save/{DOC}"]
    assert emu.captures[DOC][0].timestamp == ts


async def test_saves_keep_the_minimum_gap(wayback, make_client):
    emu, base = wayback
    pacer, client = SavePacer(0.5), make_client()
    results = await asyncio.gather(
        *(save_page_now(f"{DOC}?v={i}", client, pacer, wayback_url=base) for i in range(3))
    )
    assert all(r.captured_at for r in results)
    # Arrival times at the server: the first request also opened the connection, so allow
    # for that jitter (the pacer spaces the starts of requests).
    times = emu.times["save"]
    assert len(times) == 3
    assert all(b - a >= 0.4 for a, b in itertools.pairwise(times)), times


async def test_429_waits_out_retry_after_then_saves(wayback, make_client):
    emu, base = wayback
    emu.save_429, emu.retry_after = 1, "1"
    result = await save_page_now(DOC, make_client(), SavePacer(0), wayback_url=base)
    assert result.captured_at is not None
    first, second = emu.times["save"]
    assert second - first >= 0.95  # Retry-After: 1 was honoured


async def test_429_holds_back_later_saves_too(wayback, make_client):
    emu, base = wayback
    emu.save_429, emu.retry_after = 5, "1"
    pacer = SavePacer(0)
    first = await save_page_now(DOC, make_client(), pacer, wayback_url=base, max_attempts=1)
    assert first.captured_at is None and "HTTP 429" in (first.note or "")
    emu.save_429 = 0
    second = await save_page_now(DOC + "?b", make_client(), pacer, wayback_url=base)
    assert second.captured_at is not None
    a, b = emu.times["save"]
    assert b - a >= 0.95


async def test_a_wait_longer_than_we_accept_gives_up_with_a_note(wayback, make_client):
    emu, base = wayback
    emu.save_429, emu.retry_after = 5, "3600"
    pacer = SavePacer(0, max_wait_s=60)
    result = await save_page_now(DOC, make_client(), pacer, wayback_url=base)
    assert result.captured_at is None and "more than we wait" in (result.note or "")
    assert emu.count("save") == 1  # asked once, then respected the hour
    again = await save_page_now(DOC + "?b", make_client(), pacer, wayback_url=base)
    assert again.captured_at is None and emu.count("save") == 1


async def test_save_failures_are_notes(wayback, make_client):
    emu, base = wayback
    emu.fail, emu.fail_on = "500", "save"
    result = await save_page_now(DOC, make_client(), SavePacer(0), wayback_url=base)
    assert result.captured_at is None and "HTTP 500" in (result.note or "")


async def test_urls_that_must_not_leave_us_are_not_submitted(wayback, make_client):
    emu, base = wayback
    for url in ("http://10.0.0.7/internal.pdf", "https://u:p@example.org/a.pdf", "file:///etc"):
        result = await save_page_now(url, make_client(), SavePacer(0), wayback_url=base)
        assert result.captured_at is None and "not submitted" in (result.note or "")
    assert emu.requests == []


def test_capture_timestamp_read_from_either_header():
    assert capture_from_headers({"Location": "/web/20240101000000/https://x/"}) == (
        "20240101000000"
    )
    assert capture_from_headers(
        {"Content-Location": "https://web.archive.org/web/20240101000001/https://x/"}
    ) == ("20240101000001")
    assert capture_from_headers({"Location": "/save/_embed/x"}) is None
    assert capture_from_headers({}) is None
