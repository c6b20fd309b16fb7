"""The `verifier` console script's entry point.

Every parser worker is spawned (verifier/workers.py) and imports its parent's __main__ first:
for the console script, that is the script, and the script imports this module. So this module
imports nothing at its top, and the CLI (0.5-0.8 s of imports) only inside `main`: a worker
then starts in ~0.25 s of CPU, not 0.8 s, and a 2,000-document run replaces ~40 of them.
"""

from __future__ import annotations


def main() -> int:
    from verifier.cli import main as cli_main
    from verifier.gc_pause import freeze_for_exit

    code = cli_main()
    freeze_for_exit()
    return code
