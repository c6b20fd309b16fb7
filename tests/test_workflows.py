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
    assert "@configs/evidence-reports.list" in text
    assert (ROOT / "configs" / "evidence-reports.list").read_text().strip()
