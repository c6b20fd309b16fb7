"""One run at a time per history database.

An advisory `flock` on `<db>.lock`: the kernel releases it when the process dies, even by
kill -9, so a killed run never leaves a stale lock behind, and a second run waits for the lock
(up to a limit) or is refused with a message naming the run that holds it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path


class StoreLocked(RuntimeError):
    """Another run holds the database."""


class RunLock:
    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fh: int | None = None

    def acquire(self, wait_s: float = 0.0) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read(fd)
                    os.close(fd)
                    raise StoreLocked(
                        f"{self.path.with_suffix('')} is in use by another verifier run"
                        f"{f' ({holder})' if holder else ''}; wait for it to finish "
                        "or use another --db"
                    ) from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        os.pwrite(fd, f"pid {os.getpid()}, since {since}".encode(), 0)
        self._fh = fd

    def release(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fh, fcntl.LOCK_UN)
            os.close(self._fh)
            self._fh = None


def _read(fd: int) -> str:
    try:
        return os.pread(fd, 200, 0).decode(errors="replace").strip()
    except OSError:
        return ""
