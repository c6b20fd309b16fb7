"""Run every benchmark in bench/ (make bench). Each prints its own figures.

The year bench runs its quick version here (30 days, under a minute); the full year is
`.venv/bin/python bench/year_bench.py` (365 days, a few minutes).
"""

import subprocess
import sys
from pathlib import Path

SHORT = {"year_bench.py": ["--days", "30"]}

for bench in sorted(Path(__file__).parent.glob("*_bench.py")):
    print(f"\n== {bench.name}", flush=True)
    subprocess.run([sys.executable, str(bench), *SHORT.get(bench.name, [])], check=False)
