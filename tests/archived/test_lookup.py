"""lookup() against the local Wayback emulator, through the crawler's transport and policies."""

import asyncio
import hashlib
import itertools
from dataclasses import replace
from datetime import UTC, datetime

from tests.archived.conftest import FAST
from tests.support.pdfs import pdf
from verifier.archived import Matches, file_sha1_base32, lookup, open_client
from verifier.archived.wayback import sha1_base32
from verifier.settings import ArchiveLookupSettings, Settings

CITED = "https://example.org/sustainability/report-2023.pdf"
BASELINE = datetime(2024, 3, 1, tzinfo=UTC)
AUDITED = pdf(["Scope 3 emissions 12,400 tCO2e"], title="Report 2023")
LATER = pdf(["Scope 3 emissions 19,900 tCO2e (restated)"], title="Report 2023")


def audited_digests(body: bytes = AUDITED) -> tuple[str, str]:
    return sha1_base32(body), hashlib.sha256(body).hexdigest()


async def test_identical_earlier_capture_is_the_audited_version(wayback, make_client, tmp_path):
    emu, base = wayback
    emu.add(CITED, "20230105120000", LATER)
    emu.add(CITED, "20240115093000", AUDITED)
    emu.add(CITED, "20240601000000", LATER)  # after the baseline: not chosen
    stored = tmp_path / "audited.pdf"
    stored.write_bytes(AUDITED)
    sha1 = file_sha1_base32(stored)
    result = await lookup(CITED, BASELINE, sha1, None, make_client(), wayback_url=base)
    assert result.copy is not None
    assert result.copy.to_dict() == {
        "url": f"{base}/web/20240115093000/{CITED}",
        "captured_at": "2024-01-15T09:30:00Z",
        "matches": "audited",
    }
    assert result.note is None and not result.after_baseline
    assert emu.count("cdx") == 1 and emu.count("raw") == 0  # the digest decided: no download


async def test_different_capture_is_different_after_checking_the_bytes(wayback, make_client):
    emu, base = wayback
    emu.add(CITED, "20240115093000", LATER)
    result = await lookup(CITED, BASELINE, *audited_digests(), make_client(), wayback_url=base)
    assert result.copy is not None and result.copy.matches is Matches.DIFFERENT
    # A different digest can come from compression at capture time: the bytes were compared.
    assert emu.count("raw") == 1


async def test_absent_or_foreign_digest_fetches_and_hashes_the_raw_capture(wayback, make_client):
    emu, base = wayback
    emu.add(CITED, "20240115093000", AUDITED, digest="-")
    result = await lookup(CITED, BASELINE, *audited_digests(), make_client(), wayback_url=base)
    assert result.copy is not None and result.copy.matches is Matches.AUDITED
    assert [p for e, p in emu.requests if e == "raw"] == [f"/web/20240115093000id_/{CITED}"]

    emu.captures.clear()
    emu.add(CITED, "20240115093000", AUDITED, digest=hashlib.md5(AUDITED).hexdigest())
    result = await lookup(CITED, BASELINE, *audited_digests(), make_client(), wayback_url=base)
    assert result.copy is not None and result.copy.matches is Matches.AUDITED


async def test_mismatching_digest_but_same_bytes_is_audited(wayback, make_client):
    emu, base = wayback
    emu.add(CITED, "20240115093000", AUDITED, digest=sha1_base32(b"gzip-encoded bytes"))
    result = await lookup(CITED, BASELINE, *audited_digests(), make_client(), wayback_url=base)
    assert result.copy is not None and result.copy.matches is Matches.AUDITED


async def test_no_capture_gives_none_with_a_note(wayback, make_client):
    emu, base = wayback
    emu.add("https://example.org/other.pdf", "20240115093000", AUDITED)
    emu.add(CITED, "20240115093000", AUDITED, status="404")  # filtered out by the query
    result = await lookup(CITED, BASELINE, *audited_digests(), make_client(), wayback_url=base)
    assert result.copy is None
    assert result.note == "no archived copy in the Wayback Machine"
    assert emu.count("raw") == 0


async def test_only_later_captures_give_the_earliest_with_a_flag(wayback, make_client):
    emu, base = wayback
    emu.add(CITED, "20250101000000", AUDITED)
    emu.add(CITED, "20240901000000", AUDITED)
    result = await lookup(CITED, BASELINE, *audited_digests(), make_client(), wayback_url=base)
    assert result.after_baseline
    assert result.copy is not None and result.copy.captured_at == "2024-09-01T00:00:00Z"
    assert "earliest after" in (result.note or "")


async def test_no_stored_version_is_unknown_without_a_download(wayback, make_client):
    emu, base = wayback
    emu.add(CITED, "20240115093000", AUDITED)
    result = await lookup(CITED, BASELINE, None, None, make_client(), wayback_url=base)
    assert result.copy is not None and result.copy.matches is Matches.UNKNOWN
    assert emu.count("raw") == 0


async def test_raw_capture_redirected_to_its_real_timestamp_is_followed(wayback, make_client):
    emu, base = wayback
    emu.add(CITED, "20240115093000", AUDITED, digest="-")
    emu.moved["20240115093000"] = "20240115093002"  # the CDX row is two seconds off
    result = await lookup(CITED, BASELINE, *audited_digests(), make_client(), wayback_url=base)
    assert result.copy is not None and result.copy.matches is Matches.AUDITED
    assert [p for e, p in emu.requests if e == "raw"] == [
        f"/web/20240115093000id_/{CITED}",
        f"/web/20240115093002id_/{CITED}",
    ]


