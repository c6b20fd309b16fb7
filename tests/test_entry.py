"""The console script's target: every spawned worker imports it as its __main__."""

import subprocess
import sys


def test_importing_the_entry_point_loads_nothing_heavy():
    """A worker of the `verifier` script re-imports the script, which imports verifier.entry: it
    must not pull in the CLI and its stages (0.5-0.8 s of imports in every worker)."""
    probe = (
        "import sys, verifier.entry; "
        "heavy = sorted(m for m in sys.modules if m in ('verifier.cli', 'aiohttp', 'pypdfium2')); "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_module_form_still_runs():
    out = subprocess.run([sys.executable, "-m", "verifier", "--version"], capture_output=True,
                         text=True, check=True)  # fmt: skip
    assert out.stdout.startswith("verifier ")
