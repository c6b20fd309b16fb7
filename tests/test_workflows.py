"""The GitHub workflows and the composite action: valid for GitHub, and no high security findings.

Offline: check-jsonschema's vendored GitHub schemas, zizmor --offline.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def run(*cmd):
    return subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, check=False, cwd=ROOT
    )


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_schema(workflow):
    proc = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", workflow)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_action_schema():
    proc = run(
        BIN / "check-jsonschema", "--builtin-schema", "vendor.github-actions", ROOT / "action.yml"
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_finds_nothing_high():
    proc = run(
        BIN / "zizmor",
        "--offline",
        "--format",
        "json",
        ROOT / ".github" / "workflows",
        ROOT / "action.yml",
    )
    assert proc.returncode in (0, 10, 11, 12, 13, 14), (
        proc.stderr
    )  # exit codes encode the worst finding
    findings = json.loads(proc.stdout or "[]")
    high = [f for f in findings if f["determinations"]["severity"] == "High"]
    assert high == [], [(f["ident"], f["locations"][0]["symbolic"]["key"]) for f in high]


def test_scheduled_check_keeps_one_rolling_issue_and_its_history():
    text = (ROOT / ".github" / "workflows" / "evidence-check.yml").read_text()
    assert "schedule:" in text and "workflow_dispatch:" in text
    assert (
        "gh issue edit" in text and "gh issue close" in text
    )  # updated in place, closed when well
    assert "evidence-data" in text and "history/history.sqlite" in text
    assert "--archive history/archive" in text  # audited versions outlive any artifact
    assert "@configs/evidence-reports.list" in text
    assert (ROOT / "configs" / "evidence-reports.list").read_text().strip()


def _yaml(path):
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(path.read_text())


def _run_blocks():
    for wf in WORKFLOWS:
        for job in _yaml(wf)["jobs"].values():
            for step in job["steps"]:
                if "run" in step:
                    yield f"{wf.name}: {step.get('name', step['run'][:30])}", step["run"]
    for step in _yaml(ROOT / "action.yml")["runs"]["steps"]:
        if "run" in step:
            yield f"action.yml: {step['name']}", step["run"]


@pytest.mark.parametrize(
    ("name", "script"),
    list(_run_blocks()),
    ids=lambda v: v if isinstance(v, str) and ":" in v else "",
)
def test_every_run_block_is_valid_bash(name, script):
    proc = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"{name}: {proc.stderr}"


FAKE_GH = """#!/bin/sh
echo "$@" >> "$GH_LOG"
case "$1 $2" in
  "issue list") cat "$OPEN_ISSUE" 2>/dev/null ;;
esac
"""


@pytest.mark.parametrize(
    ("exit_code", "open_issue", "expected"),
    [
        (
            "1",
            "",
            "issue create --title Broken evidence links --label evidence-check --body-file issue.md",
        ),
        ("1", "42", "issue edit 42 --body-file issue.md"),
        ("0", "42", "issue close 42 --comment All evidence checks pass again: https://run"),
        ("0", "", None),
    ],
)
def test_one_rolling_issue(tmp_path, exit_code, open_issue, expected):
    step = next(
        s
        for s in _yaml(ROOT / ".github" / "workflows" / "evidence-check.yml")["jobs"]["check"][
            "steps"
        ]
        if s.get("name") == "Update the rolling issue"
    )
    (tmp_path / "bin").mkdir()
    gh = tmp_path / "bin" / "gh"
    gh.write_text(FAKE_GH)
    gh.chmod(0o755)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "report.md").write_text("# Evidence check\n")
    (tmp_path / "open.txt").write_text(open_issue)
    env = {
        "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin",
        "GH_LOG": str(tmp_path / "gh.log"),
        "OPEN_ISSUE": str(tmp_path / "open.txt"),
        "EXIT_CODE": exit_code,
        "RUN_URL": "https://run",
    }
    proc = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    calls = (tmp_path / "gh.log").read_text().splitlines()
    assert calls[0].startswith("label create evidence-check")
    changes = [c for c in calls if c.startswith(("issue create", "issue edit", "issue close"))]
    assert changes == ([expected] if expected else [])


def _step(path, name, job=None):
    data = _yaml(path)
    steps = data["jobs"][job]["steps"] if job else data["runs"]["steps"]
    return next(s for s in steps if s.get("name") == name)


def _fake(bin_dir, name, script):
    bin_dir.mkdir(parents=True, exist_ok=True)
    exe = bin_dir / name
    exe.write_text(script)
    exe.chmod(0o755)


def _bash(script, cwd, env):
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True,
                          text=True, check=False)  # fmt: skip


def test_action_passes_one_report_per_line_and_every_option(tmp_path):
    """Spaces inside a path survive; blank lines and surrounding blanks do not make arguments."""
    step = _step(ROOT / "action.yml", "Check")
    venv = tmp_path / "venv"
    _fake(venv / "bin", "verifier", '#!/bin/sh\nfor a in "$@"; do echo "$a"; done > "$ARGV"\n')
    _fake(venv / "bin", "python", '#!/bin/sh\nexec python3 "$@"\n')
    env = {
        "PATH": "/usr/bin:/bin", "ARGV": str(tmp_path / "argv"), "VENV": str(venv),
        "GITHUB_OUTPUT": str(tmp_path / "out"), "REPORTS": "  reports/ASI audit 2024.pdf\n\n@list ",
        "CONFIG": "", "FAIL_ON": "broken", "FAIL_AFTER": "2", "DB": "h/db.sqlite",
        "ARCHIVE": "h/archive", "OUT": "r", "EXPECTATIONS": "configs/expectations\n",
        "REMAP": "^https://a.example http://127.0.0.1:8000\n^https://b http://c",
    }  # fmt: skip
    proc = _bash(step["run"], tmp_path, env)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "argv").read_text().splitlines() == [
        "check", "reports/ASI audit 2024.pdf", "@list", "--db", "h/db.sqlite", "--out", "r",
        "--fail-on", "broken", "--fail-after", "2", "--archive", "h/archive",
        "--remap", "^https://a.example http://127.0.0.1:8000", "--remap", "^https://b http://c",
        "--expectations", "configs/expectations",
    ]  # fmt: skip
    assert "exit-code=0" in (tmp_path / "out").read_text()


FAKE_GIT = """#!/bin/sh
echo "git $* | ${GIT_CONFIG_VALUE_0:-}" >> "$GIT_LOG"
case "$1" in
  ls-remote) exit "$LS_REMOTE" ;;
  rev-parse) echo abc123 ;;
