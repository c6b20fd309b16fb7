"""Issue 12: five ways real-world PDFs gave a confident wrong verdict, one generated PDF each,
fingerprinted and checked end to end (fingerprint -> run_checks). Each must now give the right
verdict, or `unverifiable` where the text cannot be known; never a confident wrong one. A sixth
was found while measuring PDFium: CJK text in a font that is not embedded is dropped on a
machine without a CJK font."""

import hashlib

import pytest

from tests.support.misread_pdfs import (
    cid_font_pdf,
    padded_footer_pdf,
    radicals_pdf,
    spread_pdf,
    system_font_pdf,
    type3_control_pdf,
    word_footer_pdf,
)
from tests.support.workers import fingerprint_without_system_fonts
from verifier.checks import run_checks
from verifier.checks.expectations import Expectation
from verifier.checks.pages import resolve
from verifier.fingerprint import ParserPool
from verifier.fingerprint.pdf import NO_CJK_FONT, cjk_font_missing, fingerprint_pdf
from verifier.models import Citation, FetchResult, Location
from verifier.settings import FingerprintSettings

URL = "https://x.example/esg-2023.pdf"
OK = FetchResult(URL, URL, URL, "ok", "HTTP 200", 200, 1, detected_type="pdf")


def fingerprint(tmp_path, data):
    path = tmp_path / "d.pdf"
    path.write_bytes(data)
    return fingerprint_pdf(str(path), hashlib.sha256(data).hexdigest(), len(data), 500)


def outcomes(fp, pages, *phrases):
    c = Citation("r.txt", "6.1", "Air", "Conformance", URL, "ESG Report", tuple(pages), True,
                 Location(None, 1))  # fmt: skip
    expect = [Expectation("t", url=URL, all_of=phrases)]
    checks = {k.name: k for k in run_checks(c, OK, fp, expect)}
    return {name: (k.outcome, k.detail) for name, k in checks.items()}


@pytest.mark.parametrize(
    ("ordering", "text"), [("GB1", "审计报告内部控制"), ("Japan1", "内部控制")]
)
def test_1_cid_font_without_tounicode_decodes_through_the_adobe_tables(tmp_path, ordering, text):
    fp = fingerprint(tmp_path, cid_font_pdf([text[:4], text[4:]] if text[4:] else [text], ordering))
    assert fp.pages[0].text.replace(" ", "") == text and fp.pages[0].unreadable is None
    got = outcomes(fp, [1], text[-4:])
    assert got["page_text"][0] == "pass" and got["expected_text"][0] == "pass"
    assert outcomes(fp, [1], "废气排放")["expected_text"][0] == "fail"  # really absent


def test_1_cid_font_with_no_unicode_at_all_is_unverifiable_not_a_fail(tmp_path):
    fp = fingerprint(tmp_path, cid_font_pdf(["审计报告", "内部控制"], "Identity"))
    assert fp.pages[0].unreadable == "fonts without a Unicode mapping"
    assert fp.to_dict()["pages"][0]["unreadable"] == "fonts without a Unicode mapping"
    got = outcomes(fp, [1], "内部控制")
    assert got["page_text"] == ("unverifiable", "text layer unreadable on page 1: fonts without "
                                "a Unicode mapping")  # fmt: skip
    assert got["expected_text"][0] == "unverifiable"


def test_2_radical_code_points_match_the_ideographs(tmp_path):
    fp = fingerprint(tmp_path, radicals_pdf(["页面不存在", "审计报告"]))
    assert fp.pages[0].text == "页面不存在 审计报告"  # from U+2EDA U+2FAF
    assert outcomes(fp, [1], "页面不存在")["expected_text"][0] == "pass"


