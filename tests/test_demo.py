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
