"""Run every benchmark in bench/ (make bench). Each prints its own figures.

The year bench runs its quick version here (30 days, under a minute); the full year is
`.venv/bin/python bench/year_bench.py` (365 days, a few minutes). `--quick` also runs the scale
bench in its small version (the full one takes several minutes: it renders 2,000 PDFs once into
bench/out/, then checks 100 reports twice).
"""

import subprocess
import sys
from pathlib import Path

quick = "--quick" in sys.argv[1:]
SHORT = {"year_bench.py": ["--days", "30"]}
if quick:
    SHORT["scale_bench.py"] = ["--small"]

for bench in sorted(Path(__file__).parent.glob("*_bench.py")):
    print(f"\n== {bench.name}", flush=True)
    subprocess.run([sys.executable, str(bench), *SHORT.get(bench.name, [])], check=False)
