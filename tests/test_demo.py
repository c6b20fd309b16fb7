"""The offline demo runs end to end and shows each deliberate fault with the right verdict."""

import json

from verifier.demo import __main__ as demo


def test_demo(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(demo, "ROOT", tmp_path)  # reports land in tmp, the sample is absolute
    monkeypatch.setattr(
        demo,
        "SAMPLE",
        demo.Path(demo.__file__).resolve().parents[2]
        / "examples"
        / "asi-report-shandong-innovation-2025.txt",
    )
    monkeypatch.setattr(
        demo, "CONFIG", demo.Path(demo.__file__).resolve().parents[2] / "configs" / "demo.toml"
    )
    assert demo.main() == 0
    report = json.loads((tmp_path / "reports" / "report.json").read_text())
    verdicts = {d["url"].rsplit("/", 1)[-1]: d["verdict"] for d in report["documents"]}
    assert verdicts["7f9950b6e5ec52500df99cae13b6012d.pdf"] == "broken"
    assert verdicts["c84e0a1b4e66da8412077333ab097144.pdf"] == "broken"
    assert verdicts["4998cff965d43112cd00a183ccd274b3.pdf"] == "soft_404"
    assert verdicts["0ef0b1eaa6b83c6b260e49f048b3b78a.pdf"] == "soft_404"
    assert verdicts["b76320dce7f9199c347660c700a0cce6.pdf"] == "ok"
    assert verdicts["2f55e82efe69a0c8bfad600be454a19e.pdf"] == "ok"
    assert verdicts[""] == "denied"  # http://www.creditchina.gov.cn/
    assert report["summary"]["evidence_documents_by_verdict"]["ok"] == 78
    assert "reports written to" in capsys.readouterr().out
    checks = {(c["criterion"], c["url"].rsplit("/", 1)[-1]): {k["name"]: k for k in c["checks"]}
              for c in report["citations"]}  # fmt: skip
    short = checks[("6.1a-f", "f0abd2e09ead6f83e6d42e913df2648e.pdf")]["page_exists"]
    assert (short["outcome"], short["detail"]) == ("fail", "page 57 cited, document has 48 pages")
    missing = checks[("6.1a-f", "57cbf5e55c1dd191dfc6908bbe47002a.pdf")]["expected_text"]
    assert missing["outcome"] == "fail" and missing["detail"].startswith("missing on page 40")
    found = checks[("6.1a-f", "fe216f2105d0e3d802d0d0fc4dde015e.pdf")]["expected_text"]
    assert found["outcome"] == "pass" and '"air emissions" on page 33' in found["detail"]
    women = checks[("9.2a-e", "fe216f2105d0e3d802d0d0fc4dde015e.pdf")]["expected_text"]
    assert women["outcome"] == "pass"
    # the real report validates against the shipped schema, and every format was written
    import jsonschema

    schema = json.loads(
        (
            demo.Path(demo.__file__).resolve().parents[2] / "schemas" / "report.schema.json"
        ).read_text()
    )
    jsonschema.validate(report, schema, cls=jsonschema.Draft202012Validator)
    for name in ("report.html", "report.md", "junit.xml", "report.csv"):
        assert (tmp_path / "reports" / name).stat().st_size > 0
