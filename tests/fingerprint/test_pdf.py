"""PDF fingerprints (PDFium) on real generated PDFs with known text on known pages."""

import hashlib
import io
import re

import pytest
from pypdf import PdfReader, PdfWriter

from tests.support.pdfs import pdf
from verifier.fingerprint.normalise import phrase_pattern
from verifier.fingerprint.pdf import (
    EXTRACTOR,
    consistent_numbers,
    fingerprint_pdf,
    printed_number,
    unreadable_reason,
)
from verifier.models import Unparseable


def fp(tmp_path, data, name="d.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    return fingerprint_pdf(str(path), hashlib.sha256(data).hexdigest(), len(data), max_pages=500)


def test_known_text_on_known_pages(tmp_path):
    f = fp(
        tmp_path, pdf(["Cover page", "Air emissions fell by 4 percent.", None], title="ESG 2024")
    )
    assert (f.type, f.page_count, f.extractor) == ("pdf", 3, EXTRACTOR)
    assert f.pages[1].text == "Air emissions fell by 4 percent."
    assert f.pages[1].text_sha256 == hashlib.sha256(b"Air emissions fell by 4 percent.").hexdigest()
    assert f.image_only_pages == [3]
    assert f.metadata["title"] == "ESG 2024" and f.metadata["author"] == "verifier tests"
    assert len(f.simhash) == 16 and "text" not in f.to_dict()["pages"][0]


def test_resaved_with_identical_text_has_the_same_text_hash(tmp_path):
    a = pdf(["Same words", "on two pages"], title="first", author="one")
    b = pdf(["Same words", "on two pages"], title="second", author="two")
    assert a != b
    fa, fb = fp(tmp_path, a, "a.pdf"), fp(tmp_path, b, "b.pdf")
    assert fa.sha256 != fb.sha256
    assert fa.text_sha256 == fb.text_sha256 and fa.simhash == fb.simhash


def test_cjk_text_with_an_embedded_font(tmp_path):
    data = pdf(["审计报告 第三章 内部控制", "废气排放 投诉处理机制"], cjk=True)
    assert b"/FontFile2" in data  # the font is embedded, not a system name
    f = fp(tmp_path, data)
    assert f.pages[0].text == "审计报告 第三章 内部控制" and "废气排放" in f.pages[1].text


def test_page_labels_and_printed_numbers(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf(["Cover", "Contents", "Intro", "Body"],
                                                             footer_numbers=-1))))  # fmt: skip
    writer.set_page_label(0, 1, style="/r")  # i, ii
    writer.set_page_label(2, 3, style="/D")  # 1, 2
    buf = io.BytesIO()
    writer.write(buf)
    f = fp(tmp_path, buf.getvalue())
    assert f.has_page_labels and [p.label for p in f.pages] == ["i", "ii", "1", "2"]
    assert [p.printed for p in f.pages] == [None, 0, 1, 2]  # "-1" is not a page number


@pytest.mark.parametrize(
    ("line", "number"),
    [("12", 12), ("- 7 -", 7), ("Page 3 of 40", 3), ("5 / 9", 5), ("第 12 页", 12), ("１２", 12),
     ("2023 report", None), ("Chapter 2", None), ("", None)],
)  # fmt: skip
def test_printed_number(line, number):
    assert printed_number(line) == number


def test_printed_numbers_must_continue_a_neighbour():
    # a year on every page, a lone table figure on one, a page without a number in between
    cands = [set(), {2024, 1}, {2024, 2, 12}, {2024}, {2024, 4}, {7}]
    assert consistent_numbers(cands) == [None, 1, 2, None, 4, None]


def test_page_text_is_the_visible_area_only(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf(["left half of a spread"]))))
    writer.pages[0].cropbox.lower_left = (0, 0)
    writer.pages[0].cropbox.upper_right = (60, 792)  # the text starts at x=72: cropped away
    buf = io.BytesIO()
    writer.write(buf)
    assert fp(tmp_path, buf.getvalue()).image_only_pages == [1]


def test_encrypted_and_truncated(tmp_path):
    w = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf(["secret"]))))
    w.encrypt(user_password="pw", owner_password="o", algorithm="AES-128")
    buf = io.BytesIO()
    w.write(buf)
    with pytest.raises(Unparseable, match="password"):
        fp(tmp_path, buf.getvalue())
    with pytest.raises(Unparseable, match=r"not a readable PDF|no pages"):
        fp(tmp_path, pdf(["a", "b"])[:400], "cut.pdf")


def test_unreadable_reason():
    assert unreadable_reason("Plain text, 14,918,000 tonnes.", 0.0) is None
    assert (
        unreadable_reason("\ue000\ue001\ue002 ab", 0.0)
        == "mostly control or private-use characters"
    )
    assert unreadable_reason("e vZ V ~W", 0.9) == "fonts without a Unicode mapping"
    assert "control codes" in unreadable_reason("Revenue\x06\x07\x08 tonnes and more words", 0.0)
    assert unreadable_reason("a long page of words " * 60 + "\x06\x07\x08", 0.0) is None  # 0.2%
    assert unreadable_reason("Mostly fine text", 0.2) == "20% of characters have no Unicode mapping"
    assert unreadable_reason("", 1.0) is None and unreadable_reason(" \r\n", 1.0) is None


def test_extractor_names_engine_and_versions():
    assert re.fullmatch(r"pdfium \d+ / pypdfium2 \d+\.\d+\.\d+", EXTRACTOR)


def test_a_word_hyphenated_at_a_line_end_keeps_its_hyphen(tmp_path):
    f = fp(tmp_path, pdf(["Minor Non-\nConformance found"]))
    assert f.pages[0].text == "Minor Non- Conformance found"  # as pdftotext reads it
    assert phrase_pattern("Non-Conformance").search(f.pages[0].text)
