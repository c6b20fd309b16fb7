"""`verifier save` (independent public copies at audit time) and `verifier export-wacz` (a run's
evidence as a replayable, hash-listed WACZ package)."""

from __future__ import annotations

import argparse
import asyncio
import itertools
from pathlib import Path

from verifier.commands.common import add_db, db_path, open_store, pick_run, writable_file_dir
from verifier.errors import CommandError
from verifier.models import Verdict
from verifier.settings import Settings
from verifier.store import HistoryStore
from verifier.store.archive import EvidenceArchive
from verifier.store.wacz import Page, WaczError, WaczRecord, write_wacz


def add_parsers(sub: argparse._SubParsersAction) -> dict[str, argparse.ArgumentParser]:
    sv = sub.add_parser(
        "save", help="ask the Wayback Machine to capture every ok cited document of a run"
    )
    sv.add_argument("--run", type=int, metavar="RUN", help="run id (default: the latest)")
    sv.add_argument("--allow-private", action="store_true", help=argparse.SUPPRESS)
    wz = sub.add_parser("export-wacz", help="write a run's evidence as a WACZ package")
    wz.add_argument("--run", type=int, metavar="RUN", help="run id (default: the latest)")
    wz.add_argument("--archive", metavar="DIR", help="evidence archive (default from config)")
    wz.add_argument("--out", required=True, metavar="FILE.wacz", help="the package to write")
    for p in (sv, wz):
        add_db(p)
    return {"save": sv, "export-wacz": wz}


def save(args: argparse.Namespace, settings: Settings) -> int:
    """Politely (one request per `save_min_gap_s`), never for a document that is not ok."""
    from verifier.archived import SavePacer, open_client, save_page_now

    s = settings.archive_lookup
    with open_store(db_path(args, settings), settings, readonly=False) as store:
        run = pick_run(store, args.run)
        urls = list(dict.fromkeys(o.url for o in store.observations(run) if o.ok))

        async def go() -> list[tuple[str, str | None, str | None]]:
            pacer = SavePacer(s.save_min_gap_s)
            out = []
            async with open_client(settings, allow_private=args.allow_private, save=True) as c:
                for url in urls:
                    r = await save_page_now(url, c, pacer, wayback_url=s.wayback_url)
                    store.record_saved_capture(run, url, {"captured_at": r.captured_at,
                                                          "archived_url": r.archived_url,
                                                          "note": r.note})  # fmt: skip
                    out.append((url, r.captured_at, r.note))
            return out

        results = asyncio.run(go())
        store.flush()
    saved = [r for r in results if r[1]]
    print(f"run {run}: {len(saved)} of {len(urls)} ok documents captured by the Wayback Machine")
    for url, when, note in results:
        print(f"  {when or 'not saved':20}  {url}" + (f"  ({note})" if note else ""))
    return 0


def export_wacz(args: argparse.Namespace, settings: Settings) -> int:
    archive = EvidenceArchive(args.archive or settings.store.archive_dir)
    out = Path(args.out)
    writable_file_dir(out, "--out")
    with open_store(db_path(args, settings), settings, readonly=True) as store:
        run = pick_run(store, args.run)
        records, pages = _records(store, archive, run)
    try:
        summary = write_wacz(
            records, pages, out, title=f"verifier run {run}",
            description=f"Evidence cited by the reports checked in run {run}",
        )  # fmt: skip
    except WaczError as exc:
        raise CommandError(str(exc)) from None
    print(f"wrote {summary.path}: {summary.responses} responses, {summary.pages} pages; "
          f"sha256 {summary.sha256}")  # fmt: skip
    return 0


def _records(
    store: HistoryStore, archive: EvidenceArchive, run: int
) -> tuple[list[WaczRecord], list[Page]]:
    """A response with payload for every document ok in the run (a 304 resolves to the stored
    body); a redirect record for a cited URL that moved, so the cited address replays."""
    records: list[WaczRecord] = []
    missing: list[str] = []
    seen: set[tuple[str, str]] = set()
    for o in store.observations(run):
        f = o.fetch
        if f.verdict != Verdict.OK or not f.sha256:
            continue
        if not archive.has(f.sha256):
            missing.append(f.url)
            continue
        if f.fetched_url != f.url:
            # Fetched from a mirror (--remap): the package replays it at the cited address.
            final, hops = f.url, [f.url]
        else:
            final, hops = f.final_url or f.fetched_url, [f.fetched_url, *f.redirects]
        for here, there in itertools.pairwise(hops):
            if (here, "redirect") not in seen:
                seen.add((here, "redirect"))
                records.append(WaczRecord(here, o.observed_at, 302, [("Location", there)],
                                          None, None))  # fmt: skip
        if (final, f.sha256) in seen:
            continue
        seen.add((final, f.sha256))
        headers = [(k, v) for k, v in f.response_headers if k.lower() != "content-length"]
        if not any(k.lower() == "content-type" for k, _ in headers) and f.content_type:
            headers.append(("Content-Type", f.content_type))
        records.append(WaczRecord(final, o.observed_at, 200, headers,
                                  str(archive.path_for(f.sha256)), f.sha256))  # fmt: skip
    if missing:
        raise CommandError(
            f"the archive {archive.root} lacks the bodies of {len(missing)} document(s) ok in run "
            f"{run} (e.g. {missing[0]}): pass the --archive the run used"
        )
    cited = dict.fromkeys(c.url.split("#", 1)[0] for c, _ in store.citations(run))
    return records, [Page(u) for u in cited]
