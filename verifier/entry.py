"""The `verifier` console script: starts the parser fork server, then loads the CLI.

Commands that run parsers (check, extract) need the fork server of verifier/workers.py; started
here, before the 0.5-0.8 s of importing the CLI and its stages, it imports the worker modules
on the other core meanwhile. This module imports nothing heavy at its top on purpose: every
worker of the console script imports it again as its __main__ (multiprocessing does that).
"""

from __future__ import annotations

import sys

USES_WORKERS = {"check", "extract"}


def main() -> int:
    if USES_WORKERS & set(sys.argv[1:2]):
        from verifier import workers

        workers.start_early()
    from verifier.cli import main as cli_main

    return cli_main()
