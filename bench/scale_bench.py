"""Scale: one `verifier check` over 100 audit reports citing ~2,000 PDFs on ~100 hosts.

The certification body checks every published audit report at once: a few hundred reports,
~100 citations each, mostly PDFs of 20-200 pages on many entities' servers. This bench builds a
local replica of that shape and runs ONE `verifier check` subprocess over it with the default
politeness (only loopback allowed through a config), then runs it again over the unchanged site.

- Site: a server process listening on 127.0.1.1 … 127.0.1.N (Linux routes all of 127/8 to lo),
  one "entity" per address, each serving ~20 distinct PDFs of 10-20 pages of generated report
  text, after a fixed latency, with an ETag (a second run can get 304s).
- PDFs are generated once with reportlab into bench/out/scale-*/ (a cache reused across runs).
- Reports: text reports in the layout of a real ASI audit report (criterion rows, "Entity -
  ESG Report, page 11: https://…pdf"), each citing ~40 documents shared across reports.

Printed: wall time, peak RSS (the check process, and its whole process tree sampled from /proc),
time after the crawl (from the last `fetched` log line), the bound (the larger of the crawl
bound and the parse bound, `pdftotext` over every distinct PDF divided by the cores, measured
in the same run), and the goals met or not.

With --corpus DIR ..., the PDFs are real ones instead (third-party files, read where they lie and
never committed: ../shared/corpus/real, PDF projects' test corpora fetched by hand): every
distinct PDF of --min-pages or more, served as distinct copies until --pages pages are reached.

Run: .venv/bin/python bench/scale_bench.py [--small] [--profile] [--corpus DIR ...]
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import email.utils
import hashlib
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GENERATOR_VERSION = 2  # bump when the generated documents change shape

WORDS = (  # noqa: SIM905 (a paragraph reads better than a list of 100 strings)
    "aluminium bauxite alumina smelter casthouse remelting refining scrap alloy billet extrusion "
    "emissions greenhouse gas scope energy electricity renewable hydropower coal efficiency "
    "water discharge effluent pollutant waste residue tailings biodiversity rehabilitation land "
    "community stakeholder grievance complaint mechanism human rights labour worker safety health "
    "incident training contractor supplier procurement due diligence policy management system "
    "certification audit assessment risk impact mitigation monitoring target indicator baseline "
    "disclosure governance board committee anti-corruption bribery compliance regulation permit "
    "closure plan material stewardship circularity recycling recycled content product lifecycle "
    "transport logistics customer revenue investment capital expenditure operating facility plant "
    "site region province county employees women diversity inclusion wage benefit union dialogue"
).split()
TOPICS = (
    "Environmental Protection", "Occupational Health and Safety", "Responsible Sourcing",
    "Greenhouse Gas Emissions", "Water Stewardship", "Waste and Materials", "Human Rights",
    "Community Engagement", "Corporate Governance", "Biodiversity", "Energy Management",
)  # fmt: skip
PLACES = ("Shandong", "Yunnan", "Guangxi", "Inner Mongolia", "Henan", "Qinghai", "Gansu")
TRADES = ("Innovation", "Lightweight", "Precision", "New Materials", "Alloy", "Metal")
KINDS = ("ESG Report", "Sustainability Report", "Environmental Impact Assessment",
         "Social Responsibility Report", "Human Rights Impact Assessment", "Policy")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Doc:
    host: int  # 1-based: 127.0.1.<host>
    n: int
    pages: int
    entity: str
    kind: str

    @property
    def path(self) -> str:
        return f"h{self.host:03d}/d{self.n:02d}.pdf"

    @property
    def name(self) -> str:  # the file name in the cited URL, like the hashes real sites use
        return hashlib.sha1(self.path.encode()).hexdigest()

    def url(self) -> str:
        """The cited URL: the entity's own domain (remapped to 127.0.1.<host> for the run)."""
        site = f"https://www.entity{self.host}.example"
        return f"{site}/d/file/p/2024/03-{self.n + 1:02d}/{self.name}.pdf"


