"""HTML reports: links in text, links on words, boilerplate outside the findings."""

from verifier.extract import extract_report

HTML = """<!doctype html><html><head><title>Audit</title><style>a{}</style>
<script>var u = "https://tracker.example/x.js";</script></head><body>
<p>Complaints: <a href="https://asi.example/complaints">https://asi.example/complaints</a></p>
<h2>FINDINGS</h2>
<table>
<tr><td>CRITERION</td><td>RATING</td><td>COMMENT</td></tr>
<tr><td>1. BUSINESS INTEGRITY</td></tr>
<tr><td>1.2 Anti-Corruption</td><td>Conformance</td>
<td><p>Acme Metals GmbH - ESG Report, page 12:
<a href="https://reports.acme.example/esg-2024.pdf?lang=en&amp;v=2">ESG Report 2024</a></p>
<p>Policy at https://acme.example/policy%20anti-bribery.pdf.</p></td></tr>
<tr><td>2. POLICY AND MANAGEMENT</td></tr>
<tr><td>2.1a-f Environmental, Social, and Governance Policy</td><td>Minor Non-Conformance</td>
<td>See <a href="/docs/esg-policy.pdf">the ESG Policy</a>.</td></tr>
</table>
<h2>ASI LIMITATION OF LIABILITY DISCLAIMER</h2>
<p>More at <a href="https://asi.example/disclaimer">our site</a></p>
</body></html>"""


def test_html_report(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(HTML, encoding="utf-8")
    cites = {c.url: c for c in extract_report(str(page))}
    assert "https://tracker.example/x.js" not in cites  # scripts are not text
    esg = cites["https://reports.acme.example/esg-2024.pdf?lang=en&v=2"]
    assert (esg.criterion, esg.rating, esg.pages) == ("1.2", "Conformance", (12,))
    assert esg.criterion_title == "Anti-Corruption"
    assert esg.evidence
    policy = cites["https://acme.example/policy%20anti-bribery.pdf"]
    assert policy.criterion == "1.2"
    assert cites["https://asi.example/complaints"].evidence is False
    assert cites["https://asi.example/disclaimer"].criterion is None
    # a relative link cannot be fetched from a local file: it is not invented into a URL
    assert not any(u.endswith("/docs/esg-policy.pdf") for u in cites)


def _cites(tmp_path, body: str):
    page = tmp_path / "r.html"
    page.write_text(
        "<h2>FINDINGS</h2><p>1. BUSINESS INTEGRITY</p>"
        f"<p>1.2 Anti-Corruption Conformance</p>{body}",
        encoding="utf-8",
    )
    return [(c.url, c.label, c.pages) for c in extract_report(str(page))]


COC = "https://acme.example/policies/coc.pdf"
ESG = "https://acme.example/esg-2024.pdf"


def test_label_and_page_in_one_paragraph_link_in_the_next(tmp_path):
    body = f'<p>Acme Metals GmbH - ESG Report, page 12:</p><p><a href="{ESG}">{ESG}</a></p>'
    assert _cites(tmp_path, body) == [(ESG, "Acme Metals GmbH - ESG Report", (12,))]


def test_link_on_words_gives_a_clean_label(tmp_path):
    cases = [
        f'<p>See the <a href="{COC}">Code of Conduct</a> (PDF).</p>',
        f'<p>(<a href="{COC}">Code of Conduct</a>)</p>',
        f'<p>Policies: <a href="{COC}">Code of Conduct</a>, reviewed on site.</p>',
        f'<p><a href="{COC}">Code of Conduct</a></p>',
        f'<p>Code of Conduct (<a href="{COC}">{COC}</a>)</p>',
        f'<p>Code of Conduct (page 4): <a href="{COC}">{COC}</a></p>',
    ]
    for body in cases:
        ((url, label, _),) = _cites(tmp_path, body)
        assert (url, label) == (COC, "Code of Conduct"), body


def test_link_on_words_keeps_the_page_before_it(tmp_path):
    body = f'<p>ESG Report, page 9: <a href="{ESG}">download</a></p>'
    assert _cites(tmp_path, body) == [(ESG, "ESG Report", (9,))]
