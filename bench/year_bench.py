"""A year of scheduled checks: 365 consecutive `verifier check` runs of one audit report citing
20 documents (10-20 pages, page numbers in the footers) served by two local servers, one that
answers conditional requests with ETags and one without validators.

Scheduled events (at 20 %, 40 %, 60 % and 80 % of the days):
- a page inserted before the cited page (ETag server): drift "changed", one changed page
- a document removed (HTTP 404): drift "broke", then failing quietly
- the cited page edited (no-ETag server): drift "changed", the cited page
- a document replaced by an HTML error page with status 200: a soft 404

Prints the history database and evidence archive size over time, the bytes an unchanged run
adds, the total after the last day, the years until the database reaches 100 MB (GitHub's file
limit), the median time per run against the physical bound (the same GETs with a bare aiohttp
client, nothing parsed or recorded), and the drift timeline with a check that each scheduled
event appears exactly once.

Run: .venv/bin/python bench/year_bench.py [--days 365] [--docs 20]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import ClientSession, web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verifier.cli import main as verifier_main  # noqa: E402
from verifier.models import Verdict  # noqa: E402

ERROR_PAGE = b"<html><head><title>Page not found</title></head><body>Sorry, this page could \
not be found. It may have been moved or deleted.</body></html>"
HOSTS = ("etag.example", "plain.example")


@dataclass
class Doc:
    """One cited document: its pages, the cited page and what the server answers."""

    n: int
    pages: list[str]
    cited: int
    status: int = 200
    body: bytes = b""
    content_type: str = "application/pdf"

    @property
    def host(self) -> str:
        return HOSTS[self.n % 2]

    @property
    def url(self) -> str:
        return f"https://{self.host}/reports/doc-{self.n}.pdf"

    def render(self) -> None:
        from tests.support.pdfs import pdf  # here: the check's spawned workers re-import this file

        self.body = pdf(self.pages, footer_numbers=1, title=f"Document {self.n}")
        self.content_type = "application/pdf"


def page_text(doc: int, page: int, rng: random.Random) -> str:
    lines = [f"Document {doc}, section {page}: sustainability disclosures"]
    for k in range(12):
        lines.append(
            f"Indicator {doc}.{page}.{k}: {rng.randint(100, 99_999)} tonnes CO2e, "
            f"{rng.randint(1, 99)} percent of sites audited"
        )
    return "\n".join(lines)


def make_docs(count: int) -> list[Doc]:
    rng = random.Random(13)
    docs = []
    for n in range(count):
        pages = [page_text(n, p, rng) for p in range(1, rng.randint(10, 20) + 1)]
        doc = Doc(n, pages, cited=rng.randint(5, len(pages)))
        doc.render()
        docs.append(doc)
    return docs


def report_text(docs: list[Doc]) -> str:
    parts = ["FINDINGS\n", "1. ENVIRONMENT\n"]
    for d in docs:
        parts.append(
            f"1.{d.n + 1} Emissions Conformance The Entity's disclosure {d.n + 1}, "
            f"page {d.cited}:\n{d.url}\n"
        )
    return "\n".join(parts)


@dataclass
class Event:
    day: int
    doc: int
    name: str
    expect: tuple[str, ...]  # drift kind, then changed pages if any
    apply: Callable[[], None] = field(repr=False)


def schedule(docs: list[Doc], days: int) -> list[Event]:
    """The four scheduled events, spread over the run; documents chosen on each server."""
    at = [max(2 + i, round(days * f)) for i, f in enumerate((0.2, 0.4, 0.6, 0.8))]
    ins, gone, edit, soft = docs[2], docs[5], docs[8], docs[13]

    def insert() -> None:
        ins.pages.insert(2, "A new foreword added after publication\nabout the reporting scope")
        ins.cited += 1
        ins.render()

    def remove() -> None:
        gone.status = 404

    def edit_page() -> None:
        edit.pages[edit.cited - 1] += "\nCorrection: figures restated after the audit"
        edit.render()

    def error_page() -> None:
        soft.body, soft.content_type = ERROR_PAGE, "text/html"

    return [
        Event(at[0], ins.n, "page inserted", ("changed", "3"), insert),
        Event(at[1], gone.n, "document removed", ("broke",), remove),
        Event(at[2], edit.n, "cited page edited", ("changed", str(edit.cited)), edit_page),
        Event(at[3], soft.n, "error page (200)", ("broke",), error_page),
    ]


class Servers:
    """The two local servers, in their own thread and event loop (the check runs its own)."""

    def __init__(self, docs: list[Doc]) -> None:
        self.by_path = {f"/reports/doc-{d.n}.pdf": d for d in docs}
        self.ports: dict[str, int] = {}
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.runners: list[web.AppRunner] = []

    async def _handle(self, request: web.Request, etag: bool) -> web.StreamResponse:
        doc = self.by_path.get(request.path)
        if doc is None or doc.status != 200:
            return web.Response(status=404, text="not found")
        headers = {}
        if etag:
            tag = f'"{hash(doc.body) & 0xFFFFFFFF:x}"'
            headers["ETag"] = tag
            if request.headers.get("If-None-Match") == tag:
                return web.Response(status=304, headers=headers)
        return web.Response(body=doc.body, content_type=doc.content_type, headers=headers)

    async def _start(self) -> None:
        for host, etag in zip(HOSTS, (True, False), strict=True):
            app = web.Application()

            async def handler(request: web.Request, etag: bool = etag) -> web.StreamResponse:
                return await self._handle(request, etag)

            app.router.add_get("/{tail:.*}", handler)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            self.ports[host] = runner.addresses[0][1]
            self.runners.append(runner)

    def __enter__(self) -> Servers:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result()
        return self

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            for r in self.runners:
                await r.cleanup()

        asyncio.run_coroutine_threadsafe(stop(), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()

    def local(self, url: str) -> str:
        for host, port in self.ports.items():
            url = url.replace(f"https://{host}", f"http://127.0.0.1:{port}")
        return url


async def bare_fetch(urls: list[str]) -> None:
    """The physical bound of one run: every body fetched once, nothing parsed or kept."""
    async with ClientSession() as s:
        for url in urls:
            async with s.get(url) as r:
                await r.read()


def size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


@dataclass
class Year:
    days: int
    db_bytes: list[int]  # after each day
    archive_bytes: list[int]
    seconds: list[float]
    timeline: list[tuple[int, int, str, tuple[int, ...], str]]  # day, doc, kind, pages, verdict
    events: list[Event]
    bound_seconds: float
    exit_codes: list[int]
    compacted_bytes: int = 0

    def unexpected(self) -> list[str]:
        """What the drift timeline got wrong: each event once, and nothing else after day 1."""
        wrong = []
        seen = [(d, n, k, tuple(str(p) for p in pages)) for d, n, k, pages, _ in self.timeline]
        for e in self.events:
            hits = [s for s in seen if s[1] == e.doc and s[0] >= e.day]
            want = (e.day, e.doc, e.expect[0], e.expect[1:])
            if hits != [want]:
                wrong.append(f"{e.name} (day {e.day}, doc {e.doc}): expected {want}, got {hits}")
        event_docs = {e.doc for e in self.events}
        wrong += [f"unscheduled drift {s}" for s in seen if s[1] not in event_docs]
        return wrong

    def timing_groups(self) -> dict[str, list[float]]:
        """Run times by what the run had to read: nothing new, a new version, or (after the
        error page) an HTML body that is fetched and read again every day."""
        event_days = {e.day for e in self.events}
        soft_day = self.events[-1].day
        groups: dict[str, list[float]] = {"quiet": [], "event": [], "error page": []}
        for day, secs in enumerate(self.seconds[1:], start=2):
            key = "event" if day in event_days else "quiet" if day < soft_day else "error page"
            groups[key].append(secs)
        return groups

    def unchanged_run_bytes(self) -> float:
        event_days = {e.day for e in self.events}
        deltas = [
            self.db_bytes[i] - self.db_bytes[i - 1]
            for i in range(2, self.days)
            if i + 1 not in event_days
        ]
        return statistics.fmean(deltas) if deltas else 0.0


def simulate(days: int, ndocs: int, work: Path, progress: bool = False) -> Year:
    docs = make_docs(ndocs)
    events = schedule(docs, days)
    report = work / "report.txt"
    report.write_text(report_text(docs))
    cfg = work / "c.toml"
    cfg.write_text(
        "[crawl]\nper_host_delay_s = 0\nbackoff_base_s = 0.01\nbackoff_jitter_s = 0\n"
        "[archive_lookup]\nenabled = false\n"  # loopback only: never the real Wayback Machine
    )
    db, archive, out = work / "history.sqlite", work / "archive", work / "out"
    year = Year(days, [], [], [], [], events, 0.0, [])
    with Servers(docs) as servers:
        argv = ["check", str(report), "--db", str(db), "--archive", str(archive), "--out",
                str(out), "--allow-private", "--config", str(cfg), "--fail-after", "1"]  # fmt: skip
        for host in HOSTS:
            argv += ["--remap", f"^https://{host} {servers.local(f'https://{host}')}"]
        for day in range(1, days + 1):
            for e in events:
                if e.day == day:
                    e.apply()
            t = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):  # its one-line summary, every day
                year.exit_codes.append(verifier_main(argv))
            year.seconds.append(time.perf_counter() - t)
            year.db_bytes.append(size(db) + size(db.with_name(db.name + "-wal")))
            year.archive_bytes.append(size(archive))
            data = json.loads((out / "report.json").read_text())
            by_url = {d.url: d.n for d in docs}
            for d in data["documents"]:
                kind = (d.get("drift") or {}).get("kind", "none")
                if day > 1 and kind != "unchanged":
                    pages = tuple(d["drift"].get("changed_pages") or ())
                    year.timeline.append((day, by_url[d["url"]], kind, pages, d["verdict"]))
            if progress and (day % 30 == 0 or day == days):
                print(f"  day {day:3}: history {year.db_bytes[-1] / 1e6:6.2f} MB, archive "
                      f"{year.archive_bytes[-1] / 1e6:6.2f} MB, run {year.seconds[-1]:.2f} s",
                      flush=True)  # fmt: skip
        urls = [servers.local(d.url) for d in docs]
        bounds = []
        for _ in range(5):
            t = time.perf_counter()
            asyncio.run(bare_fetch(urls))
            bounds.append(time.perf_counter() - t)
        year.bound_seconds = statistics.median(bounds)
    compacted = work / "compacted.sqlite"
    with contextlib.redirect_stdout(io.StringIO()):
        verifier_main(["compact", "--db", str(db), "--out", str(compacted)])
    year.compacted_bytes = size(compacted)
    return year


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--docs", type=int, default=20)
    args = ap.parse_args()
    if args.days < 6 or args.docs < 14:
        raise SystemExit("year_bench: need --days >= 6 and --docs >= 14 for the four events")
    with tempfile.TemporaryDirectory() as tmp:
        docs = make_docs(args.docs)
        pages = sum(len(d.pages) for d in docs)
        print(f"{args.days} daily runs, {args.docs} documents ({pages} pages, "
              f"{sum(len(d.body) for d in docs) / 1e6:.2f} MB of PDF)", flush=True)  # fmt: skip
        t0 = time.perf_counter()
        y = simulate(args.days, args.docs, Path(tmp), progress=True)
        wall = time.perf_counter() - t0
    per_run = y.unchanged_run_bytes()
    db_end, ar_end = y.db_bytes[-1], y.archive_bytes[-1]
    print(f"unchanged run adds {per_run:,.0f} B to the history "
          f"({per_run / args.docs:,.0f} B per document), 0 B to the archive")  # fmt: skip
    print(f"after {args.days} days: history {db_end / 1e6:.2f} MB (day 1: "
          f"{y.db_bytes[0] / 1e6:.2f} MB), archive {ar_end / 1e6:.2f} MB (day 1: "
          f"{y.archive_bytes[0] / 1e6:.2f} MB: only new versions add bytes)")  # fmt: skip
    print(f"verifier compact of the last day's history: {y.compacted_bytes / 1e6:.2f} MB")
    yearly = (db_end - y.db_bytes[0]) / max(1, args.days - 1) * 365
    years = (100e6 - y.db_bytes[0]) / yearly if yearly > 0 else float("inf")
    print(f"history grows {yearly / 1e6:.2f} MB a year at this rate: 100 MB after {years:.0f} "
          f"years ({years * args.docs:,.0f} document-years)")  # fmt: skip
    med = statistics.median(y.seconds[1:])
    print(f"time per run: median {med:.2f} s over days 2-{args.days} (day 1: "
          f"{y.seconds[0]:.2f} s); bound (bare GETs of the {args.docs} bodies): "
          f"{y.bound_seconds * 1000:.0f} ms; {wall:.0f} s in all")  # fmt: skip
    for name, secs in y.timing_groups().items():
        if secs:
            print(f"  {name:>10} runs: median {statistics.median(secs):.2f} s, "
                  f"max {max(secs):.2f} s ({len(secs)} runs)")  # fmt: skip
    print("drift timeline (day 1: every document new):")
    for day, doc, kind, pages, verdict in y.timeline:
        shown = f" pages {list(pages)}" if pages else ""
        print(f"  day {day:3}: doc-{doc} {kind}{shown} ({verdict})")
    wrong = y.unexpected()
    soft = [v for _, n, _, _, v in y.timeline if n == y.events[-1].doc]
    if soft and soft[0] != Verdict.SOFT_404:
        wrong.append(f"error page verdict {soft[0]}, expected {Verdict.SOFT_404}")
    print("each scheduled event exactly once: " + ("yes" if not wrong else "NO"))
    for w in wrong:
        print(f"  {w}")


if __name__ == "__main__":
    main()
