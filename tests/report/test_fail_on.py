"""Exit code 1 for each --fail-on kind, on the fixed report."""

import copy

import pytest

from verifier.pipeline import fails_run


def only(report, keep):
    r = copy.deepcopy(report)
    r["citations"] = [c for c in r["citations"] if c["url"] in keep]
    return r


def test_broken(report):
    broken = only(report, {c["url"] for c in report["citations"] if c["criterion"] == "1.2"})
    assert fails_run(broken, {"broken"}, 1)
    assert not fails_run(broken, {"content"}, 1)
    assert not fails_run(broken, {"broken"}, 3)  # failing 2 runs, --fail-after 3: not yet


def test_content(report):
    content = only(report, {"https://x.example/esg.pdf"})
    assert fails_run(content, {"content"}, 1)
    assert not fails_run(content, {"broken"}, 1)


def test_drift(report):
    drift = only(report, {"https://x.example/esg.pdf"})
    for c in drift["citations"]:
        c["checks"] = [k for k in c["checks"] if k["outcome"] != "fail"]
    assert not fails_run(drift, {"broken", "content"}, 1)
    assert fails_run(drift, {"drift"}, 1)  # the document changed and a cited page relocated


def test_boilerplate_never_fails_a_run(report):
    assert not fails_run(
        only(report, {"https://portal.example/"}), {"broken", "content", "drift"}, 1
    )


@pytest.mark.parametrize("value", ["broken,bogus", ""])
def test_bad_fail_on_is_a_usage_error(value, capsys):
    from verifier.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["check", "r.txt", "--fail-on", value])
    assert exc.value.code == 2 and "broken, content, drift" in capsys.readouterr().err
