"""Issue 11: a URL cited again, alone on its line, is a citation, never an annotation block.

The same ESG report is cited under six criteria, in the layouts a user meets: text without
pdftotext's trailing spaces, HTML, and a PDF read by verifier itself. Annotation blocks are still
recognised by their structure (stripped seed export, hand-made export with form feeds).
"""

import io
from pathlib import Path

from reportlab.pdfgen import canvas

from verifier.extract import extract_report
from verifier.extract.citations import build_citations
from verifier.extract.readers import read_text_bytes

ESG = "https://nordiclight.example.no/esg/esg-report-2024.pdf"
ROWS = [
    ("1. BUSINESS INTEGRITY", "1.1 Legal Compliance Conformance", "Legal compliance is covered in the ESG Report, page 8:"),
    (None, "1.2 Anti-Corruption Conformance", "Anti-corruption training is described in the ESG Report, page 14:"),
    ("2. POLICY AND MANAGEMENT", "2.1a-f ESG Policy Conformance", "The ESG Policy is summarised in the ESG Report, page 3:"),
    ("3. TRANSPARENCY", "3.1a-b Sustainability Reporting Conformance", "Sustainability reporting, see the ESG Report, page 20:"),
    ("5. GREENHOUSE GAS EMISSIONS", "5.1a-b GHG Emissions Conformance", "Emissions are disclosed in the ESG Report, page 31:"),
    (None, "5.2 GHG Emissions Reduction Targets Conformance", "Targets are set out in the ESG Report, page 33:"),
]  # fmt: skip
EXPECTED = [("1.1", (8,)), ("1.2", (14,)), ("2.1a-f", (3,)), ("3.1a-b", (20,)),
            ("5.1a-b", (31,)), ("5.2", (33,))]  # fmt: skip


def report_lines(blank_before_url: bool) -> list[str]:
    lines = ["AUDIT REPORT", "ENTITY NAME Nordic Light Metals AS", "", "FINDINGS", "",
             "CRITERION RATING COMMENT", ""]  # fmt: skip
    for principle, row, lead in ROWS:
        if principle:
            lines += [principle, ""]
        lines += [row, lead] + ([""] if blank_before_url else []) + [ESG, ""]
    return lines


def got(cites):
    return [(c.criterion, c.pages) for c in cites if c.url == ESG]


def test_text_without_trailing_spaces_keeps_every_repeat(tmp_path):
    for blank in (False, True):
        path = tmp_path / f"six-{blank}.txt"
        path.write_text("\n".join(report_lines(blank)) + "\n", encoding="utf-8")
        assert got(extract_report(str(path))) == EXPECTED


def test_html_keeps_every_repeat(tmp_path):
    rows = []
    for principle, row, lead in ROWS:
        if principle:
            rows.append(f"<tr><td>{principle}</td></tr>")
        crit, _, rating = row.rpartition(" ")
        rows.append(f"<tr><td>{crit}</td><td>{rating}</td><td><p>{lead}<br>"
                    f'<a href="{ESG}">{ESG}</a></p></td></tr>')  # fmt: skip
    html = ("<html><body><h2>FINDINGS</h2><table><tr><td>CRITERION</td><td>RATING</td>"
            f"<td>COMMENT</td></tr>{''.join(rows)}</table></body></html>")  # fmt: skip
    path = tmp_path / "six.html"
    path.write_text(html, encoding="utf-8")
    assert got(extract_report(str(path))) == EXPECTED


def test_pdf_read_by_verifier_keeps_every_repeat(tmp_path):
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    y = 800
    for line in report_lines(False):
        c.drawString(40, y, line)
        y -= 14
    c.showPage()
    c.save()
    path = tmp_path / "six.pdf"
    path.write_bytes(buf.getvalue())
    assert got(extract_report(str(path))) == EXPECTED


def _export(pages: list[tuple[list[str], list[str]]]) -> str:
    """A pdftotext export with trailing spaces stripped: page text, its link block, form feed."""
    return "\f".join("\n".join([*text, "", *links]) + "\n" for text, links in pages)


def test_stripped_export_still_drops_blocks_and_keeps_citation_lines():
    a = "https://acme.example/policies/code-of-conduct.pdf"
    b = "https://acme.example/reports/esg-2024.pdf"
    page1 = ["FINDINGS", "", "1. BUSINESS INTEGRITY", "",
             "1.1 Legal Compliance Conformance Code of Conduct, page 2:", a, "",
             "1.2 Anti-Corruption Conformance ESG Report, page 5:", b, "",
             "Code of Conduct again, page 4:", a]  # fmt: skip
    page2 = ["2. POLICY AND MANAGEMENT", "",
             "2.1a-f ESG Policy Conformance ESG Report, page 9:", b]  # fmt: skip
    # pdftotext lists each page's link targets at its end; an unwrapped link appears once.
    text = _export([(page1, [a, b, a]), (page2, [b])])
    cites = build_citations("x.txt", read_text_bytes(text.encode()))
    assert [(c.criterion, c.url, c.pages) for c in cites] == [
        ("1.1", a, (2,)),
        ("1.2", b, (5,)),
        ("1.2", a, (4,)),  # the repeat, alone on its line, is a citation
        ("2.1a-f", b, (9,)),
    ]


def test_stripped_seed_export_reads_like_the_seed(seed_path, seed_citations):
    text = "\n".join(ln.rstrip() for ln in seed_path.read_text(encoding="utf-8").split("\n"))
    cites = build_citations(str(seed_path), read_text_bytes(text.encode()))

    def key(c):
        return (c.criterion, c.url, c.label, c.pages, c.evidence)

    assert [key(c) for c in cites] == [key(c) for c in seed_citations]


def test_real_seed_from_shared_when_present():
    shared = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
    seed = shared / "002_0aeeae34857563c4.txt"
    if not seed.exists():
        import pytest

        pytest.skip("../shared/seeds is not present in this checkout")
    cites = extract_report(str(seed))
    assert len(cites) == 107
    assert len({c.url for c in cites if c.evidence}) == 83


def test_block_matches_a_url_printed_beyond_rejoining():
    """The visible URL broke after a letter (no rule can rejoin it without the link target):
    the block still lists the page's links, and it completes the URL."""
    a = "https://acme.example/d/file/2025/esg-report-final.pdf"
    b = "https://acme.example/d/file/2025/code-of-conduct.pdf"
    page = ["FINDINGS", "", "1. BUSINESS INTEGRITY", "",
            "1.1 Legal Compliance Conformance ESG Report, page 2:",
            "https://acme.example/d/file/2025/esg-rep", "ort-final.pdf", "",
            "1.2 Anti-Corruption Conformance Code of Conduct:", b]  # fmt: skip
    text = _export([(page, [a, a, b])])
    cites = build_citations("x.txt", read_text_bytes(text.encode()))
    assert [(c.criterion, c.url) for c in cites] == [("1.1", a), ("1.2", b)]
