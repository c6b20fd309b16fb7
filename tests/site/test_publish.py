"""How the site and the browser tests reach CI: the scheduled workflow builds and publishes the
site, and .ci/run installs Chromium when it can, never failing because it could not."""

import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "evidence-check.yml"


def test_scheduled_workflow_builds_and_publishes_the_site():
    jobs = YAML(typ="safe").load(WORKFLOW.read_text())["jobs"]
    steps = {s.get("name", s.get("id")): s for s in jobs["check"]["steps"]}
    build = steps["Build the portfolio site"]
    assert build["run"].startswith("verifier site --db history/history.sqlite --out site")
    assert steps["Upload the site"]["with"]["path"] == "site/"
    pages = steps["Upload the site for GitHub Pages"]
    assert pages["uses"].startswith("actions/upload-pages-artifact@56afc609e742")
    assert "vars.PAGES_ENABLED" in pages["if"]
    names = list(steps)
    assert names.index("Build the portfolio site") > names.index("Check the evidence")
    publish = jobs["publish"]
    assert publish["needs"] == "check" and publish["environment"]["name"] == "github-pages"
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    (deploy,) = publish["steps"]
    assert deploy["uses"].startswith("actions/deploy-pages@d6db90164ac5")
    for job in jobs.values():
        for step in job["steps"]:
            if "uses" in step:
                assert len(step["uses"].split("@")[1]) == 40, step["uses"]  # pinned to a SHA


TOOLS = ("dirname", "mktemp", "rm", "tail", "sed", "timeout", "env", "cat")


def _fake_bin(tmp_path, **scripts):
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for tool in TOOLS:
        (bin_ / tool).symlink_to(shutil.which(tool))
    scripts.setdefault("make", 'echo "make $*"')
    for name, body in scripts.items():
        (bin_ / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_ / name).chmod(0o755)
    return bin_


def _ci_run(bin_):
    return subprocess.run(
        ["/bin/bash", str(ROOT / ".ci" / "run")],
        env={"PATH": str(bin_)}, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip


needs_debian = pytest.mark.skipif(
    not Path("/etc/debian_version").exists(),
    reason=".ci/run installs Debian packages on Debian only",
)


@needs_debian
def test_ci_run_without_root_or_sudo_skips_the_install_and_still_tests(tmp_path):
    proc = _ci_run(_fake_bin(tmp_path, id="echo 1000", sudo="exit 1"))
    assert proc.returncode == 0, proc.stderr
    assert "not root and no sudo: the tests that need them will skip" in proc.stdout
    assert "chromium" in proc.stdout
    assert proc.stdout.rstrip().endswith("make test")


@needs_debian
def test_ci_run_says_why_a_failed_install_failed_and_still_tests(tmp_path):
    apt = 'echo "E: Unable to locate package chromium" >&2; exit 100'
    proc = _ci_run(_fake_bin(tmp_path, id="echo 0", **{"apt-get": apt}))
    assert proc.returncode == 0, proc.stderr
    assert "could not install chromium" in proc.stdout  # the list starts with what is missing
    assert "E: Unable to locate package chromium" in proc.stdout
    assert proc.stdout.rstrip().endswith("make test")


@needs_debian
def test_ci_run_installs_chromium_as_root(tmp_path):
    bin_ = tmp_path / "bin"
    install = f'[ "$1" = install ] && printf "#!/bin/sh\\n" > {bin_}/chromium && chmod +x ' \
              f"{bin_}/chromium; exit 0"  # fmt: skip
    proc = _ci_run(_fake_bin(tmp_path, id="echo 0", **{"apt-get": install}))
    assert proc.returncode == 0, proc.stderr
    assert "ci: installed chromium" in proc.stdout and (bin_ / "chromium").exists()
