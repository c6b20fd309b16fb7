"""Worker processes that can be killed: the one way verifier runs a parser on untrusted input.

`concurrent.futures.ProcessPoolExecutor` cannot stop a hung task; pebble kills the worker at the
time limit and starts a new one. Workers cap their own address space (RLIMIT_AS, so a memory bomb
fails inside the worker), ignore the signals their parent handles, and are recycled after
`max_tasks` jobs.
`unwrap` turns every way a job can die into `WorkerFailure`, which callers word for their users.

Workers start with the spawn method: a fresh interpreter each, so each has its own randomised
address layout (a fork server would hand every worker the same one, and a hostile site serving
many PDFs could probe it one crash at a time), and nothing is forked from the run's own process,
whose aiohttp resolver and history writer threads make forking unsafe. A spawned worker imports
the worker modules and the parent's __main__: through the `verifier` console script that is
verifier/entry.py, which imports nothing more, so a worker starts in ~0.25 s of CPU (it was
0.8 s while the script's __main__ imported the whole CLI; measured in bench/scale_bench.py).
"""

from __future__ import annotations

import atexit
import concurrent.futures
import contextlib
import multiprocessing
import resource
import threading
from collections.abc import Callable
from typing import Any, Self, TypeVar

import pebble

from verifier import background

T = TypeVar("T")


class WorkerFailure(Exception):
    """A job that did not finish: `kind` is timeout, died or memory."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail

    def describe(self, doing: str, timeout_s: float, memory_mb: int) -> str:
        """The reason users see, the same for every parser: `doing` says what was under way
        ("parsing", "reading the PDF", "extracting citations")."""
        if self.kind == "timeout":
            return f"{doing} took longer than {timeout_s:g} s; the worker was stopped"
        if self.kind == "memory":
            return f"{doing} needed more than {memory_mb} MiB of memory; the worker was stopped"
        return f"the worker died while {doing} ({self.detail}): a crash or a memory bomb"


def _init_worker(memory_mb: int) -> None:
    import signal

    # Nothing of structlog here: a worker logs nothing, and importing it (with rich, where
    # installed) was a third of every worker's start, ~40 starts in a 2,000-document run.
    # Ctrl-C and SIGTERM reach the whole process group: the parent decides when workers stop
    # (and records the run as interrupted), so a worker never dies of them mid-job.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def spawn_pool(workers: int, memory_mb: int, max_tasks: int) -> pebble.ProcessPool:
    return pebble.ProcessPool(
        max_workers=workers,
        max_tasks=max_tasks,
        initializer=_init_worker,
        initargs=(memory_mb,),
        context=multiprocessing.get_context("spawn"),
    )


def unwrap(exc: BaseException) -> WorkerFailure | None:
    """The WorkerFailure a job's exception stands for, or None if it is the job's own error."""
    if isinstance(exc, concurrent.futures.TimeoutError):
        return WorkerFailure("timeout")
    if isinstance(exc, pebble.ProcessExpired):
        return WorkerFailure("died", f"exit code {exc.exitcode}")
    if isinstance(exc, MemoryError):
        return WorkerFailure("memory")
    return None


def stop(pool: pebble.ProcessPool | None, *, wait: bool = True) -> None:
    """Stop a pool's workers. With wait=False the workers are told to stop now and a thread
    waits for them to exit (60-160 ms, measured at the end of a 2,000-document run) while the
    caller goes on; `verifier.background.wait` joins it. Either way the wait is bounded by
    pebble: a worker not gone 3 s after SIGTERM is killed (it ignores `timeout` once stopped)."""
    if pool is None:
        return
    pool.stop()
    if wait:
        _join(pool)
    else:
        background.later(_join, pool, name="verifier-stop-workers")


def _join(pool: pebble.ProcessPool) -> None:
    """pebble unlinks a stopped pool's semaphores before it stops the workers, so a worker
    still starting (a replacement for a recycled one) cannot rebuild them and prints a
    traceback on the user's terminal (seen in about one stop in three right after a recycle).
    Once the pool's manager has stopped starting workers, they are killed first: idle at the
    end of a run, or being stopped anyway. pebble's internals are read defensively: without
    them the stop is pebble's own."""
    manager_loop = getattr(pool, "_pool_manager_loop", None)
    workers = getattr(getattr(getattr(pool, "_pool_manager", None), "worker_manager", None),
                      "workers", None)  # fmt: skip
    if isinstance(manager_loop, threading.Thread) and isinstance(workers, dict):
        manager_loop.join(timeout=10)  # stopped: it starts no worker after this
        for process in tuple(workers.values()):
            with contextlib.suppress(OSError, ValueError):  # gone already, or closed
                process.kill()
    pool.join(timeout=10)


# Set when a run is interrupted: report workers take no new job (and one starting now stops).
STOPPING = threading.Event()


class LazyWorker:
    """One killable, memory-capped worker, started on first use: each job runs in it under a
    time limit, and a worker that times out, runs out of memory or dies becomes `error` with the
    same wording everywhere. Report readers keep one for the whole process."""

    def __init__(
        self, memory_mb: int, timeout_s: float, max_tasks: int, doing: str,
        error: type[Exception],
    ) -> None:  # fmt: skip
        self.memory_mb, self.timeout_s, self.max_tasks = memory_mb, timeout_s, max_tasks
        self.doing, self.error = doing, error
        self._pool: pebble.ProcessPool | None = None

    def run(self, target: Callable[..., T], *args: Any) -> T:
        if STOPPING.is_set():
            raise self.error("stopped: the run was interrupted")
        if self._pool is None:
            self._pool = spawn_pool(1, self.memory_mb, self.max_tasks)
        future = self._pool.schedule(target, args=args, timeout=self.timeout_s)
        try:
            # A stopped pool leaves its running job's future unresolved: watch for the stop and
            # cancel the job (pebble kills its worker) rather than wait forever. Waiting is done
            # with wait(), never result(timeout): a job that timed out raises TimeoutError too.
            while not concurrent.futures.wait([future], timeout=0.2).done:
                if STOPPING.is_set():
                    future.cancel()
                    self.close()
                    raise self.error("stopped: the run was interrupted")
            return future.result()
        except self.error:
            raise
        except Exception as exc:
            failure = unwrap(exc)
            if failure is None:
                raise
            why = failure.describe(self.doing, self.timeout_s, self.memory_mb)
            raise self.error(why) from None

    def close(self, *, wait: bool = True) -> None:
        stop(self._pool, wait=wait)
        self._pool = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


W = TypeVar("W", bound=LazyWorker)
_shared: dict[type[LazyWorker], Any] = {}  # kind -> its one worker in this process


def shared(kind: type[W], settings: Any) -> W:
    """One worker of `kind` for the whole process, started on first use and stopped at exit
    (or by `close_shared`, as a check does once its reports are read; a later use starts it
    again): starting a worker costs a quarter of a second, so it is not done per report. New
    settings replace it."""
    found = _shared.get(kind)
    if found is None or found.settings != settings:
        if found is not None:
            found.close()
        found = _shared[kind] = kind(settings)  # type: ignore[call-arg]
        atexit.register(found.close)
    return found


def close_shared(*, wait: bool = True) -> None:
    """Stop every shared worker: on a Ctrl-C (the report being read ends now), and once a
    check has read its reports (wait=False: it exits while the crawl starts, rather than
    being stopped at the process's exit, 0.1 s after the reports are written)."""
    for worker in _shared.values():
        worker.close(wait=wait)
