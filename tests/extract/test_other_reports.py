"""A report the extractor has never seen: another entity, other hosts, other URL shapes."""

from pathlib import Path

from verifier.extract import extract_report

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "other-entity-report.txt"


def test_other_entity_report():
    cites = extract_report(str(FIXTURE))
    got = {(c.criterion, c.url): c for c in cites}
    assert [c.url for c in cites] == [
        "https://complaints.example.org/form?lang=en",
        "http://www.nordiclight.example.no/governance/anti-corruption-policy_v2.pdf",
        "https://investors.nordiclight.example.no/reports/2024/annual-report-2024.pdf",
        "https://www.nordiclight.example.no/esg?year=2024&format=pdf&lang=no",
        "https://www.nordiclight.example.no/esg/GRI%20Index%202024.pdf",
        "https://ghg.example.com/methodology#scope-3",
        "https://aluminium-stewardship.example/disclaimer",
    ]
    assert got[(None, "https://complaints.example.org/form?lang=en")].evidence is False
    policy = got[
        ("1.2", "http://www.nordiclight.example.no/governance/anti-corruption-policy_v2.pdf")
    ]
    assert policy.rating == "Major Non-Conformance" and policy.pages == (3, 4)
    annual = got[
        ("3.1a-b", "https://investors.nordiclight.example.no/reports/2024/annual-report-2024.pdf")
    ]
    assert annual.label == "Nordic Light Metals AS - Annual Report 2024"
    assert annual.pages == (57,)
    assert annual.criterion_title == "Sustainability Reporting" and annual.rating == "Conformance"
    data = got[("3.1a-b", "https://www.nordiclight.example.no/esg?year=2024&format=pdf&lang=no")]
    assert data.pages == (12,)  # "…&lang=no, page 12" - the page follows the URL
    ghg = got[("5.1a-b", "https://ghg.example.com/methodology#scope-3")]
    assert ghg.rating == "Not Applicable"
    assert ghg.criterion_title == "Disclosure of GHG Emissions and Energy Use"
    disclaimer = got[(None, "https://aluminium-stewardship.example/disclaimer")]
    assert disclaimer.evidence is False
