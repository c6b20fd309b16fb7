"""Exit code 1 for each --fail-on kind, on the fixed report."""

from dataclasses import replace

import pytest

from verifier.exit_codes import fails_run
from verifier.models import Outcome


def only(result, keep):
    return replace(result, citations=tuple(c for c in result.citations if c.citation.url in keep))


def test_broken(result):
    broken = only(
        result, {c.citation.url for c in result.citations if c.citation.criterion == "1.2"}
    )
    assert fails_run(broken, {"broken"}, 1)
    assert not fails_run(broken, {"content"}, 1)
    assert not fails_run(broken, {"broken"}, 3)  # failing 2 runs, --fail-after 3: not yet


def test_content(result):
    content = only(result, {"https://x.example/esg.pdf"})
    assert fails_run(content, {"content"}, 1)
    assert not fails_run(content, {"broken"}, 1)


def test_drift(result):
    drift = only(result, {"https://x.example/esg.pdf"})
    passing = tuple(
        replace(c, checks=tuple(k for k in c.checks if k.outcome != Outcome.FAIL))
        for c in drift.citations
    )
    drift = replace(drift, citations=passing)
    assert not fails_run(drift, {"broken", "content"}, 1)
    assert fails_run(drift, {"drift"}, 1)  # the document changed and a cited page relocated


def test_boilerplate_never_fails_a_run(result):
    assert not fails_run(
        only(result, {"https://portal.example/"}), {"broken", "content", "drift"}, 1
    )


@pytest.mark.parametrize("value", ["broken,bogus", ""])
def test_bad_fail_on_is_a_usage_error(value, capsys):
    from verifier.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["check", "r.txt", "--fail-on", value])
    assert exc.value.code == 2 and "broken, content, drift" in capsys.readouterr().err
