"""One report, one identity: however it is spelled and wherever the checkout is."""

import json

from tests.support.fake_transport import Answer, FakeTransport
from tests.support.pdfs import pdf
from verifier.cli import build_parser, main
from verifier.commands import check
from verifier.extract.identity import distinct_reports, report_identity
from verifier.settings import load_settings


def test_spellings_of_one_file_are_one_report(tmp_path, monkeypatch):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "configs").mkdir()
    report = tmp_path / "repo" / "examples" / "a.txt"
    report.parent.mkdir()
    report.write_text("x")
    monkeypatch.chdir(tmp_path / "repo")
    names = ["examples/a.txt", "./examples/a.txt", "configs/../examples/a.txt", str(report)]
    assert {report_identity(n) for n in names} == {"examples/a.txt"}
    assert distinct_reports(names) == ["examples/a.txt"]
    # The same checkout elsewhere (a CI runner) gives the same identity.
    other = tmp_path / "runner" / "work"
    (other / ".git").mkdir(parents=True)
    (other / "examples").mkdir()
    (other / "examples" / "a.txt").write_text("x")
    assert report_identity(str(other / "examples" / "a.txt")) == "examples/a.txt"
    assert report_identity("https://x.org/r.pdf") == "https://x.org/r.pdf"


def test_a_pin_made_under_one_name_applies_under_another(tmp_path, monkeypatch, capsys):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "configs").mkdir()
    report = repo / "reports" / "audit.txt"
    report.parent.mkdir()
    url = "https://esg.example.com/esg.pdf"
    report.write_text(f"CRITERION RATING COMMENT\n6.1a-f Emissions to Air Conformance\n"
                      f"ESG Report, page 2: {url}\n")  # fmt: skip
    fake = FakeTransport({url: Answer(200, pdf(["cover", "air emissions"]),
                                      {"Content-Type": "application/pdf"})})  # fmt: skip
    monkeypatch.chdir(repo)
    common = ["--db", str(tmp_path / "h.sqlite"), "--archive", str(tmp_path / "a"),
              "--out", str(tmp_path / "out")]  # fmt: skip

    def run(name):
        args = build_parser()[0].parse_args(["check", name, *common])
        return check.run(args, load_settings(None), transport=fake)

    assert run("reports/audit.txt") == 0
    assert (
        main(["baseline", "configs/../reports/audit.txt", "--db", str(tmp_path / "h.sqlite")]) == 0
    )
    assert "pinned 1 citation baseline(s)" in capsys.readouterr().out
    assert run(str(report)) == 0  # the absolute path: the same report
    out = json.loads((tmp_path / "out" / "report.json").read_text())
    (cite,) = out["citations"]
    assert cite["report"] == "reports/audit.txt" and cite["baseline"]["pinned"] is True
    assert [r["path"] for r in out["reports"]] == ["reports/audit.txt"]