async def test_capture_too_large_to_compare_is_unknown_with_a_note(wayback, make_client):
    emu, base = wayback
    emu.add(CITED, "20240115093000", AUDITED, digest="-")
    result = await lookup(CITED, BASELINE, *audited_digests(), make_client(), wayback_url=base,
                          max_capture_bytes=100)  # fmt: skip
    assert result.copy is not None and result.copy.matches is Matches.UNKNOWN
    assert "larger than 100 bytes" in (result.note or "")


async def test_failing_lookup_endpoint_is_a_note_never_an_exception(wayback, make_client):
    emu, base = wayback
    emu.add(CITED, "20240115093000", AUDITED)
    expected = {
        "500": "HTTP 500",
        "garbage": "is not JSON",
        "deep": "is not JSON",
        "object": "not an array",
        "redirect-private": "refused 10.0.0.1/cdx/search/cdx: address 10.0.0.1 is not public",
        "timeout": "timed out waiting for 127.0.0.1",
    }
    for switch, words in expected.items():
        emu.fail, emu.fail_times, emu.delay_s = switch, 10, 1.5
        before = emu.count("cdx")
        result = await lookup(CITED, BASELINE, *audited_digests(), make_client(),
                              wayback_url=base)  # fmt: skip
        assert result.copy is None, switch
        assert words in (result.note or ""), (switch, result.note)
        assert "\n" not in (result.note or "")
        if switch == "500":
            assert emu.count("cdx") - before == FAST.max_attempts  # retried like any request


async def test_a_passing_failure_is_retried_and_the_lookup_succeeds(wayback, make_client):
    emu, base = wayback
    emu.add(CITED, "20240115093000", AUDITED)
    emu.fail, emu.fail_times = "500", 1
    result = await lookup(CITED, BASELINE, *audited_digests(), make_client(), wayback_url=base)
    assert result.copy is not None and result.copy.matches is Matches.AUDITED
    assert emu.count("cdx") == 2


async def test_failing_raw_capture_keeps_the_copy_as_unknown(wayback, make_client):
    emu, base = wayback
    emu.add(CITED, "20240115093000", AUDITED, digest="-")
    emu.fail, emu.fail_on = "500", "raw"
    result = await lookup(CITED, BASELINE, *audited_digests(), make_client(), wayback_url=base)
    assert result.copy is not None and result.copy.matches is Matches.UNKNOWN
    assert "not compared: HTTP 500" in (result.note or "")


async def test_refused_wayback_address_is_a_note_and_sends_nothing(wayback, make_client):
    emu, base = wayback
    strict = replace(FAST, allow_loopback=False)
    result = await lookup(CITED, BASELINE, *audited_digests(), make_client(strict),
                          wayback_url="http://10.1.2.3:8080")  # fmt: skip
    assert result.copy is None and "not public" in (result.note or "")
    # A name that resolves to loopback is refused by the resolver, as in the crawl.
    port = base.rsplit(":", 1)[1]
    result = await lookup(CITED, BASELINE, *audited_digests(), make_client(strict),
                          wayback_url=f"http://localhost:{port}")  # fmt: skip
    assert result.copy is None and "refused" in (result.note or "")
    assert emu.requests == []


async def test_urls_that_must_not_leave_us_are_not_looked_up(wayback, make_client):
    emu, base = wayback
    for url in ("https://user:secret@example.org/a.pdf", "ftp://example.org/a.pdf", "nonsense"):
        result = await lookup(url, BASELINE, None, None, make_client(), wayback_url=base)
        assert result.copy is None and "not looked up" in (result.note or "")
    assert emu.requests == []


async def test_lookup_survives_a_client_that_raises_anything():
    class Broken:
        async def get_json(self, url):
            raise RuntimeError("boom\nsecond line")

        async def get_bytes(self, url, max_bytes):
            raise AssertionError("not reached")

    result = await lookup(CITED, BASELINE, None, None, Broken())
    assert result.copy is None and "RuntimeError: boom" in (result.note or "")


async def test_a_fragment_is_not_part_of_what_is_looked_up(wayback, make_client):
    emu, base = wayback
    emu.add(CITED, "20240115093000", AUDITED)
    result = await lookup(f"{CITED}#page=12", BASELINE, *audited_digests(), make_client(),
                          wayback_url=base)  # fmt: skip
    assert result.copy is not None and result.copy.url == f"{base}/web/20240115093000/{CITED}"
    assert "%23" not in emu.requests[0][1]


async def test_open_client_keeps_the_configured_gap_between_lookups(wayback):
    emu, base = wayback
    emu.add(CITED, "20240115093000", AUDITED)
    settings = Settings(crawl=FAST, archive_lookup=ArchiveLookupSettings(min_gap_s=0.5))
    async with open_client(settings) as client:
        results = await asyncio.gather(*(
            lookup(CITED, BASELINE, *audited_digests(), client, wayback_url=base)
            for _ in range(3)
        ))  # fmt: skip
    assert all(r.copy is not None and r.copy.matches is Matches.AUDITED for r in results)
    times = emu.times["cdx"]
    assert len(times) == 3 and all(b - a >= 0.4 for a, b in itertools.pairwise(times)), times
