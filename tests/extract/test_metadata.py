"""The overview table of an ASI audit report, read from text, PDF and HTML renditions."""

import html
from pathlib import Path

import pytest

from tests.support.pdf_rendition import render
from verifier.extract import extract_all, read_report
from verifier.extract.metadata import extract_metadata, parse_dates
from verifier.models.report_meta import ReportMeta

ROOT = Path(__file__).resolve().parents[2]
OTHER = ROOT / "tests" / "fixtures" / "other-entity-report.txt"

SEED_META = ReportMeta(
    entity="Shandong Innovation Group Co., Ltd.",
    member="Shandong Innovation Group Co., Ltd.",
    standard="Performance Standard V3.1",
    audit_firm="SGS-CSTC Standards Technical Services",
    audit_type="Initial Certification Audit",
    audit_start="2025-01-09",
    audit_end="2025-01-21",
    submitted="2025-06-17",
    certification_start="2025-10-15",
    certification_end="2028-10-14",
    certificate_number="482",
)


LABELS = ("MEMBER NAME", "ENTITY NAME", "ASI STANDARD", "AUDIT TYPE", "AUDIT FIRM", "AUDIT DATE",
          "AUDIT REPORT SUBMISSION", "CERTIFICATION PERIOD", "CERTIFICATE NUMBER")  # fmt: skip


def _html_rendition(text: str) -> bytes:
    """The overview as a two-column table (label, value), the rest as paragraphs."""
    head, _, rest = text.partition("FINDINGS")
    rows = []
    blocks = [" ".join(b.split()) for b in head.split("\n\n")]
    for k, words in enumerate(blocks):
        for label in LABELS:
            if words == label and k + 1 < len(blocks):  # the value is the next block
                words = f"{label} {blocks[k + 1]}"
            if words.startswith(label + " "):
                value = html.escape(words[len(label) :].strip())
                rows.append(f"<tr><th>{label}</th><td>{value}</td></tr>")
    body = "".join(f"<p>{html.escape(p)}</p>" for p in rest.split("\n\n"))
    return (
        f"<html><body><h1>AUDIT REPORT</h1><table>{''.join(rows)}</table>"
        f"<h2>FINDINGS</h2>{body}</body></html>"
    ).encode()


def test_seed_text_metadata_read_exactly(seed_path):
    _, meta = read_report(str(seed_path))
    assert meta == SEED_META


def test_seed_pdf_metadata_read_exactly(seed_path, tmp_path):
    pdf = tmp_path / "seed.pdf"
    pdf.write_bytes(render(seed_path.read_text(encoding="utf-8")))
    citations, meta = read_report(str(pdf))
    assert citations
    assert meta == SEED_META


def test_seed_html_metadata_read_exactly(seed_path, tmp_path):
    page = tmp_path / "seed.html"
    page.write_bytes(_html_rendition(seed_path.read_text(encoding="utf-8")))
    _, meta = read_report(str(page))
    assert meta == SEED_META


def test_other_layout_gives_nulls_not_a_guess():
    # It names an entity in passing, but has no overview table: nothing is guessed.
    _, meta = read_report(str(OTHER))
    assert meta == ReportMeta()
    assert meta.empty


def test_extract_all_names_metadata_by_report(seed_path):
    citations, errors, metas = extract_all([str(seed_path), str(OTHER)])
    assert not errors and citations
    assert metas[str(seed_path)].certificate_number == "482"
    assert metas[str(OTHER)].empty


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("9 January – 21 January 2025", ["2025-01-09", "2025-01-21"]),
        ("• 9 – 21 January 2025", ["2025-01-09", "2025-01-21"]),
        ("15 October 2025 – 14 October 2028", ["2025-10-15", "2028-10-14"]),
        ("January 9, 2025 - January 21, 2025", ["2025-01-09", "2025-01-21"]),
        ("2025-06-17", ["2025-06-17"]),
        ("31 February 2025", []),  # not a day: nothing rather than a wrong date
        ("to be confirmed", []),
    ],
)
def test_dates_as_written(value, days):
    assert parse_dates(value) == days


def test_values_wrap_and_labels_wrap():
    lines = [
        "MEMBER NAME Example Aluminium",
        "Holdings Ltd.",
        "",
        "ENTITY NAME Example Smelter",
        "ASI STANDARD",
        "Performance Standard V3.0",
        "AUDIT REPORT",
        "SUBMISSION",
        "• 3 March 2024",
        "FINDINGS",
        "AUDIT FIRM Not This One",
    ]
    meta = extract_metadata(lines)
    assert meta.member == "Example Aluminium Holdings Ltd."
    assert meta.entity == "Example Smelter"
    assert meta.standard == "Performance Standard V3.0"
    assert meta.submitted == "2024-03-03"
    assert meta.audit_firm is None  # after the findings start: not the overview
    assert meta.audit_start is None


def test_two_labels_are_not_a_table():
    assert extract_metadata(["ENTITY NAME A", "AUDIT FIRM B", "text"]) == ReportMeta()


def test_an_article_about_a_certification_is_not_a_report():
    # A real ASI announcement: it names the standard, the firm and the entity in prose.
    article = ROOT / ".." / "shared" / "seeds" / "000_36b5b6eb0e976657.txt"
    if not article.exists():
        pytest.skip("shared/seeds is not beside the repository")
    assert extract_metadata(article.read_text(encoding="utf-8").split("\n")) == ReportMeta()
