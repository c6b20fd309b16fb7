"""`verifier check`: extract -> crawl -> report. (Placeholder until the crawler lands.)"""

from __future__ import annotations

import argparse
import sys

from verifier.settings import Settings


def check_command(args: argparse.Namespace, settings: Settings) -> int:
    print("verifier: error: `check` is not implemented yet", file=sys.stderr)
    return 2
