"""Finishing work done beside the end of a run rather than before it: workers exiting, the
spool directory removed. The command waits for all of it before it returns (`wait`), so a
finished `verifier check` leaves no process, thread or file behind, as when each step waited.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_pending: list[threading.Thread] = []
_lock = threading.Lock()


def later(fn: Callable[..., Any], *args: Any, name: str, **kwargs: Any) -> None:
    """Run `fn` in a thread of its own; `wait` joins it."""
    thread = threading.Thread(target=fn, args=args, kwargs=kwargs, name=name)
    with _lock:
        _pending.append(thread)
    thread.start()


def pending() -> int:
    """How many were started and not yet waited for (finished or not)."""
    with _lock:
        return len(_pending)


def wait() -> None:
    """Wait for everything started with `later` (in this process, by any caller)."""
    with _lock:
        waiting, _pending[:] = list(_pending), []
    for thread in waiting:
        thread.join()