def test_3_digits_decoded_to_control_codes_are_unverifiable_not_missing(tmp_path):
    fp = fingerprint(tmp_path, type3_control_pdf(["Revenue 2023 (restated): 14,918,000 tonnes"]))
    assert "control codes" in fp.pages[0].unreadable
    assert "\x06" not in fp.pages[0].text  # control characters hash as whitespace
    got = outcomes(fp, [1], "14,918,000")
    assert got["expected_text"][0] == "unverifiable" and "text layer unreadable" in got[
        "expected_text"][1]  # fmt: skip
    assert got["page_text"][0] == "unverifiable"


def test_4_a_spread_page_carries_only_its_own_half(tmp_path):
    fp = fingerprint(tmp_path, spread_pdf("Left page: water withdrawal fell",
                                          "Right page: tailings dam inspected"))  # fmt: skip
    assert [p.text for p in fp.pages[1:]] == ["Left page: water withdrawal fell",
                                              "Right page: tailings dam inspected",
                                              "Right page: tailings dam inspected"]  # fmt: skip
    assert outcomes(fp, [2], "tailings dam")["expected_text"][0] == "fail"
    assert outcomes(fp, [3], "tailings dam")["expected_text"][0] == "pass"
    assert outcomes(fp, [4], "water withdrawal")["expected_text"][0] == "fail"  # off the page


def test_5_footer_number_under_a_two_line_running_header(tmp_path):
    bodies = ["Cover", "Contents"] + [
        f"Section body {n}\nAir emissions text for printed page {n}\n12\nThe table ends here."
        for n in range(1, 15)
    ]
    fp = fingerprint(tmp_path, word_footer_pdf(bodies))
    assert not fp.has_page_labels
    assert [p.printed for p in fp.pages] == [None, None, *range(1, 15)]
    r = resolve(12, fp)
    assert (r.physical, r.method) == (14, "printed page number")
    got = outcomes(fp, [12], "text for printed page 12")
    assert got["page_exists"] == ("pass", "page 12 = physical page 14 (by printed page number)")
    assert got["expected_text"][0] == "pass"


def test_5b_footer_number_padded_with_spaces_across_the_page(tmp_path):
    """A footer number drawn after a run of spaces: its text rectangle is most of the page
    wide, and the number is still read from it (a width filter once lost it)."""
    fp = fingerprint(tmp_path, padded_footer_pdf([f"Air emissions, page {n}" for n in range(1, 5)]))
    assert [p.printed for p in fp.pages] == [1, 2, 3, 4]
    assert (resolve(3, fp).physical, resolve(3, fp).method) == (3, "printed page number")


CJK_LINES = ["审计报告内部控制", "废气排放投诉处理机制"]


def _cjk_font_verdicts(fp):
    got = outcomes(fp, [1], "投诉处理机制")
    if fp.pages[0].unreadable:
        assert fp.pages[0].unreadable == NO_CJK_FONT
        assert got["expected_text"][0] == "unverifiable" and got["page_text"][0] == "unverifiable"
    else:
        assert fp.pages[0].text == "审计报告内部控制 废气排放投诉处理机制"
        assert got["expected_text"][0] == "pass"


def test_6_text_in_a_non_embedded_cjk_font_is_read_or_unverifiable(tmp_path):
    fp = fingerprint(tmp_path, system_font_pdf(CJK_LINES))
    assert (fp.pages[0].unreadable == NO_CJK_FONT) == cjk_font_missing()
    _cjk_font_verdicts(fp)


async def test_6_on_a_machine_without_cjk_fonts_the_page_is_unverifiable(tmp_path):
    data = system_font_pdf(CJK_LINES)
    path = tmp_path / "d.pdf"
    path.write_bytes(data)
    with ParserPool(FingerprintSettings(workers=1, timeout_s=30, memory_mb=600)) as pool:
        fp = await pool.fingerprint(
            str(path), "pdf", "0" * 64, target=fingerprint_without_system_fonts
        )
    assert fp.pages[0].unreadable == NO_CJK_FONT  # PDFium dropped the text: never a "missing"
    _cjk_font_verdicts(fp)