esac
"""


@pytest.mark.parametrize(
    ("ls_remote", "ok", "expected"),
    [
        ("0", True, "git worktree add history FETCH_HEAD"),
        ("2", True, "git worktree add --orphan -b evidence-data history"),
        ("128", False, None),  # no access or no network: never taken for a first run
    ],
)
def test_history_fetch_tells_a_failure_from_a_missing_branch(tmp_path, ls_remote, ok, expected):
    step = _step(ROOT / ".github/workflows/evidence-check.yml",
                 "Restore the history and archive (evidence-data branch)", "check")  # fmt: skip
    _fake(tmp_path / "bin", "git", FAKE_GIT)
    env = {
        "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "GIT_LOG": str(tmp_path / "git.log"),
        "LS_REMOTE": ls_remote, "GITHUB_TOKEN": "s3cret", "GITHUB_ENV": str(tmp_path / "env"),
        "GITHUB_SERVER_URL": "https://github.com",
    }  # fmt: skip
    proc = _bash(step["run"], tmp_path, env)
    assert (proc.returncode == 0) == ok, proc.stderr
    calls = (tmp_path / "git.log").read_text().splitlines()
    argvs = [c.split(" | ")[0] for c in calls]
    assert argvs[0] == "git ls-remote --exit-code --heads origin refs/heads/evidence-data"
    assert all("s3cret" not in a for a in argvs)  # the token is in the environment only
    assert calls[0].endswith("AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46czNjcmV0")
    if expected:
        assert expected in argvs
        lease = "abc123" if ls_remote == "0" else ""  # the push expects exactly what was fetched
        assert f"HISTORY_LEASE={lease}" in (tmp_path / "env").read_text().splitlines()
    else:
        assert len(argvs) == 1 and "::error::cannot read the evidence-data branch" in proc.stdout


def test_history_is_kept_as_one_amended_commit_without_oversized_files(tmp_path):
    step = _step(ROOT / ".github/workflows/evidence-check.yml", "Keep the history and archive",
                 "check")  # fmt: skip
    _fake(tmp_path / "bin", "git", FAKE_GIT)
    (tmp_path / "history" / "archive").mkdir(parents=True)
    (tmp_path / "history" / "history.sqlite").write_bytes(b"db")
    with open(tmp_path / "history" / "archive" / "big.pdf", "wb") as fh:
        fh.truncate(96 * 1024 * 1024)  # sparse: no disk space used
    env = {
        "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "GIT_LOG": str(tmp_path / "git.log"),
        "LS_REMOTE": "0", "GITHUB_TOKEN": "s3cret", "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_RUN_ID": "7", "HISTORY_LEASE": "abc123",
    }  # fmt: skip
    proc = _bash(step["run"], tmp_path, env)
    assert proc.returncode == 0, proc.stderr
    argvs = [c.split(" | ")[0] for c in (tmp_path / "git.log").read_text().splitlines()]
    assert "git rm -q --cached -- ./archive/big.pdf" in argvs
    assert "::warning::./archive/big.pdf is over 95 MB" in proc.stdout
    assert any(" commit -q --amend " in a for a in argvs)  # one commit: no copy per run
    assert argvs[-1] == (
        "git push --force-with-lease=refs/heads/evidence-data:abc123 origin "
        "HEAD:refs/heads/evidence-data"
    )
    assert all("s3cret" not in a for a in argvs)
