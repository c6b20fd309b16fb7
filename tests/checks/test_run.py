"""Checks per citation, on fingerprints with known pages."""

import hashlib

import pytest

from verifier.checks import ExpectationError, load_expectations, run_checks
from verifier.checks.pages import resolve
from verifier.models import Citation, FetchResult, Fingerprint, Location, PageText

URL = "https://x.example/esg-2023.pdf"


def page(i, text, label=None, printed=None):
    return PageText(i, text, hashlib.sha256(text.encode()).hexdigest(), "0" * 16, label, printed)


def fingerprint(texts, labels=None, printed=None):
    pages = tuple(page(i + 1, t, (labels or [None] * len(texts))[i], (printed or [None] * len(texts))[i])
                  for i, t in enumerate(texts))  # fmt: skip
    return Fingerprint("a" * 64, 100, "pdf", "pypdf", "b" * 64, "0" * 16, len(texts),
                       labels is not None, pages=pages)  # fmt: skip


def cite(pages=(), url=URL, criterion="6.1a-f", label="Yunnan - ESG Report"):
    return Citation(
        "r.txt",
        criterion,
        "Emissions to Air",
        "Conformance",
        url,
        label,
        tuple(pages),
        True,
        Location(None, 1),
    )


OK = FetchResult(URL, URL, URL, "ok", "HTTP 200", 200, 1, detected_type="pdf")


def by_name(checks):
    return {c.name: c for c in checks}


def test_all_pass():
    fp = fingerprint(["cover", "contents", "air emissions fell"])
    checks = by_name(run_checks(cite([3]), OK, fp, []))
    assert [c.outcome for c in checks.values()] == ["pass"] * 4
    assert checks["page_exists"].detail == "page 3 (physical page 3)"


def test_cited_page_beyond_the_document():
    fp = fingerprint(["x"] * 48)
    c = by_name(run_checks(cite([57]), OK, fp, []))["page_exists"]
    assert (c.outcome, c.detail) == ("fail", "page 57 cited, document has 48 pages")


def test_printed_numbers_and_labels_resolve_pages():
    printed = [None, None, 1, 2, 3]
    fp = fingerprint(["cover", "toc", "one", "two", "three"], printed=printed)
    assert resolve(2, fp).physical == 4 and resolve(2, fp).method == "printed page number"
    fp = fingerprint(["cover", "toc", "one", "two"], labels=["i", "ii", "1", "2"])
    r = resolve(1, fp)
    assert (r.physical, r.method) == (3, "page label")
    detail = by_name(run_checks(cite([1]), OK, fp, []))["page_exists"].detail
    assert detail == "page 1 = physical page 3 (by page label)"


def test_image_only_page_is_unverifiable_not_pass():
    fp = fingerprint(["cover", ""])
    c = by_name(run_checks(cite([2]), OK, fp, []))["page_text"]
    assert c.outcome == "unverifiable" and "image only" in c.detail


def test_unreachable_document():
    broken = FetchResult(URL, URL, URL, "broken", "HTTP 404 after 1 attempt", 404, 1)
    checks = by_name(run_checks(cite([3]), broken, None, []))
    assert checks["reachable"].outcome == "fail"
    assert {checks[n].outcome for n in ("type", "page_exists", "page_text")} == {"unverifiable"}


def test_wrong_type():
    html = FetchResult(URL, URL, URL, "ok", "HTTP 200", 200, 1, detected_type="html")
    assert by_name(run_checks(cite(), html, None, []))["type"].outcome == "fail"


def _expectations(tmp_path, body):
    f = tmp_path / "e.toml"
    f.write_text(body, encoding="utf-8")
    return load_expectations([tmp_path])


def test_expected_text_on_the_cited_page_any_case_width_and_chinese(tmp_path):
    exp = _expectations(
        tmp_path,
        '[[expect]]\nurl_pattern = "esg-2023"\nall_of = ["Air emissions", "废气"]\nany_of = ["ＳＯ２", "NOx"]\n',
    )
    fp = fingerprint(["cover", "AIR  EMISSIONS: 废 气 排放 and so2 fell", "other"])
    c = by_name(run_checks(cite([2]), OK, fp, exp))["expected_text"]
    assert c.outcome == "pass"
    assert (
        '"Air emissions" on page 2: …AIR  EMISSIONS' in c.detail
        or '"Air emissions" on page 2' in c.detail
    )
    fp = fingerprint(["Air emissions 废气 NOx on the wrong page", "nothing here", "x"])
    c = by_name(run_checks(cite([2]), OK, fp, exp))["expected_text"]
    assert c.outcome == "fail"
    assert c.detail == 'missing on page 2: "Air emissions"; "废气"; any of "ＳＯ２", "NOx"'


def test_expected_text_anywhere_when_no_page_is_cited(tmp_path):
    exp = _expectations(tmp_path, '[[expect]]\ncriterion = "6.1a-f"\nall_of = ["policy"]\n')
    fp = fingerprint(["cover", "our Policy"])
    assert by_name(run_checks(cite(), OK, fp, exp))["expected_text"].outcome == "pass"
    other = cite(criterion="1.2")
    assert "expected_text" not in by_name(run_checks(other, OK, fp, exp))


@pytest.mark.parametrize(
    ("body", "message"),
    [('[[expect]]\nall_of = ["x"]\n', "needs at least one of"),
     ('[[expect]]\nurl = "u"\n', "needs all_of or any_of"),
     ('[[expect]]\nurl = "u"\nall_off = ["x"]\n', "unknown keys"),
     ('[[expect]]\nurl_pattern = "("\nall_of = ["x"]\n', "not a valid regex"),
     ('[[expect]]\nurl = "u"\nall_of = []\n', "non-empty phrases"),
     ('[expect\n', "cannot read")],
)  # fmt: skip
def test_bad_expectation_files_are_clear_errors(tmp_path, body, message):
    with pytest.raises(ExpectationError, match=message):
        _expectations(tmp_path, body)
