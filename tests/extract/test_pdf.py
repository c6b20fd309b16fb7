"""PDF reports: a real multi-page rendition of the seed report, and broken PDFs."""

import io

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from tests.support.pdf_rendition import render
from verifier.extract import ExtractError, extract_report


def _key(c):
    return (c.criterion, c.criterion_title, c.rating, c.url, c.label, c.pages, c.evidence)


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory, seed_path):
    path = tmp_path_factory.mktemp("pdf") / "seed-report.pdf"
    path.write_bytes(render(seed_path.read_text(encoding="utf-8")))
    return path


def test_rendition_is_a_real_multipage_pdf_with_link_annotations(seed_pdf):
    reader = PdfReader(seed_pdf)
    assert len(reader.pages) > 20
    uris = {
        a.get_object()["/A"]["/URI"]
        for p in reader.pages
        for a in (p.get("/Annots") or [])
        if a.get_object().get("/Subtype") == "/Link"
    }
    assert (
        "https://innovationmetal.com/d/file/p/2025/02-20/fe216f2105d0e3d802d0d0fc4dde015e.pdf"
        in uris
    )
    # the visible text wraps the URL, as the real report does
    text = "".join(p.extract_text() for p in reader.pages)
    assert (
        "https://innovationmetal.com/d/file/p/2025/02-\n20/fe216f2105d0e3d802d0d0fc4dde015e.pdf"
        in text
    )


def test_pdf_gives_the_same_citations_as_the_text(seed_pdf, seed_citations):
    from_pdf = extract_report(str(seed_pdf))
    assert [_key(c) for c in from_pdf] == [_key(c) for c in seed_citations]
    assert all(c.location.page is not None for c in from_pdf)
    first = next(c for c in from_pdf if c.criterion == "1.2")
    assert first.location.page >= 3  # cover, overview and ratings come before the findings


def _pdf_with_links(lines, links=()):
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    y = 780
    for line in lines:
        c.drawString(50, y, line)
        y -= 14
    for url, rect in links:
        c.linkURL(url, rect, relative=0)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_link_on_words_becomes_a_citation(tmp_path):
    pdf = tmp_path / "links.pdf"
    pdf.write_bytes(
        _pdf_with_links(
            ["FINDINGS", "", "1. BUSINESS INTEGRITY", "", "1.1 Legal Compliance Conformance See the",
             "Sustainability Report for details."],
            [("https://example.org/sr-2024.pdf", (50, 700, 300, 712))],
        )
    )  # fmt: skip
    (c,) = extract_report(str(pdf))
    assert c.url == "https://example.org/sr-2024.pdf"
    assert c.criterion == "1.1" and c.evidence
    assert "annotation" in " ".join(c.notes)


def test_not_a_pdf(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    with pytest.raises(ExtractError, match="not a PDF"):
        extract_report(str(fake))


def test_truncated_pdf(tmp_path, seed_pdf):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(seed_pdf.read_bytes()[:3000])
    with pytest.raises(ExtractError, match=r"damaged|truncated|no text"):
        extract_report(str(cut))


def _encrypted(tmp_path, user_password, text):
    writer = PdfWriter()
    writer.append(io.BytesIO(_pdf_with_links([text])))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    path = tmp_path / f"enc-{len(user_password)}.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def test_encrypted_pdf_needs_a_password(tmp_path):
    with pytest.raises(ExtractError, match="password"):
        extract_report(str(_encrypted(tmp_path, "s3cret", "secret https://example.org/a.pdf")))


def test_encrypted_with_empty_user_password_is_read(tmp_path):
    """Permission-only encryption (no password to open) is common in published reports."""
    path = _encrypted(tmp_path, "", "see https://example.org/open.pdf")
    assert [c.url for c in extract_report(str(path))] == ["https://example.org/open.pdf"]


def test_a_report_pdf_that_hangs_the_reader_is_stopped():
    from tests.support import workers
    from verifier.extract.isolated import IsolatedReader
    from verifier.extract.readers import read_pdf_bytes
    from verifier.settings import ExtractSettings

    with IsolatedReader(ExtractSettings(pdf_timeout_s=1)) as reader:
        with pytest.raises(ExtractError, match="took longer than 1 s; the worker was stopped"):
            reader.read(workers.hang, b"%PDF-1.4")
        text = reader.read(read_pdf_bytes, _pdf_with_links(["still works after"]))
        assert text.lines[0].text == "still works after"