def plan(hosts: int, per_host: int) -> list[Doc]:
    rng = random.Random(20251)
    docs = []
    for h in range(1, hosts + 1):
        entity = f"{rng.choice(PLACES)} {rng.choice(TRADES)} Co. {h}"
        for n in range(per_host):
            docs.append(Doc(h, n, rng.randint(10, 20), entity, KINDS[n % len(KINDS)]))
    return docs


def render(doc: Doc, dest: Path) -> int:
    """One PDF of realistic report text; returns its size. Text is seeded by the document, so
    every document differs and a regeneration gives the same text."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rng = random.Random(f"{doc.host}/{doc.n}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".tmp")
    # Flate only, as office and layout software write: reportlab's default adds an ASCII85 layer
    # that costs a parser ~5% more than real reports do.
    rl_config.useA85 = 0
    c = canvas.Canvas(str(tmp), pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(f"{doc.entity} {doc.kind} 2024")
    for page in range(1, doc.pages + 1):
        c.setFont("Helvetica-Bold", 13)
        topic = rng.choice(TOPICS)
        c.drawString(60, 790, f"{doc.entity} - {doc.kind} 2024 - {page}. {topic}")
        text = c.beginText(60, 760)
        text.setFont("Helvetica", 9.5)
        for _ in range(58):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 12))]
            if rng.random() < 0.15:
                words.insert(rng.randint(0, len(words)), f"{rng.randint(2, 98_000):,}")
            line = " ".join(words)
            text.textLine(line[0].upper() + line[1:] + ".")
        c.drawText(text)
        c.setFont("Helvetica", 8)
        c.drawString(290, 30, f"Page {page}")
        c.showPage()
    c.save()
    tmp.replace(dest)
    return dest.stat().st_size


def _pdfinfo_pages(path: Path) -> int | None:
    """Pages of a third-party PDF by poppler's pdfinfo (a process, time-limited: the bench never
    parses a stranger's file in its own process), None if pdfinfo cannot read it."""
    try:
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=20,
                             check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    for line in out.stdout.splitlines():
        if out.returncode == 0 and line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def _pdftotext_digest(path: Path) -> str | None:
    """SHA-256 of poppler's text of a PDF (a time-limited process), None if it cannot read it."""
    try:
        out = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True,
                             timeout=60, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    return hashlib.sha256(out.stdout).hexdigest() if out.returncode == 0 else None


CORPUS_VERSION = 1  # bump when the copies change shape (the mark, the layout)


def _copy_mark(copy: int) -> bytes:
    """A comment line after a PDF's end that makes a copy's bytes distinct."""
    return b"\n%%verifier scale bench copy %d\n" % copy


