"""Crawl benchmark: verifier against the ideal time and against lychee, on the same local site.

A server in its own process listens on several loopback addresses (one "host" each) and answers
every GET after a fixed delay with a small PDF. Both crawlers get the same URL list and the same
per-host limit, each runs as a child process measured the same way (wall time, and peak RSS from
os.wait4). The ideal time is what the per-host limit and the delay allow: hosts in parallel, each
doing ceil(urls_per_host / limit) rounds of `delay`.

The defaults are issue 14's comparison: 2,000 URLs on 8 hosts, 8 at a time per host, 100 ms per
response (ideal 3.2 s). CPU seconds are printed beside wall times: on a shared machine they move
less than wall time does.

Run: .venv/bin/python bench/crawl_bench.py [--urls 2000] [--hosts 8] [--per-host 8] [--delay 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def one_page_pdf(text: str) -> bytes:
    """A small valid PDF, one page with one line of text, padded to about 2.5 KB (so `verifier
    check` reads it ok; reportlab, as the scale bench renders its PDFs)."""
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=1)
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return out.getvalue() + b"% benchmark document\n" * 90


def serve(hosts: list[str], port: int, delay: float, ready: Any) -> None:
    from aiohttp import web

    body = one_page_pdf("Benchmark document: sustainability report 2024")  # in the server only

    async def handler(request):
        await asyncio.sleep(delay)
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304, headers={"ETag": '"v1"'})
        return web.Response(body=body, content_type="application/pdf", headers={"ETag": '"v1"'})

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/{tail:.*}", handler)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        for h in hosts:
            await web.TCPSite(runner, h, port, backlog=1024).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def child_crawl(url_file: str, per_host: int) -> None:
    """Run inside a child process: crawl the URLs and print the verdict counts as JSON."""
    from collections import Counter

    from verifier.crawl import crawl
    from verifier.gc_pause import freeze_for_exit
    from verifier.settings import CrawlSettings

    urls = Path(url_file).read_text().split()
    settings = replace(CrawlSettings(), per_host_concurrency=per_host, per_host_delay_s=0,
                       max_concurrency=64, allow_private=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as spool:
        results = asyncio.run(crawl(urls, settings, spool_dir=spool))
    print(json.dumps(Counter(r.verdict for r in results.values())))
    sys.stdout.flush()
    freeze_for_exit()  # as the verifier command does: its exit does not walk the heap (0.2 s)


def child_conditional(url_file: str, per_host: int) -> None:
    """Two runs over an unchanged site, the second with the first's validators (as the history
    store gives them): print the body bytes each run downloaded."""
    from verifier.crawl import Validator, crawl
    from verifier.settings import CrawlSettings

    urls = Path(url_file).read_text().split()
    settings = replace(CrawlSettings(), per_host_concurrency=per_host, per_host_delay_s=0,
                       max_concurrency=64, allow_private=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as spool:
        first = asyncio.run(crawl(urls, settings, spool_dir=spool))
        validators = {u: Validator(r.etag, r.last_modified, r.sha256 or "", r.bytes,
                                   r.detected_type, r.content_type)
                      for u, r in first.items() if r.verdict == "ok"}  # fmt: skip
        second = asyncio.run(crawl(urls, settings, spool_dir=spool, validators=validators))

    def got(results: dict) -> int:  # body bytes actually downloaded (a 304 has none)
        return sum(r.bytes or 0 for r in results.values() if not r.not_modified)

    print(json.dumps({"first": got(first), "second": got(second),
                      "not_modified": sum(r.not_modified for r in second.values())}))  # fmt: skip


def measure(cmd: list[str]) -> tuple[float, int, str, int, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stdout:
        proc.stdout.close()
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, usage.ru_maxrss // 1024, out, proc.returncode, cpu


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--urls", type=int, default=2000)
    p.add_argument("--hosts", type=int, default=8)
    p.add_argument("--per-host", type=int, default=8)
    p.add_argument("--delay", type=float, default=0.1)
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--child-conditional", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.child:
        child_crawl(a.child, a.per_host)
        return
    if a.child_conditional:
        child_conditional(a.child_conditional, a.per_host)
        return
    hosts = [f"127.0.0.{i + 2}" for i in range(a.hosts)]
    port = 18000 + os.getpid() % 1000
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(hosts, port, a.delay, ready), daemon=True)
    server.start()
    ready.wait(10)
    urls = [f"http://{hosts[i % a.hosts]}:{port}/doc/{i}.pdf" for i in range(a.urls)]
    per_host_urls = math.ceil(a.urls / a.hosts)
    ideal = math.ceil(per_host_urls / a.per_host) * a.delay
    print(f"{a.urls} URLs on {a.hosts} hosts, {a.per_host} per host at a time, "
          f"{a.delay * 1000:.0f} ms per response: ideal time {ideal:.2f} s")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        url_file = Path(tmp) / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n")
        wall, rss, out, _, cpu = measure([sys.executable, __file__, "--child", str(url_file),
                                        "--per-host", str(a.per_host)])  # fmt: skip
        print(f"verifier: {wall:.2f} s ({a.urls / wall:.0f} URLs/s, {wall / ideal:.2f}x ideal), "
              f"{cpu:.2f} s CPU, peak RSS {rss} MiB, verdicts {out.strip()}")  # fmt: skip
        lychee = shutil.which("lychee", path=str(Path(sys.executable).parent)) or shutil.which(
            "lychee"
        )
        if not lychee:
            print("lychee: not installed (pip install -e '.[bench]')")
        else:
            wall_l, rss_l, out_l, code_l, cpu_l = measure([
                lychee, "--no-progress", "--max-concurrency", "64", "--host-concurrency",
                str(a.per_host), "--host-request-interval", "0ms", "--max-retries", "0",
                "--timeout", "20", "--format", "json", str(url_file)])  # fmt: skip
            try:
                stats = json.loads(out_l)
                ok = stats.get("successful")
                total = stats.get("total")
            except json.JSONDecodeError:
                ok = total = "?"
            print(f"lychee {lychee_version(lychee)}: {wall_l:.2f} s ({a.urls / wall_l:.0f} URLs/s, "
                  f"{wall_l / ideal:.2f}x ideal), {cpu_l:.2f} s CPU, peak RSS {rss_l} MiB, "
                  f"{ok}/{total} ok, "
                  f"exit {code_l}")  # fmt: skip
            print(f"verifier / lychee wall time: {wall / wall_l:.2f}")
        check_figures(Path(tmp), urls, a.per_host, ideal)
        _, _, out_c, _, _ = measure([sys.executable, __file__, "--child-conditional", str(url_file),
                                  "--per-host", str(a.per_host)])  # fmt: skip
        c = json.loads(out_c)
        print(f"second run over the unchanged site with conditional requests: {c['not_modified']} "
              f"of {a.urls} answered 304; body bytes downloaded {c['second']} vs {c['first']} "
              f"on the first run ({100 * c['second'] / max(c['first'], 1):.2f}%)")  # fmt: skip
    server.terminate()
    server.join()


def check_figures(tmp: Path, urls: list[str], per_host: int, ideal: float) -> None:
    """The whole job: `verifier check` over one report citing every URL (each document read,
    checked, recorded in a fresh history, and every report format written), with the time from
    the last `fetched` log line to the exit, the work after the crawl."""
    report = tmp / "report.txt"
    report.write_text("".join(f"1.{i % 9 + 1} Policy Conformance Disclosed in: {u}\n"
                              for i, u in enumerate(urls)))  # fmt: skip
    cfg = tmp / "bench.toml"
    cfg.write_text(f"[crawl]\nallow_loopback = true\nmax_concurrency = 64\n"
                   f"per_host_concurrency = {per_host}\nper_host_delay_s = 0\n"
                   "[archive_lookup]\nenabled = false\n")  # fmt: skip
    (tmp / "none").mkdir(exist_ok=True)
    log = tmp / "check.log"
    script = str(Path(sys.executable).parent / "verifier")
    cmd = [script, "check", str(report), "--config", str(cfg), "--allow-private",
           "--db", str(tmp / "h.sqlite"), "--archive", str(tmp / "archive"),
           "--out", str(tmp / "out"), "--expectations", str(tmp / "none"),
           "--log-format", "json", "--log-level", "INFO"]  # fmt: skip
    began = time.time()
    with open(log, "w") as fh:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=fh)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    ended = time.time()
    events = [json.loads(ln) for ln in log.read_text().splitlines() if ln.startswith("{")]
    at = {e["event"]: datetime.fromisoformat(e["timestamp"]).timestamp() for e in events}
    fetched = [e for e in events if e["event"] == "fetched"]
    first = datetime.fromisoformat(fetched[0]["timestamp"]).timestamp() if fetched else began
    last = at.get("fetched", ended)  # the last one
    crawl_s, after = last - first, ended - last
    settled = ended - at.get("settled", ended)
    phases = ""
    if {"settled", "assembled", "reported"} <= at.keys():
        phases = (
            f": assembling {at['assembled'] - at['settled']:.2f} s, reports "
            f"{at['reported'] - at['assembled']:.2f} s, exit {ended - at['reported']:.2f} s"
        )
    print(f"verifier check (the whole job, {len(urls)} citations): {wall:.2f} s "
          f"({wall / ideal:.2f}x ideal), {usage.ru_utime + usage.ru_stime:.2f} s CPU; "
          f"start to first request {first - began:.2f} s, crawl {crawl_s:.2f} s "
          f"({crawl_s / ideal:.2f}x ideal), work after the crawl {after:.2f} s "
          f"({100 * after / max(crawl_s, 1e-9):.0f}% of the crawl; reports and history after "
          f"the last document settled {settled:.2f} s, {100 * settled / max(crawl_s, 1e-9):.0f}%"
          f"{phases})"
          f", exit {proc.returncode}")  # fmt: skip


def lychee_version(path: str) -> str:
    return subprocess.run(
        [path, "--version"], capture_output=True, text=True, check=False
    ).stdout.split()[-1]


if __name__ == "__main__":
    main()
