"""Drift classification, each case with the hashes a real change would produce."""

from verifier.drift import classify, compare_page
from verifier.fingerprint.simhash import similarity as simhash_similarity
from verifier.models import FetchResult, Fingerprint, Observation, PageText, Verdict

A, B, C, D = "a" * 64, "b" * 64, "c" * 64, "d" * 64
P1, P2, P3, PX = "1" * 64, "2" * 64, "3" * 64, "9" * 64


URL = "https://x.org/r.pdf"


def snap(verdict="ok", final_url=URL, sha256=A, text_sha256=B, simhash="0" * 16,
         page_hashes=(P1, P2, P3), not_modified=False, extractor="pypdf 7.1.0"):  # fmt: skip
    """An observation as the store gives it back: fetch facts and a fingerprint of hashes."""
    fetch = FetchResult(URL, URL, final_url, Verdict(verdict), "", sha256=sha256,
                        not_modified=not_modified)  # fmt: skip
    pages = tuple(PageText(i, "", h, "0" * 16, chars=10) for i, h in enumerate(page_hashes, 1))
    fp = None
    if verdict == "ok" and text_sha256:
        fp = Fingerprint(sha256 or A, 1, "pdf", extractor, text_sha256, simhash, len(pages),
                         pages=pages)  # fmt: skip
    return Observation(fetch, fp, "2026-11-23T00:00:00Z")


def ok(**kw):
    return snap(**kw)


def test_new_unchanged_and_304():
    assert classify(None, ok()).kind == "new"
    assert classify(ok(), ok()).kind == "unchanged"
    d = classify(ok(), ok(sha256=None, not_modified=True))
    assert (d.kind, d.detail) == ("unchanged", "304 Not Modified")


def test_resaved_with_the_same_text_is_reencoded():
    d = classify(ok(), ok(sha256=C))
    assert d.kind == "reencoded" and d.similarity == 1.0


def test_one_page_edited():
    d = classify(
        ok(), ok(sha256=C, text_sha256=D, simhash="0000000000000003", page_hashes=(P1, PX, P3))
    )
    assert d.kind == "changed"
    assert d.changed_pages == (2,) and d.removed_pages == ()
    assert d.similarity == 1 - 2 / 64
    assert "page 2" in d.detail


def test_page_inserted_before_the_cited_page():
    d = classify(ok(), ok(sha256=C, text_sha256=D, page_hashes=(P1, PX, P2, P3)))
    assert d.kind == "changed" and d.changed_pages == (2,)  # only the inserted page


def test_pages_removed():
    d = classify(ok(), ok(sha256=C, text_sha256=D, page_hashes=(P1,)))
    assert d.removed_pages == (2, 3) and "2-3" in d.detail


def test_broke_recovered_and_still_broken():
    assert classify(ok(), snap("broken")).kind == "broke"
    assert classify(snap("broken"), ok()).kind == "recovered"
    d = classify(snap("broken"), snap("broken"))
    assert (d.kind, d.detail) == ("unchanged", "still broken")


def test_redirected_elsewhere_is_moved():
    d = classify(ok(), ok(final_url="https://x.org/new/r.pdf"))
    assert d.kind == "moved" and d.previous_final_url == "https://x.org/r.pdf"
    assert "content unchanged" in d.detail


def test_simhash_similarity():
    assert simhash_similarity("ffffffffffffffff", "ffffffffffffffff") == 1.0
    assert simhash_similarity("ffffffffffffffff", "0000000000000000") == 0.0
    assert simhash_similarity(None, "00") is None


def test_cited_page_against_baseline():
    pages = (P1, P2, P3)
    sims = ("0" * 16, "f" * 16, "0f" * 8)
    assert compare_page(2, P2, "f" * 16, pages, sims).kind == "unchanged"
    # a page inserted earlier: the baseline text of page 2 is now on page 3
    d = compare_page(2, P2, "f" * 16, (P1, PX, P2, P3), ("0" * 16, "1" * 16, "f" * 16, "0f" * 8))
    assert (d.kind, d.page) == ("relocated", 3)
    assert d.detail == "the baseline text of page 2 is now on page 3"
    # lightly edited and moved: found by similarity
    d = compare_page(2, P2, "f" * 16, (P1, PX, "8" * 64), ("0" * 16, "0" * 16, "fffffffffffffffe"))
    assert (d.kind, d.page) == ("relocated", 3) and d.similarity == 63 / 64
    d = compare_page(2, P2, "f" * 16, (P1, PX, P3), ("0" * 16, "fff0000000000000", "0" * 16))
    assert d.kind == "changed" and d.similarity == 12 / 64
    assert compare_page(5, P2, None, pages, (None, None, None)).page == 2  # text still there
    assert compare_page(5, PX, None, pages, (None, None, None)).kind == "missing"
    assert compare_page(1, P2, None, (), ()).kind == "unverifiable"
