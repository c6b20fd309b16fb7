"""The pack file, criterion matching, pack_off, and reading a document's reporting year."""

import pytest

from verifier.checks import ExpectationError, load_expectations, load_pack_off
from verifier.checks.current import stated_year
from verifier.checks.pack import load_pack, numeric_criterion
from verifier.models import Citation, Location, ReportMeta

V31 = ReportMeta(standard="Performance Standard V3.1", audit_start="2025-01-09")


def cite(criterion, evidence=True):
    return Citation("r.txt", criterion, None, "Conformance", "https://x.example/a.pdf", None, (1,),
                    evidence, Location(None, 1))  # fmt: skip


@pytest.mark.parametrize(
    ("cid", "num"),
    [("6.1a-f", "6.1"), ("1.2", "1.2"), ("9.8e", "9.8"), ("10.3a-c", "10.3"), ("11.1a", "11.1"),
     ("61", None), (None, None), ("6.12", "6.12"), ("6.123", None)],
)  # fmt: skip
def test_numeric_criterion(cid, num):
    assert numeric_criterion(cid) == num


def test_every_pack_entry_says_where_it_comes_from_and_has_both_languages():
    pack = load_pack()
    assert {"1.2", "2.4", "5.1", "5.3", "6.1", "8.7", "10.3"} <= set(pack.entries)
    for e in pack.entries.values():
        assert e.source and e.title
        assert any(p.isascii() for p in e.phrases), e.criterion
        assert any(not p.isascii() for p in e.phrases), e.criterion


@pytest.mark.parametrize(
    ("standard", "applies"),
    [("Performance Standard V3.1", True), ("ASI Performance Standard V3.0 (2022)", True),
     ("Performance Standard V3", True), ("Performance Standard V2.1", False),
     ("Chain of Custody Standard V2.0", False), (None, False)],
)  # fmt: skip
def test_pack_applies_to_performance_standard_v3_only(standard, applies):
    meta = ReportMeta(standard=standard)
    assert (load_pack().entry_for(cite("6.1a-f"), meta) is not None) == applies


def test_entry_needs_evidence_and_respects_pack_off():
    pack = load_pack()
    assert pack.entry_for(cite("6.1a-f", evidence=False), V31) is None
    assert pack.entry_for(cite("6.1a-f"), V31, frozenset({"6.1"})) is None
    assert pack.entry_for(cite("6.1a-f"), V31, frozenset({"*"})) is None
    assert pack.entry_for(cite("6.1a-f"), V31, frozenset({"5.1"})).criterion == "6.1"
    assert pack.entry_for(cite("4.2"), V31) is None  # no disclosure asked


def test_pack_off_is_read_and_validated(tmp_path):
    ok = tmp_path / "off.toml"
    ok.write_text('pack_off = ["6.1", "10.3"]\n[[expect]]\ncriterion = "1.2"\nany_of = ["x"]\n')
    assert load_pack_off([tmp_path]) == {"6.1", "10.3"}
    assert len(load_expectations([tmp_path])) == 1  # its own entries still apply
    bad = tmp_path / "bad.toml"
    bad.write_text('pack_off = ["emissions"]\n')
    with pytest.raises(ExpectationError, match="not a numeric criterion id"):
        load_expectations([bad])


@pytest.mark.parametrize(
    ("text", "year"),
    [("2023 ESG Report", 2023), ("山东创新集团2024年度可持续发展报告", 2024),
     ("Sustainability Report 2022", 2022), ("FY2023 results", 2023),
     ("for the year ended 31 December 2021", 2021), ("Modern Slavery Statement 2023", 2023),
     ("2021 Environmental, Social and Governance Report", 2021),
     ("our 2060 carbon neutrality Report", None), ("founded in 1998, 2,300 employees", None)],
)  # fmt: skip
def test_reporting_year(text, year):
    assert stated_year([text], latest=2026) == year
