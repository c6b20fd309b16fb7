"""Similarity hashes computed when a comparison needs them equal those computed at reading."""

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from tests.support.pdfs import pdf
from verifier.drift import classify, compare_with_baseline
from verifier.drift.likeness import LazySimhashes, as_is, complete
from verifier.fingerprint.html import fingerprint_html
from verifier.fingerprint.pdf import fingerprint_pdf
from verifier.fingerprint.pdfopen import PdfUnopenable
from verifier.models import (
    Citation,
    FetchResult,
    Fingerprint,
    Location,
    Observation,
    Unparseable,
    Verdict,
)

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "real"
REAL = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []


def read(path: Path, *, simhash: bool) -> Fingerprint:
    data = path.read_bytes()
    return fingerprint_pdf(str(path), hashlib.sha256(data).hexdigest(), len(data), 500,
                           simhash=simhash)  # fmt: skip


def without_texts(fp: Fingerprint) -> Fingerprint:
    """As the history gives a fingerprint back: page texts left out, their lengths kept."""
    return replace(fp, pages=tuple(replace(p, text="", chars=p.chars) for p in fp.pages))


class Texts:
    """The history's page texts by digest, counting the reads."""

    def __init__(self, *fps: Fingerprint) -> None:
        self.by_digest = {p.text_sha256: p.text for fp in fps for p in fp.pages}
        self.reads = 0

    def __call__(self, digests):
        self.reads += 1
        return {d: self.by_digest[d] for d in digests if d in self.by_digest}


def written(tmp_path: Path, pages: list[str | None], name: str, **kw) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf(pages, **kw))
    return path


def test_first_reading_without_simhash_and_filled_equal(tmp_path):
    path = written(tmp_path, ["Cover", "Air emissions fell by 4 percent in 2024.", None,
                              "Annex: water discharge and effluent"], "a")  # fmt: skip
    eager, lazy = read(path, simhash=True), read(path, simhash=False)
    assert complete(eager) and not complete(lazy)
    assert lazy.simhash == "" and {p.simhash for p in lazy.pages} == {""}
    assert lazy.to_dict()["simhash"] is None and lazy.to_dict()["pages"][0]["simhash"] is None
    assert replace(lazy, simhash=eager.simhash, pages=eager.pages) == eager  # nothing else differs
    texts = Texts(lazy)
    fill = LazySimhashes(texts)
    assert fill(without_texts(lazy)) == without_texts(eager)
    assert fill(lazy) == eager  # texts at hand: none read
    assert texts.reads == 1  # each version's hashes computed once
    assert fill(eager) is eager and as_is(lazy) is lazy


def test_filled_from_cjk_and_html_texts(tmp_path):
    path = written(
        tmp_path, ["审核报告 第一页 环境管理体系", "铝管理倡议 绩效标准"], "cjk", cjk=True
    )
    eager, lazy = read(path, simhash=True), read(path, simhash=False)
    assert LazySimhashes(Texts(lazy))(without_texts(lazy)) == without_texts(eager)
    page = b"<html><title>ESG</title><body><p>Scope 1 emissions 4.2 Mt</p></body></html>"
    sha = hashlib.sha256(page).hexdigest()
    eager, lazy = fingerprint_html(page, sha), fingerprint_html(page, sha, simhash=False)
    assert lazy.simhash == "" and LazySimhashes(Texts(lazy))(without_texts(lazy)) == without_texts(
        eager
    )


@pytest.mark.skipif(not REAL, reason=f"third-party PDF corpus not found at {CORPUS}")
def test_filled_equal_on_real_pdfs():
    compared = 0
    for path in REAL:
        try:
            eager, lazy = read(path, simhash=True), read(path, simhash=False)
        except (Unparseable, PdfUnopenable):
            continue
        filled = LazySimhashes(Texts(lazy))(without_texts(lazy))
        assert filled == without_texts(eager), path.name
        compared += 1
    assert compared >= 20


def test_a_text_the_history_lacks_leaves_similarity_unknown(tmp_path):
    lazy = read(written(tmp_path, ["one page of text", "another page"], "b"), simhash=False)
    texts = Texts(lazy)
    texts.by_digest.pop(lazy.pages[1].text_sha256)
    assert LazySimhashes(texts)(without_texts(lazy)) == without_texts(lazy)


def observe(fp: Fingerprint, run_id: int) -> Observation:
    url = "https://x.org/r.pdf"
    fetch = FetchResult(url=url, fetched_url=url, final_url=url, reason="", verdict=Verdict.OK,
                        sha256=fp.sha256, http_status=200, detected_type="pdf")  # fmt: skip
    return Observation(fetch, without_texts(fp), f"2026-0{run_id}-01T00:00:00Z", run_id, run_id)


def cited(pages: tuple[int, ...]) -> Citation:
    return Citation("r.txt", "1.1", "Legal compliance", "Conformance", "https://x.org/r.pdf",
                    "ESG Report", pages, True, Location(line=3))  # fmt: skip


