"""Run every benchmark in bench/ (make bench). Each prints its own figures.

`--quick` runs the scale bench in its small version (the full one takes several minutes: it
renders 2,000 PDFs once into bench/out/, then checks 100 reports twice).
"""

import subprocess
import sys
from pathlib import Path

quick = "--quick" in sys.argv[1:]
for bench in sorted(Path(__file__).parent.glob("*_bench.py")):
    print(f"\n== {bench.name}", flush=True)
    extra = ["--small"] if quick and bench.name == "scale_bench.py" else []
    subprocess.run([sys.executable, str(bench), *extra], check=False)
