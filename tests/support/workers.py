"""Functions the parser pool runs in tests (importable by spawned workers)."""

import time


def hang(*_args):
    time.sleep(3600)


def allocate(*_args):
    return bytearray(4 * 1024**3)  # beyond the worker's memory limit
