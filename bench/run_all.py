"""Run every benchmark in bench/ (make bench). Each prints its own figures."""

import subprocess
import sys
from pathlib import Path

for bench in sorted(Path(__file__).parent.glob("*_bench.py")):
    print(f"\n== {bench.name}", flush=True)
    subprocess.run([sys.executable, str(bench)], check=False)
