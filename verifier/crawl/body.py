"""Reading a body without holding it: stream, hash, spool to disk, stop at the cap, and give up on
a transfer that has stalled rather than one that is merely slow.

The cap counts *decoded* bytes (aiohttp undoes gzip/deflate/br as it streams), because
Content-Length is the compressed size: a 200 KB gzip bomb that expands to 200 MiB stops at the
cap, as `too_large`, instead of filling memory. Up to MEMORY_BYTES are gathered before each write,
and writes run in a worker thread, except a whole body of up to INLINE_BYTES that finds a file
made ahead (`SpoolFiles`): it is written at once on the event loop (~20 us of page-cache copy),
because handing it to a thread waits for the GIL while the loop is busy (3 ms median on the crawl
bench, the host's slot held meanwhile). Files are made ahead because creating one costs 0.25-0.7
ms of kernel time on the disks measured here (10 us on tmpfs).

Slow is not dead: a 50 MB report from a steady 200 KB/s server takes four minutes and is fine,
while a server trickling 1 byte a second will never finish. So the guard is a minimum transfer
rate over a sliding window (curl's --speed-limit/--speed-time), not a whole-document time: a body
that brings fewer than `min_rate * window` bytes in any `window` seconds is `Stalled`, at the end
of that window, however long the document would have taken.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import os
import threading
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass

from verifier.logs import get_logger

log = get_logger("verifier.crawl")
_names = itertools.count()
HEAD_BYTES = 64 * 1024
MEMORY_BYTES = 512 * 1024
INLINE_BYTES = 64 * 1024  # a whole body this small is written on the event loop
CLOSE_WAIT_S = 10.0  # longest wait for the spool filler's last file when a crawl ends
SAMPLES_PER_WINDOW = 16  # rate bookkeeping resolution: lenient by at most window/16


class TooLarge(Exception):
    def __init__(self, size: int, cap: int) -> None:
        super().__init__(f"body larger than the {cap}-byte limit (stopped at {size} bytes)")
        self.size = size


class Stalled(Exception):
    """The body stopped flowing (below the minimum rate for a window, or silent): not retried."""

    def __init__(self, what: str, size: int) -> None:
        super().__init__(f"stalled: {what} after {size:,} bytes")
        self.size = size


@dataclass(frozen=True, slots=True)
class Body:
    path: str
    sha256: str
    size: int
    head: bytes  # the first bytes, for sniffing the real type


def format_rate(bytes_per_s: float) -> str:
    """1024 → '1 KB/s', 1536 → '1.5 KB/s', 500 → '500 B/s' (binary units, as curl prints)."""
    for unit, scale in (("MB/s", 1024 * 1024), ("KB/s", 1024)):
        if bytes_per_s >= scale:
            return f"{bytes_per_s / scale:.3g} {unit}"
    return f"{bytes_per_s:.3g} B/s"


def _seconds(s: float) -> str:
    return f"{s:.0f} s" if s >= 10 else f"{s:.1f} s"


@dataclass(frozen=True, slots=True)
class MinRate:
    """Fewer than `bytes_per_s * window_s` bytes in any `window_s` seconds is a stall."""

    bytes_per_s: float
    window_s: float

    @property
    def active(self) -> bool:
        return self.bytes_per_s > 0 and self.window_s > 0


class _RateWindow:
    """Bytes received over the trailing window, from coarse (time, total) samples.

    At most SAMPLES_PER_WINDOW + 1 samples are kept whatever the speed, so a 100 MB/s body costs
    no more than a slow one. Counting from the latest sample at or before the window's start
    can only over-count the window, so rounding errs towards 'still flowing', never a false stall.
    """

    def __init__(self, rate: MinRate, start: float) -> None:
        self.need = rate.bytes_per_s * rate.window_s
        self.window = rate.window_s
        self.step = rate.window_s / SAMPLES_PER_WINDOW
        self.start = start
        self.last = start
        self.size = 0
        self.samples: deque[tuple[float, int]] = deque([(start, 0)])

    def add(self, now: float, size: int) -> None:
        self.size, self.last = size, now
        if now - self.samples[-1][0] >= self.step:
            self.samples.append((now, size))
        while len(self.samples) > 1 and self.samples[1][0] <= now - self.window:
            self.samples.popleft()

    def deadline(self) -> float:
        """The moment the window falls below the minimum if nothing more arrives."""
        at = self.last + self.window  # a whole window of silence, whatever came before
        for t, total in self.samples:
            if self.size - total < self.need:
                at = t + self.window
                break
        return max(at, self.start + self.window)


class SpoolFiles:
    """Empty spool files, made ahead by a worker thread so that a body's file already exists when
    its bytes arrive. `ahead` 0 makes each file when it is needed. `close` removes the files made
    and never used (the caller's spool directory keeps only bodies)."""

    def __init__(self, directory: str, ahead: int = 0) -> None:
        self.directory = directory
        self.ahead = max(0, ahead)
        self._ready: deque[str] = deque()
        self._cond = threading.Condition()
        self._filler: threading.Thread | None = None
        self._closed = False

    def _make(self) -> str:
        # The spool directory is private to the run: a counter makes names unique, O_EXCL
        # makes sure (mkstemp's random names cost more here, measured).
        path = os.path.join(self.directory, f"body-{os.getpid()}-{next(_names)}")
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return path

    def take(self, *, made_only: bool = False) -> str | None:
        """A new empty file: one made ahead if ready, else one made now (by the calling thread:
        call it from a worker thread then), or None with `made_only`."""
        with self._cond:
            path = self._ready.popleft() if self._ready else None
            if self.ahead and not self._closed:
                if self._filler is None:  # one thread for the pool's life, started on first use
                    self._filler = threading.Thread(
                        target=self._fill, name="verifier-spool", daemon=True
                    )
                    self._filler.start()
                self._cond.notify()
        return path or (None if made_only else self._make())

    def _fill(self) -> None:
        while True:
            with self._cond:
                while not self._closed and len(self._ready) >= self.ahead:
                    self._cond.wait()
                if self._closed:
                    return
            try:
                path = self._make()
            except OSError as exc:
                # A full or vanished directory: each body makes its own file and fails with the
                # reason if it cannot; no more are made ahead in this crawl.
                with self._cond:
                    self.ahead = 0
                log.warning("spool files no longer made ahead", directory=self.directory,
                            error=f"{type(exc).__name__}: {exc}")  # fmt: skip
                return
            with self._cond:
                if self._closed:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(path)
                    return
                self._ready.append(path)

    def close(self) -> None:
        """Stop making files and remove those made ahead and never used. Blocking (it waits for
        the filler's last file): the crawl calls it from a worker thread."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            filler, left = self._filler, list(self._ready)
            self._ready.clear()
        if filler is not None:
            # At most one file's creation away; on a hung file system the crawl still ends
            # (a file made after this is removed by the filler itself, the pool being closed).
            filler.join(timeout=CLOSE_WAIT_S)
        for path in left:
            with contextlib.suppress(OSError):
                os.unlink(path)


class _Spool:
    """One body's spool file, taken on first write. Its I/O happens in worker threads, except
    the one write of a small whole body (`write_last`).

    A write in a thread cannot be cancelled: when the read is abandoned mid-write (a stall, the
    document cap), `discard` waits for that write under the lock instead of closing the descriptor
    under it, where a reused descriptor number could send the bytes into another file.
    """

    def __init__(self, files: SpoolFiles) -> None:
        self.files = files
        self.fd: int | None = None
        self.path: str | None = None
        self._lock = threading.Lock()
        self._discarded = False

    def _write(self, data: bytes, path: str | None = None) -> None:
        with self._lock:
            if self._discarded:
                return
            if self.fd is None:
                self.path = path or self.files.take()
                # Reopened by name (made empty, by us, O_EXCL): never through a link put there.
                self.fd = os.open(self.path, os.O_WRONLY | os.O_NOFOLLOW)
            view = memoryview(data)
            while view:
                view = view[os.write(self.fd, view) :]

    async def write(self, data: bytes) -> None:
        await asyncio.to_thread(self._write, data)

    async def write_last(self, data: bytes) -> None:
        """The body's last bytes: a small whole body goes into a file made ahead at once, on the
        event loop (~20 us), for handing it to a thread waits for the GIL while the loop is
        busy (3 ms median on the crawl bench, the host's slot held meanwhile)."""
        if self.fd is None and len(data) <= INLINE_BYTES:
            path = self.files.take(made_only=True)
            if path is not None:
                self._write(data, path)
                return
        await self.write(data)

    def _close_fd(self) -> None:
        # Forgotten first: a failing close is never retried (by discard) on a descriptor
        # number another file may have by then.
        fd, self.fd = self.fd, None
        if fd is not None:
            os.close(fd)

    def close(self) -> str:
        self._close_fd()
        if self.path is None:
            raise RuntimeError("closing a spool that was never written")
        return self.path

    def discard(self) -> None:
        with self._lock:
            self._discarded = True
            self._close_fd()
            if self.path is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path)


async def read_body(
    chunks: AsyncIterator[bytes], cap: int, files: SpoolFiles, min_rate: MinRate | None = None
) -> Body:
    """Stream `chunks` to a spool file; TooLarge past `cap`, Stalled below `min_rate`.

    A TimeoutError from `chunks` itself (the transport's longest silence) is a stall too: no data
    at all is the slowest rate there is.
    """
    loop = asyncio.get_running_loop()
    rate = _RateWindow(min_rate, loop.time()) if min_rate and min_rate.active else None
    digest = hashlib.sha256()
    size = 0
    head = bytearray()
    pending = bytearray()
    spool = _Spool(files)
    last = loop.time()
    try:
        try:
            async with asyncio.timeout(rate.deadline() if rate else None) as clock:
                async for chunk in chunks:
                    now = last = loop.time()
                    size += len(chunk)
                    if size > cap:
                        raise TooLarge(size, cap)
                    if rate:
                        rate.add(now, size)
                        if now >= rate.deadline():
                            raise Stalled(_below(min_rate), size)
                    digest.update(chunk)
                    if len(head) < HEAD_BYTES:
                        head += chunk[: HEAD_BYTES - len(head)]
                    pending += chunk
                    if len(pending) >= MEMORY_BYTES:
                        clock.reschedule(None)  # disk time is ours, not the server's
                        await spool.write(bytes(pending))
                        pending.clear()
                    if rate:
                        clock.reschedule(rate.deadline())
        except TimeoutError:
            if rate and clock.expired():
                raise Stalled(_below(min_rate), size) from None
            raise Stalled(f"no data for {_seconds(loop.time() - last)}", size) from None
        await spool.write_last(bytes(pending))  # a file even for an empty body
        path = spool.close()
    except BaseException:
        spool.discard()
        raise
    return Body(path, digest.hexdigest(), size, bytes(head))


def _below(rate: MinRate | None) -> str:
    assert rate is not None
    return f"under {format_rate(rate.bytes_per_s)} for {rate.window_s:g} s"
