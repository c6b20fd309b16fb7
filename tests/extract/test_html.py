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
