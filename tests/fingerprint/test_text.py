import random
import unicodedata
from pathlib import Path

import pytest

from tests.support.make_radicals import equivalents
from verifier.fingerprint.html import fingerprint_html
from verifier.fingerprint.normalise import normalise, phrase_pattern
from verifier.fingerprint.pdf import page_lines, running_edges, text_and_body
from verifier.fingerprint.radicals import RADICALS
from verifier.fingerprint.simhash import shingles, simhash, simhashes, similarity

TEXT = " ".join(
    f"word{i} appears in sentence number {i} of the sustainability report" for i in range(60)
)


def test_normalise_and_phrase_matching():
    assert normalise("ＡＢＣ\u3000 line\n\nbreak ") == "ABC line break"
    assert phrase_pattern("air  emissions").search("Total AIR\nEMISSIONS fell")
    assert phrase_pattern("ＳＯ２").search("so2 emissions")  # full-width vs ASCII
    assert phrase_pattern("废气排放").search("本公司废 气排放达标")  # whitespace inside Chinese
    assert not phrase_pattern("废水").search("废气排放")


def test_simhash_scores_versions():
    assert similarity(simhash(TEXT), simhash(TEXT)) == 1.0
    edited = TEXT.replace("word7 appears", "word7 vanished")
    assert similarity(simhash(TEXT), simhash(edited)) >= 0.85
    other = " ".join(f"unrelated token{i} about finance" for i in range(80))
    assert similarity(simhash(TEXT), simhash(other)) < 0.75
    assert len(shingles("审计报告第三章")) == 5  # CJK characters are tokens one by one


@pytest.mark.parametrize("seed", range(40))
def test_document_simhashes_equal_hashing_each_text(seed):
    """The shared-digest path gives exactly the values stored by earlier runs (a changed value
    would read as drift): pages of zero, one, two and many tokens, Chinese, Greek final sigma,
    the same shingle on several pages, a shingle spanning a page break."""
    rng = random.Random(seed)
    vocab = ["Emissions", "ΟΔΟΣ", "水", "排放", "report", "ß", "2024", "page", "審計", "—", "ǅ"]
    texts = [
        " ".join(rng.choice(vocab) for _ in range(rng.choice([0, 1, 2, 3, 5, 40])))
        for _ in range(rng.randint(0, 6))
    ]
    pages, whole = simhashes(texts)
    assert pages == [simhash(t) for t in texts]
    assert whole == simhash("\n".join(texts))


@pytest.mark.parametrize("seed", range(40))
def test_page_normalised_once_equals_normalising_text_and_body(seed):
    """fingerprint/pdf.py normalises each page once, edge lines apart from the middle: the
    stored text and body hashes must stay those of normalise(page) and normalise(body).
    Characters chosen where a normal form could act across a line break: combining marks at
    a line start, compatibility forms, radicals, control codes, Unicode line separators."""
    rng = random.Random(seed)
    pieces = ["Page 4", "\u0301", "e", "\u00a8", "ﬁ", "\u2eda", "\x00", "\x85", "\u2028", "\u3000",
              "Ｒｅｐｏｒｔ", " ", "\t", "12", "年", "\r\n", "\n", "\x0c", "- 3 -"]  # fmt: skip
    raws = [
        "".join(rng.choice(pieces) for _ in range(rng.choice([0, 1, 3, 12, 60])))
        for _ in range(rng.randint(1, 5))
    ]
    assert_normalised_once(raws)


def assert_normalised_once(raws: list[str]) -> None:
    """text_and_body against the plain way: normalise the page, and the page without its
    running lines joined back."""
    lines = [page_lines(raw) for raw in raws]
    for raw, ls, gone in zip(raws, lines, running_edges(lines), strict=True):
        body = "\n".join(ln for k, ln in enumerate(ls) if k not in gone)
        assert text_and_body(ls, gone) == (normalise(raw), normalise(body))


def test_html_fingerprint():
    f = fingerprint_html(
        b"<html><title>Policy</title><script>var x=1</script><p>Anti-bribery rule</p></html>",
        "a" * 64,
    )
    assert f.title == "Policy" and f.pages[0].text == "Policy Anti-bribery rule"


def test_radicals_and_control_characters_fold():
    assert normalise("\u2eda\u2faf不存在 增\u2ed3率 常\u2ec5") == "页面不存在 增长率 常见"
    assert phrase_pattern("增长率").search(normalise("增\u2ed3率"))
    assert phrase_pattern("\u2ec5").search("常见")  # the phrase is folded the same way
    assert normalise("Revenue\x06\x07(2023)\x1f\x85x") == "Revenue (2023) x"
    assert normalise("a\x7fb\x9fc") == "a b c"


UNICODE_DATA = Path("/usr/share/unicode/EquivalentUnifiedIdeograph.txt")


@pytest.mark.skipif(not UNICODE_DATA.exists(), reason="Debian package unicode-data not installed")
def test_radical_table_matches_unicode_data():
    supplement = equivalents(str(UNICODE_DATA), 0x2E80, 0x2EFF)
    assert {k: chr(v) for k, v in supplement.items()} == RADICALS
    kangxi = equivalents(str(UNICODE_DATA), 0x2F00, 0x2FDF)
    assert len(kangxi) == 214
    assert all(unicodedata.normalize("NFKC", chr(k)) == chr(v) for k, v in kangxi.items())