def test_drift_asks_for_similarity_only_when_the_texts_differ(tmp_path):
    long = "\n".join(
        f"paragraph {i} on emissions, water and land rehabilitation" for i in range(40)
    )
    v1 = read(written(tmp_path, ["Cover", long, "Annex"], "v1"), simhash=False)
    v2 = read(written(tmp_path, ["Cover", long.replace("paragraph 7 ", "section 7 "), "Annex"],
                      "v2", title="v2"), simhash=False)  # fmt: skip
    eager1 = read(tmp_path / "v1.pdf", simhash=True)
    eager2 = read(tmp_path / "v2.pdf", simhash=True)
    texts = Texts(v1, v2)
    fill = LazySimhashes(texts)
    drift = classify(observe(v1, 1), observe(v2, 2), fill)
    expected = classify(observe(eager1, 1), observe(eager2, 2))
    assert drift == expected and drift.kind == "changed" and 0.5 < drift.similarity < 1.0
    assert classify(observe(v1, 1), observe(v2, 2)).similarity is None  # nothing to fill from
    cite = cited((2, 3))
    got = compare_with_baseline(cite, without_texts(v2), observe(v1, 1), pinned=False, run_id=2,
                                fill=fill)  # fmt: skip
    want = compare_with_baseline(cite, eager2, observe(eager1, 1), pinned=False, run_id=2)
    assert got == want and got.pages[0].drift.kind == "changed"
    assert 0.5 < got.pages[0].drift.similarity < 1.0  # from the filled page hashes
    assert got.pages[1].drift.kind == "unchanged"
    reads = texts.reads
    same = compare_with_baseline(cited((3,)), without_texts(v2), observe(v1, 1), pinned=False,
                                 run_id=2, fill=fill)  # fmt: skip
    assert same.pages[0].drift.kind == "unchanged" and texts.reads == reads  # nothing asked


def test_versions_of_the_same_bytes_read_differently_are_hashed_apart(tmp_path):
    """The same bytes and extractor read under another page limit (or by an older
    normalisation) are other texts: each version gets its own texts' hashes."""
    path = written(tmp_path, ["first page", "second page text", "third page text"], "m")
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    short, whole = (fingerprint_pdf(str(path), sha, len(data), n, simhash=False) for n in (2, 500))
    eager = [fingerprint_pdf(str(path), sha, len(data), n) for n in (2, 500)]
    fill = LazySimhashes(Texts(short, whole))
    assert fill(without_texts(short)) == without_texts(eager[0])
    assert fill(without_texts(whole)) == without_texts(eager[1])
    assert len(fill(without_texts(whole)).pages) == 3


def test_hashes_computed_once_are_kept_and_read_back(tmp_path):
    lazy = read(written(tmp_path, ["one page of text", "another page"], "k"), simhash=False)
    eager = read(tmp_path / "k.pdf", simhash=True)
    kept: dict[str, str] = {}

    def known(digests):  # type: ignore[no-untyped-def]
        return {d: kept[d] for d in digests if d in kept}

    LazySimhashes(Texts(lazy), known, kept.update)(without_texts(lazy))  # fmt: skip
    assert kept == {**{p.text_sha256: p.simhash for p in eager.pages},
                    eager.text_sha256: eager.simhash}  # fmt: skip

    def no_texts(_digests):  # type: ignore[no-untyped-def]
        raise AssertionError("kept hashes are read back, not computed again")

    again = LazySimhashes(no_texts, known)
    assert again(without_texts(lazy)) == without_texts(eager)


def test_a_runs_memo_of_aligned_versions_changes_no_comparison(tmp_path):
    """The assembly shares one memo over a run's citations: each pair of versions is aligned
    once. Every comparison equals the one made without it, whichever pair came first."""
    body = [f"section {i}: water use, emissions and land rehabilitation figures" for i in range(5)]
    v1 = read(written(tmp_path, body, "v1"), simhash=True)
    edited = read(written(tmp_path, [*body[:2], "section 2: rewritten", *body[3:]], "v2",
                          title="v2"), simhash=True)  # fmt: skip
    inserted = read(written(tmp_path, [body[0], "a new page", *body[1:]], "v3", title="v3"),
                    simhash=True)  # fmt: skip
    memo: dict = {}
    bases = (observe(v1, 1), observe(edited, 2))
    for now in (v1, edited, inserted, edited):
        for pages in ((1,), (3,), (2, 4), (5, 9)):
            for base in bases:
                args = (cited(pages), now, base)
                assert compare_with_baseline(*args, pinned=False, run_id=3, memo=memo) == (
                    compare_with_baseline(*args, pinned=False, run_id=3)
                )
    assert len(memo) == 6  # three current versions against two baselines
    kinds = {p.drift.kind for p in compare_with_baseline(cited((2, 3)), inserted, observe(v1, 1),
                                                          pinned=False, run_id=3).pages}  # fmt: skip
    assert kinds == {"relocated"}