def corpus_plan(
    dirs: list[Path],
    hosts: int,
    min_pages: int,
    target_pages: int,
    out: Path = ROOT / "bench" / "out",
) -> tuple[list[Doc], Path]:
    """Real PDFs instead of generated ones: every distinct PDF under `dirs` with at least
    `min_pages` pages (by pdfinfo), served as often as it takes to reach `target_pages` pages.
    Each copy is made distinct by a comment line after the file's end, which PDF readers ignore
    (page count and pdftotext's text checked equal; a file that reads differently is skipped),
    so verifier and pdftotext both parse every copy: the parse cost is the real file's. One
    bias, stated with the figures: a copy's page texts are the original's, so the history
    compresses and stores each page text once."""
    for tool in ("pdfinfo", "pdftotext"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found (Debian: apt-get install poppler-utils)")
    seen: set[str] = set()
    picked: list[tuple[Path, int]] = []
    digests: list[str] = []  # of the picked files' bytes: the copies' cache key
    dropped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="scale-corpus-") as tmp:
        probe = Path(tmp) / "probe.pdf"
        for path in sorted(p for d in dirs for p in d.rglob("*") if p.suffix.lower() == ".pdf"):
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            pages = _pdfinfo_pages(path)
            if pages is None or pages < min_pages:
                continue
            probe.write_bytes(data + _copy_mark(0))
            text = _pdftotext_digest(path)
            if text and _pdfinfo_pages(probe) == pages and _pdftotext_digest(probe) == text:
                picked.append((path, pages))
                digests.append(digest)
            elif text:  # e.g. a damaged linearized file: its declared length no longer matches
                dropped.append(path.name)
    if dropped:
        print(f"corpus: skipped, reading differently once copied: {', '.join(dropped)}")
    if not picked:
        raise SystemExit(f"no PDF of {min_pages} pages or more under {', '.join(map(str, dirs))}")
    total = sum(pages for _, pages in picked)
    copies = max(1, -(-target_pages // total))
    key = hashlib.sha256(repr((digests, copies, hosts, CORPUS_VERSION)).encode()).hexdigest()
    root = out / f"scale-corpus-{key[:12]}"
    docs = []
    for j, (copy, (path, pages)) in enumerate((c, item) for c in range(copies) for item in picked):
        host = j % hosts + 1
        doc = Doc(host, j // hosts, pages, f"Entity {host}", KINDS[j % len(KINDS)])
        docs.append(doc)
        dest = root / doc.path
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_suffix(".tmp")
            tmp.write_bytes(path.read_bytes() + _copy_mark(copy))
            if _pdfinfo_pages(tmp) != pages:
                tmp.unlink()
                raise SystemExit(f"{path}: a copy with a comment after its end reads differently")
            tmp.replace(dest)
    print(
        f"corpus: {len(picked)} distinct PDFs of {min_pages}+ pages ({total} pages) under "
        f"{', '.join(map(str, dirs))}, {copies} copies each: {len(docs)} documents, "
        f"{total * copies} pages; largest: "
        + ", ".join(f"{p.name} ({n} pp)" for p, n in sorted(picked, key=lambda x: -x[1])[:3])
    )
    return docs, root


def _render_many(args: tuple[list[Doc], str]) -> int:
    docs, root = args
    return sum(render(d, Path(root) / d.path) for d in docs)


def generate(docs: list[Doc], root: Path) -> None:
    """Render every missing PDF, in parallel; a stamp file marks a complete cache."""
    stamp = root / f"complete-v{GENERATOR_VERSION}.json"
    if stamp.exists():
        return
    missing = [d for d in docs if not (root / d.path).exists()]
    start = time.perf_counter()
    cores = os.cpu_count() or 1
    chunks = [(missing[i :: cores * 8], str(root)) for i in range(cores * 8)]
    with concurrent.futures.ProcessPoolExecutor(cores) as pool:
        size = sum(pool.map(_render_many, chunks))
    pages = sum(d.pages for d in docs)
    print(f"generated {len(missing)} PDFs ({size / 2**20:.0f} MiB) in "
          f"{time.perf_counter() - start:.0f} s into {root}")  # fmt: skip
    stamp.write_text(json.dumps({"documents": len(docs), "pages": pages}))


def serve(root: str, docs: list[Doc], port: int, latency: float, ready: Any) -> None:
    """The entities' sites: 127.0.1.<host>:port/…/<name>.pdf after `latency` seconds, with an
    ETag and Last-Modified so an unchanged second run is answered 304."""
    from aiohttp import web

    files = {d.name: Path(root) / d.path for d in docs}

    async def handler(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(latency)
        path = files.get(request.match_info["name"])
        if path is None:
            return web.Response(status=404, text="not found")
        st = path.stat()
        etag = f'"{st.st_size:x}-{st.st_mtime_ns:x}"'
        modified = email.utils.formatdate(st.st_mtime, usegmt=True)
        headers = {"ETag": etag, "Last-Modified": modified}
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers=headers)
        return web.Response(body=path.read_bytes(), content_type="application/pdf",
                            headers=headers)  # fmt: skip

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/d/file/p/2024/{md}/{name}.pdf", handler)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        for h in sorted({d.host for d in docs}):
            await web.TCPSite(runner, f"127.0.1.{h}", port, backlog=1024).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


CRITERIA = (
    ("1.1", "Legal Compliance"), ("1.2", "Anti-Corruption"), ("1.3a-e", "Code of Conduct"),
    ("2.1", "Management Systems"), ("2.4a-e", "Responsible Sourcing"),
    ("2.5a-g", "Environmental and Social Impact Assessments"), ("2.6a-h", "Human Rights Impact"),
    ("3.1", "Sustainability Reporting"), ("3.3", "Complaints Mechanism"),
    ("5.1", "GHG Emissions Reporting"), ("6.1", "Emissions to Air"), ("6.4", "Waste Management"),
    ("7.1", "Water Assessment"), ("8.2", "Biodiversity Management"), ("9.1", "Human Rights"),
    ("10.1", "Labour Rights"), ("11.1", "Occupational Health and Safety"),
)  # fmt: skip


def report_text(r: int, own: list[Doc], shared: list[Doc]) -> str:
    """One audit report in the layout of a real ASI report's text layer: an overview, then
    criterion rows whose comments cite documents as "Entity - ESG Report, page 11:" with the URL
    broken at a hyphen, and at each page end the PDF's link annotations (every URL twice)."""
    rng = random.Random(r)
    entity = own[0].entity
    lines = [" AUDIT REPORT ", "PERFORMANCE ", "STANDARD ", "", "OVERVIEW ", "",
             f"MEMBER NAME {entity} Group ", "", f"ENTITY NAME {entity} ", "",
             "ASI STANDARD Performance Standard V3.1 ", "",
             f"CERTIFICATE NUMBER {400 + r} ", "", "CRITERION RATING COMMENT ", ""]  # fmt: skip
    cited = [*own, *shared]
    rng.shuffle(cited)
    page_urls: list[str] = []
    for i in range(0, len(cited), 3):
        number, title = CRITERIA[(i // 3) % len(CRITERIA)]
        lines += [f"{number} {title} Conformance The Entity has documented and implemented "
                  "the required controls, ", "disclosed in the following: ", ""]  # fmt: skip
        for d in cited[i : i + 3]:
            url = d.url()
            head, tail = url.split("03-", 1)
            lines += [f"{d.entity} - {d.kind}, page {rng.randint(1, d.pages)}: ", f"{head}03-",
                      f"{tail} ", ""]  # fmt: skip
            page_urls.append(url)
        if len(page_urls) >= 6:  # a page ends: its link annotations, each twice
            lines += [u for url in page_urls for u in (url, url)] + ["", "", " ", ""]
            lines += ["CRITERION RATING COMMENT ", ""]
            page_urls = []
    lines += [u for url in page_urls for u in (url, url)]
    return "\n".join(lines) + "\n"


def write_reports(docs: list[Doc], n_reports: int, per_report: int, dest: Path) -> int:
    """Report r cites its own entity's documents and as many shared ones from other entities;
    every document is cited by at least one report. Returns the number of citations."""
    by_host: dict[int, list[Doc]] = {}
    for d in docs:
        by_host.setdefault(d.host, []).append(d)
    hosts = sorted(by_host)
    rng = random.Random(7)
    dest.mkdir(parents=True, exist_ok=True)
    total = 0
    for r in range(n_reports):
        own = by_host[hosts[r % len(hosts)]][: per_report // 2]
        others = [d for d in docs if d.host != own[0].host]
        shared = rng.sample(others, per_report - len(own))
        (dest / f"report-{r:03d}.txt").write_text(report_text(r, own, shared))
        total += len(own) + len(shared)
    return total


def rss_of_tree(pid: int) -> int:
    """Resident memory of a process and all its descendants (bytes), from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


@dataclass(slots=True)
class RunFigures:
    wall_s: float
    cpu_s: float  # user + system: the check process and the parser workers it reaped (wait4)
    rss_mib: int  # the check process's own peak (getrusage)
    tree_mib: int  # the whole process tree, sampled every 0.1 s
    after_crawl_s: float | None
    crawl_s: float | None  # from the start to the last `fetched` line
    after_settled_s: float | None  # from the `settled` line (all parsed, recorded) to the exit
    exit_code: int
    verdicts: dict[str, int]
    not_modified: int
    report_mib: float
    phases: str = ""  # after settled: assembling the result, writing the reports, exiting


def run_check(cmd: list[str], cwd: Path, out: Path, log_path: Path) -> RunFigures:
    start = time.perf_counter()
    began = time.time()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, cwd=cwd)
        peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.wait(0.1):
                peak = max(peak, rss_of_tree(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        stop.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    ended = time.time()
    wall = time.perf_counter() - start
    last_fetch = settled = None
    marks: dict[str, float] = {}
    for line in log_path.read_text().splitlines():
        if any(f'"{e}"' in line for e in ("fetched", "settled", "assembled", "reported")):
            event = json.loads(line)
            at = datetime.fromisoformat(event["timestamp"]).timestamp()
            if event["event"] == "fetched":
                last_fetch = at
            elif event["event"] == "settled":
                settled = at
            else:
                marks[event["event"]] = at
    phases = ""
    if settled and {"assembled", "reported"} <= marks.keys():
        phases = (f"assembling {marks['assembled'] - settled:.1f} s, reports "
                  f"{marks['reported'] - marks['assembled']:.1f} s, exit "
                  f"{ended - marks['reported']:.1f} s")  # fmt: skip
    report = out / "report.json"
    data = json.loads(report.read_text()) if report.exists() else {"documents": []}
    verdicts: dict[str, int] = {}
    for d in data["documents"]:
        verdicts[d["verdict"]] = verdicts.get(d["verdict"], 0) + 1
    return RunFigures(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, peak // 2**20,
        ended - last_fetch if last_fetch else None, last_fetch - began if last_fetch else None,
        ended - settled if settled else None, proc.returncode, verdicts,
        sum(1 for d in data["documents"] if d.get("not_modified")),
        report.stat().st_size / 2**20 if report.exists() else 0.0, phases,
    )  # fmt: skip


def peak_mib(r: RunFigures) -> int:
    """The check process's own peak (exact) or its tree's (sampled), whichever is larger."""
    return max(r.rss_mib, r.tree_mib)


def parse_bound(docs: list[Doc], root: Path) -> tuple[float, float]:
    """pdftotext over every distinct PDF, `cores` at a time: (wall seconds, CPU seconds). The
    bound uses the CPU seconds (from wait4), which other load on the machine does not inflate."""
    exe = shutil.which("pdftotext")
    if not exe:
        raise SystemExit("pdftotext not found (Debian: apt-get install poppler-utils)")

    def one(d: Doc) -> float:
        proc = subprocess.Popen([exe, "-q", str(root / d.path), os.devnull])
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0  # reaped here
        return usage.ru_utime + usage.ru_stime

    cores = os.cpu_count() or 1
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(cores) as pool:
        cpu = sum(pool.map(one, docs))
    return time.perf_counter() - start, cpu


def _pdfium_text(paths: list[str]) -> float:
    """CPU seconds PDFium takes to give the text of every page of `paths` and nothing else."""
    import pypdfium2 as pdfium

    start = time.process_time()
    for path in paths:
        doc = pdfium.PdfDocument(path)
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        doc.close()
    return time.process_time() - start


def engine_floor(docs: list[Doc], root: Path) -> float:
    """PDFium's own text extraction over every distinct PDF (CPU seconds, `cores` processes):
    what verifier's parse cannot go below with its engine, beside pdftotext's bound."""
    cores = os.cpu_count() or 1
    paths = [str(root / d.path) for d in docs]
    with concurrent.futures.ProcessPoolExecutor(cores) as pool:
        return sum(pool.map(_pdfium_text, [paths[i::cores] for i in range(cores)]))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--small", action="store_true", help="10 hosts x 10 PDFs, 10 reports: quick")
    p.add_argument("--hosts", type=int, default=100)
    p.add_argument("--per-host", type=int, default=20, help="PDFs per host")
    p.add_argument("--reports", type=int, default=100)
    p.add_argument("--cites", type=int, default=40, help="documents cited per report")
    p.add_argument("--latency", type=float, default=0.05, help="seconds per response")
    p.add_argument(
        "--profile", action="store_true", help="also profile a first run (cProfile, tracemalloc)"
    )
    p.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (history, reports)")
    p.add_argument("--corpus", metavar="DIR", nargs="+", type=Path,
                   help="serve the real PDFs under DIR (e.g. ../shared/corpus and PDF projects' "
                        "test corpora, fetched by hand) instead of generated ones")  # fmt: skip
    p.add_argument("--min-pages", type=int, default=10, help="with --corpus: smaller PDFs skipped")
    p.add_argument("--pages", type=int, default=20_000, help="with --corpus: pages to reach")
    a = p.parse_args()
    if a.small:
        a.hosts, a.per_host, a.reports, a.cites, a.pages = 10, 10, 10, 20, 2_000
    from verifier.settings import CrawlSettings

    crawl = CrawlSettings()
    if a.corpus:
        docs, root = corpus_plan(a.corpus, a.hosts, a.min_pages, a.pages)
        a.per_host = max(sum(1 for d in docs if d.host == h) for h in {d.host for d in docs})
    else:
        docs = plan(a.hosts, a.per_host)
        root = ROOT / "bench" / "out" / f"scale-{a.hosts}x{a.per_host}-v{GENERATOR_VERSION}"
        generate(docs, root)
    pages = sum(d.pages for d in docs)
    cores = os.cpu_count() or 1
    parse_wall, parse_cpu = parse_bound(docs, root)
    floor_cpu = engine_floor(docs, root)
    per_host_bound = a.per_host * max(crawl.per_host_delay_s,
                                      a.latency / crawl.per_host_concurrency)  # fmt: skip
    overall_bound = len(docs) * a.latency / crawl.max_concurrency
    crawl_bound = max(per_host_bound, overall_bound)
    bound = max(crawl_bound, parse_cpu / cores)
    port = 20000 + os.getpid() % 1000
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(str(root), docs, port, a.latency, ready),
                                     daemon=True)  # fmt: skip
    server.start()
    if not ready.wait(30):
        raise SystemExit("the local site did not start")
    try:
        with contextlib.ExitStack() as stack:
            if a.keep:
                shutil.rmtree(a.keep, ignore_errors=True)
                Path(a.keep).mkdir(parents=True)
            d = a.keep or stack.enter_context(tempfile.TemporaryDirectory(prefix="scale-bench-"))
            tmp = Path(d)
            citations = write_reports(docs, a.reports, a.cites, tmp / "reports")
            print(
                f"{a.reports} reports, {citations} citations of {len(docs)} PDFs ({pages} pages)"
                f" on {a.hosts} hosts, {a.latency * 1000:.0f} ms per response; {cores} cores; "
                f"default politeness ({crawl.max_concurrency} at a time, "
                f"{crawl.per_host_concurrency} per host, {crawl.per_host_delay_s:g} s gap)"
            )
            print(f"bound {bound:.1f} s = max(crawl {crawl_bound:.1f} s [per host "
                  f"{per_host_bound:.1f} s, overall {overall_bound:.1f} s], parse "
                  f"{parse_cpu / cores:.1f} s [pdftotext {parse_cpu:.1f} s CPU over {len(docs)} "
                  f"PDFs / {cores} cores; {parse_wall:.1f} s wall])")  # fmt: skip
            print(f"engine floor {floor_cpu / cores:.1f} s ({floor_cpu / cores / bound:.2f}x the "
                  f"bound): PDFium's text alone, {floor_cpu:.1f} s CPU "
                  f"({1000 * floor_cpu / pages:.2f} ms a page against pdftotext's "
                  f"{1000 * parse_cpu / pages:.2f}) / {cores} cores")  # fmt: skip
            runs = scale_runs(tmp, port, bound, a.profile)
    finally:
        server.terminate()
        server.join()
    first, second = runs
    goals = {
        "first run within 1.5x of the bound": first.wall_s <= 1.5 * bound,
        "peak RSS under 600 MB": max(peak_mib(first), peak_mib(second)) * 2**20 < 600e6,
        "unchanged second run under half the first": second.wall_s < first.wall_s / 2,
    }
    for goal, met in goals.items():
        print(f"goal: {goal}: {'met' if met else 'NOT met'}")


def scale_runs(tmp: Path, port: int, bound: float, profile: bool) -> tuple[RunFigures, RunFigures]:
    """Two checks on one history database: a first run, then one over the unchanged site."""
    (tmp / "none").mkdir()
    cfg = tmp / "loopback.toml"
    # Loopback only (with --allow-private), and never the real Wayback Machine.
    cfg.write_text(
        "[crawl]\nallow_loopback = true\n[archive_lookup]\nenabled = false\n"
    )  # and --allow-private: the replica only

    # The console script users run (a worker's setup differs from `python -m verifier`'s).
    script = (str(Path(sys.executable).parent / "verifier"),)

    def cmd(db: str, out: str, prefix: tuple[str, ...] = script) -> list[str]:
        return [*prefix, "check", str(tmp / "reports"),
                "--db", str(tmp / f"{db}.sqlite"), "--archive", str(tmp / f"{db}-archive"),
                "--out", str(tmp / out), "--config", str(cfg), "--allow-private",
                "--expectations", str(tmp / "none"),
                "--remap", rf"^https://www\.entity(\d+)\.example http://127.0.1.\1:{port}",
                "--log-format", "json", "--log-level", "INFO"]  # fmt: skip

    runs = []
    for name in ("first", "second"):
        f = run_check(cmd("history", name), tmp, tmp / name, tmp / f"{name}.log")
        runs.append(f)
        after = f"{f.after_crawl_s:.1f} s" if f.after_crawl_s is not None else "?"
        crawled = f"{f.crawl_s:.1f} s" if f.crawl_s is not None else "?"
        print(f"{name} run: {f.wall_s:.1f} s ({f.wall_s / bound:.2f}x the bound, "
              f"{f.cpu_s:.0f} s CPU), crawl done after {crawled}, "
              f"time after the crawl {after} (after the last document settled: "
              f"{f.after_settled_s or 0:.1f} s, "
              f"{100 * (f.after_settled_s or 0) / (f.crawl_s or 1):.0f}% of the crawl"
              f"{': ' + f.phases if f.phases else ''}), "
              f"peak RSS {f.rss_mib} MiB (check process), "
              f"{f.tree_mib} MiB (with its parser workers), exit {f.exit_code}, "
              f"verdicts {f.verdicts}, {f.not_modified} answered 304, "
              f"report.json {f.report_mib:.1f} MiB")  # fmt: skip
    if profile:
        prof = ROOT / "bench" / "out" / "scale-first-run.prof"
        run_check(cmd("profiled", "profiled", (sys.executable, "-m", "cProfile", "-o", str(prof),
                                              "-m", "verifier")), tmp, tmp / "profiled",
                  tmp / "profiled.log")  # fmt: skip
        print_profile(prof)
        mem = cmd("traced", "traced", (sys.executable, __file__, "--tracemalloc-child"))
        out = subprocess.run(mem, cwd=tmp, capture_output=True, text=True, check=False)
        print(out.stdout.rstrip())
    return runs[0], runs[1]


def print_profile(path: Path) -> None:
    """Where a first run's time goes: the pipeline steps after the crawl, by cumulative time."""
    import pstats

    stats = pstats.Stats(str(path))
    rows = []
    for (file, _line, func), (_cc, calls, _tt, cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if ("verifier/" in file and "/crawl/" not in file) or func in ("dumps", "dump", "loads"):
            rows.append((cum, calls, f"{Path(file).parent.name}/{Path(file).name}:{func}"))
    print(f"profile of a first run ({path}), verifier functions and json by cumulative time:")
    for cum, calls, where in sorted(rows, reverse=True)[:25]:
        print(f"  {cum:7.2f} s  {calls:7d} calls  {where}")


def tracemalloc_child(argv: list[str]) -> None:
    """Run `verifier check` under tracemalloc; print the largest allocation sites alive when the
    run result has just been assembled (everything the run holds is alive then), and the peak."""
    import tracemalloc

    tracemalloc.start(1)
    import verifier.commands.check as check
    from verifier.cli import main as cli_main

    snap: list[tracemalloc.Snapshot] = []
    load = check.load_run_result

    def load_and_snapshot(*args: Any, **kw: Any) -> Any:
        result = load(*args, **kw)
        snap.append(tracemalloc.take_snapshot())
        return result

    check.load_run_result = load_and_snapshot  # type: ignore[assignment]
    with contextlib.suppress(SystemExit):
        cli_main(argv)
    current, peak = tracemalloc.get_traced_memory()
    print(f"python heap (tracemalloc): peak {peak / 2**20:.0f} MiB, at exit {current / 2**20:.0f}"
          " MiB; largest sites alive once the run result is assembled:")  # fmt: skip
    if snap:
        for s in snap[0].statistics("lineno")[:12]:
            frame = s.traceback[0]
            print(
                f"  {s.size / 2**20:7.1f} MiB {s.count:8d} blocks  "
                f"{'/'.join(Path(frame.filename).parts[-2:])}:{frame.lineno}"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--tracemalloc-child"]:
        tracemalloc_child(sys.argv[2:])
    else:
        main()
