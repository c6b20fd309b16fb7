"""The pure parts of the Wayback lookup: CDX parsing, choosing a capture, digests, decisions."""

import hashlib
import json
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from verifier.archived.wayback import (
    ArchivedCopy,
    Capture,
    Matches,
    cdx_query_url,
    choose_capture,
    digest_matches,
    file_sha1_base32,
    needs_lookup,
    parse_cdx,
    payload_matches,
    raw_capture_url,
    replay_url,
    sha1_base32,
)
from verifier.models import Verdict

CITED = "https://example.org/report.pdf"
HEADER = ["timestamp", "original", "mimetype", "statuscode", "digest"]
D1 = sha1_base32(b"one")


def row(ts: str, digest: str = D1, original: str = CITED, status: str = "200") -> list[str]:
    return [ts, original, "application/pdf", status, digest]


def cap(ts: str, digest: str | None = D1) -> Capture:
    return Capture(ts, CITED, "application/pdf", "200", digest)


def test_parse_cdx_reads_rows_by_the_header_names():
    data = [["digest", "timestamp", "original", "statuscode", "mimetype"],
            [D1, "20200102030405", CITED, "200", "application/pdf"]]  # fmt: skip
    parsed = parse_cdx(data, CITED)
    assert parsed.note is None
    assert parsed.captures == [Capture("20200102030405", CITED, "application/pdf", "200", D1)]
    assert parsed.captures[0].captured_at == "2020-01-02T03:04:05Z"


def test_parse_cdx_empty_answer_is_no_capture_and_no_note():
    assert parse_cdx([], CITED).captures == []
    assert parse_cdx([], CITED).note is None


def test_parse_cdx_skips_malformed_rows_and_says_how_many():
    data = [HEADER, row("20200101000000"), ["short"], "not a row", [1, 2, 3, 4, 5],
            row("2020010100000"), row("20201399000000"), row("20210101000000", status="404")]  # fmt: skip
    parsed = parse_cdx(data, CITED)
    assert [c.timestamp for c in parsed.captures] == ["20200101000000"]
    assert parsed.note == "CDX answer: 5 malformed rows skipped"


def test_parse_cdx_unusable_answers_give_notes():
    assert "not an array" in parse_cdx({"a": 1}, CITED).note
    assert "not an array" in parse_cdx(None, CITED).note
    assert "name the fields" in parse_cdx([[1, 2]], CITED).note
    assert "no timestamp" in parse_cdx([["original"], [CITED]], CITED).note


def test_parse_cdx_never_lets_a_hostile_original_into_a_link():
    data = [HEADER, row("20200101000000", original="javascript:alert(1)")]
    capture = parse_cdx(data, CITED).captures[0]
    assert capture.original == CITED
    assert replay_url("https://web.archive.org", capture).endswith(f"/{CITED}")


def test_parse_cdx_digests_normalised_or_dropped():
    data = [HEADER, row("20200101000000", digest=f"sha1:{D1}"), row("20200102000000", digest="-"),
            row("20200103000000", digest=hashlib.sha1(b"one").hexdigest())]  # fmt: skip
    digests = [c.digest for c in parse_cdx(data, CITED).captures]
    assert digests == [D1, None, None]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=40,
)


@given(json_values)
def test_parse_cdx_never_raises_on_any_json(data):
    parsed = parse_cdx(data, CITED)
    assert all(c.status == "200" for c in parsed.captures)
    json.dumps([c.original for c in parsed.captures])


@given(st.lists(st.lists(st.text(max_size=16), min_size=5, max_size=5), max_size=8))
def test_parse_cdx_rows_of_strings_never_raise(rows):
    parsed = parse_cdx([HEADER, *rows], CITED)
    for c in parsed.captures:
        assert len(c.timestamp) == 14 and c.original.lower().startswith(("http:", "https:"))


def test_choose_the_latest_capture_at_or_before_the_baseline():
    caps = [cap("20190101000000"), cap("20210101000000"), cap("20230101000000")]
    assert choose_capture(caps, datetime(2022, 6, 1, tzinfo=UTC)) == (caps[1], False)
    exact = datetime(2021, 1, 1, tzinfo=UTC)
    assert choose_capture(caps, exact) == (caps[1], False)
    assert choose_capture(caps, datetime(2022, 6, 1)) == (caps[1], False)  # naive means UTC
    assert choose_capture(caps, None) == (caps[2], False)  # None means now


def test_choose_the_earliest_after_when_none_before_with_a_flag():
    caps = [cap("20230101000000"), cap("20210101000000")]
    assert choose_capture(caps, datetime(2020, 1, 1, tzinfo=UTC)) == (caps[1], True)
    assert choose_capture([], datetime(2020, 1, 1, tzinfo=UTC)) == (None, False)


def test_sha1_base32_known_vector_and_file_form(tmp_path):
    assert sha1_base32(b"") == "3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"
    f = tmp_path / "doc.pdf"
    f.write_bytes(b"x" * 3_000_000)
    assert file_sha1_base32(f) == sha1_base32(b"x" * 3_000_000)


def test_digest_decides_only_a_match():
    assert digest_matches(cap("20200101000000"), D1) is Matches.AUDITED
    assert digest_matches(cap("20200101000000"), D1.lower()) is Matches.AUDITED
    assert digest_matches(cap("20200101000000"), sha1_base32(b"two")) is None
    assert digest_matches(cap("20200101000000", None), D1) is None
    assert digest_matches(cap("20200101000000"), None) is None


def test_payload_compared_by_sha256_or_sha1():
    sha256 = hashlib.sha256(b"one").hexdigest()
    assert payload_matches(b"one", None, sha256) is Matches.AUDITED
    assert payload_matches(b"two", None, sha256) is Matches.DIFFERENT
    assert payload_matches(b"one", D1, None) is Matches.AUDITED
    assert payload_matches(b"two", D1, None) is Matches.DIFFERENT
    assert payload_matches(b"one", None, None) is Matches.UNKNOWN


def test_needs_lookup_only_for_documents_that_are_not_ok():
    assert not needs_lookup(Verdict.OK)
    assert not needs_lookup("ok")
    assert not needs_lookup(Verdict.BLOCKED)  # our policy refused it: the URL stays with us
    assert not needs_lookup("no such verdict")
    for v in Verdict:
        if v not in (Verdict.OK, Verdict.BLOCKED):
            assert needs_lookup(v), v


def test_archived_copy_json_is_exactly_the_documented_shape():
    copy = ArchivedCopy("https://web.archive.org/web/20200101000000/" + CITED,
                        "2020-01-01T00:00:00Z", Matches.DIFFERENT)  # fmt: skip
    d = copy.to_dict()
    assert d == {"url": "https://web.archive.org/web/20200101000000/" + CITED,
                 "captured_at": "2020-01-01T00:00:00Z", "matches": "different"}  # fmt: skip
    assert type(d["matches"]) is str
    json.dumps(d)


def test_addresses_follow_the_wayback_conventions():
    c = cap("20200101000000")
    assert raw_capture_url("https://web.archive.org/", c) == (
        f"https://web.archive.org/web/20200101000000id_/{CITED}"
    )
    q = cdx_query_url("https://web.archive.org", "https://example.org/a.pdf?x=1&y=2")
    assert q == (
        "https://web.archive.org/cdx/search/cdx?url=https%3A%2F%2Fexample.org%2Fa.pdf%3Fx%3D1"
        "%26y%3D2&output=json&fl=timestamp,original,mimetype,statuscode,digest"
        "&filter=statuscode:200"
    )
