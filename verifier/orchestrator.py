"""One run of `verifier check`, stage by stage: extract → crawl → fingerprint → check → record.

The orchestrator calls the stages in order and records what they give in the history store; it
prints nothing and decides no exit code (`commands/check.py` talks to the user, `exit_codes.py`
holds the rule). Each document is archived and its observation committed as soon as it settles,
so a run killed half-way keeps what it saw; the typed result is then assembled from the records
(`verifier.assemble`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from verifier import workers
from verifier.archived.lookups import look_up_archived_copies
from verifier.archived.wayback import file_sha1_base32
from verifier.checks import Expectation, run_checks
from verifier.crawl import HostLimiter, Remap, Transport, crawl
from verifier.extract import allow_extraction, extract_all
from verifier.extract.identity import distinct_reports, report_identity
from verifier.extract.inputs import expand_inputs
from verifier.fingerprint import ParserPool, Unparseable, current_extractor
from verifier.fingerprint.recent import RecentFingerprints
from verifier.logs import get_logger
from verifier.models import (
    Check,
    Citation,
    FetchResult,
    Fingerprint,
    HostFigures,
    InputError,
    Observation,
    ReportEntry,
    ReportMeta,
    Validator,
    Verdict,
)
from verifier.settings import Settings
from verifier.store import HistoryStore
from verifier.store.archive import EvidenceArchive
from verifier.store.history import utcnow

log = get_logger("verifier.orchestrator")


def _archive(archive: EvidenceArchive, body_path: str, sha256: str, *, last_use: bool) -> str:
    """Keep the body in the archive; its SHA-1 (base32) is what web archives' digests compare.
    On its last use the spool file itself moves into the archive, now, in this thread: no copy
    written, and nothing left for the sweep of the spool at the end of the run."""
    sha1 = file_sha1_base32(body_path)
    if last_use:
        archive.move_file(body_path, sha256)
    else:
        archive.put_file(body_path, sha256)
    return sha1


@dataclass(frozen=True, slots=True)
class RunPlan:
    """What a check run was asked to do."""

    paths: tuple[str, ...]
    remaps: tuple[Remap, ...] = ()
    allow_private: bool = False
    expectations: tuple[Expectation, ...] = ()
    pack_off: frozenset[str] = frozenset()  # standard-pack criteria switched off (expectations)


@dataclass(frozen=True, slots=True)
class Recorded:
    """What the run recorded besides its observations: its citations with their checks as
    recorded (in the run's order: reading them back would decode the same values again),
    its reports, input errors and per-host figures."""

    reports: tuple[str, ...]
    errors: tuple[InputError, ...]
    hosts: tuple[HostFigures, ...] = ()
    # Not in repr: at its end asyncio.Runner formats the main task (and so its result) in a
    # ValueError message it discards (signal.getsignal on its own SIGINT handler): 30 ms a
    # time for 2,000 citations.
    cited: tuple[tuple[Citation, tuple[Check, ...]], ...] | None = field(default=None, repr=False)
    # The URLs' last observations before the run, as decoded when it started (by id): the
    # result's drift compares with them, and need not decode them again.
    before: dict[int, Observation] = field(default_factory=dict, repr=False)


@dataclass(slots=True)
class Known:
    """What the history knows of the URLs a run will fetch."""

    store: HistoryStore
    validators: dict[str, Validator]
    last_content: dict[str, Observation]
    # Each URL's last observation and last content, as decoded here, by id.
    decoded: dict[int, Observation] = field(default_factory=dict)

    def reusable(self, r: FetchResult) -> Fingerprint | None:
        """The stored fingerprint of the same bytes read by the current extractor, with texts."""
        last = self.last_content.get(r.url)
        if r.verdict != Verdict.OK or last is None or last.fingerprint is None:
            return None
        if r.sha256 != last.fetch.sha256 or last.id is None:
            return None
        if last.fingerprint.extractor != current_extractor(last.fingerprint.type):
            return None
        # On the event loop as documents arrive: the row is from an earlier run, committed.
        return last.fingerprint.with_texts(self.store.texts_of(last))


def prepare(store: HistoryStore, urls: list[str], archive: EvidenceArchive | None) -> Known:
    """Validators for conditional requests, only where a 304 would leave nothing missing: the
    last observation was ok, its body is in the archive, and its text was read by the current
    extractor. Otherwise the document is fetched in full again."""
    known = Known(store, {}, {})
    for url in dict.fromkeys(urls):
        last = store.last_observation(url)
        content = store.last_content(url)
        for obs in (last, content):
            if obs is not None and obs.id is not None:
                known.decoded[obs.id] = obs
        if content is not None:
            known.last_content[url] = content
        v = last.validator() if last else None
        if v is None or last is None:
            continue
        if archive is not None and not archive.has(v.sha256):
            continue
        fp = last.fingerprint
        wanted = current_extractor(v.detected_type)
        if wanted is not None and (fp is None or fp.extractor != wanted):
            continue
        known.validators[url] = v
    return known


async def execute(
    plan: RunPlan,
    settings: Settings,
    store: HistoryStore,
    run_id: int,
    *,
    spool_dir: str,
    archive: EvidenceArchive | None = None,
    transport: Transport | None = None,
    on_document: Callable[[FetchResult], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> Recorded:
    # In a thread: the event loop stays free to take a Ctrl-C while long reports are read.
    allow_extraction()
    reports, citations, errors = await asyncio.to_thread(
        extract_reports, list(plan.paths), settings, plan.allow_private
    )
    workers.close_shared(wait=False)  # every report is read: its worker exits beside the crawl
    if on_total:
        on_total(len({c.url for c in citations}))
    log.info("extracted", citations=len(citations), input_errors=len(errors))
    metas = {r.path: r.meta for r in reports}
    for r in reports:
        store.record_report_meta(run_id, r.path, r.meta)
    known = prepare(store, [c.url for c in citations], archive)
    settled: dict[str, FetchResult] = {}
    parsing: dict[str, asyncio.Future[Fingerprint]] = {}  # by sha256: each content parsed once
    recent = RecentFingerprints()  # and after it settled, within a memory budget
    settling: list[asyncio.Future[None]] = []
    expectations = list(plan.expectations)
    cites_of: dict[str, list[int]] = {}
    for i, c in enumerate(citations):
        cites_of.setdefault(c.url, []).append(i)

    cited: dict[int, tuple[Citation, tuple[Check, ...]]] = {}
    spool_users: dict[str, int] = {}  # spool file -> results naming it

    def record(i: int, r: FetchResult | None, fp: Fingerprint | None) -> None:
        c = citations[i]
        meta = metas.get(c.report, ReportMeta())
        checks = tuple(run_checks(c, r, fp, expectations, meta, plan.pack_off))
        store.record_citation(run_id, c, checks, ordinal=i)
        cited[i] = (c, checks)

    async def settle(
        r: FetchResult,
        fp: Fingerprint | None,
        task: asyncio.Future[Fingerprint] | None,
        kept: Observation | None = None,
    ) -> None:
        """`task` is the parse of these bytes, as on_result found or started it: looked up
        later, it could be gone (its first document settled meanwhile), and the document
        would be recorded ok without a fingerprint. `kept`: the earlier observation whose
        stored fingerprint `fp` is (the same bytes, read before)."""
        if task is not None:
            sha = r.sha256 or ""
            try:
                fp = await asyncio.shield(task)
                outcome: Fingerprint | str = fp
            except Unparseable as exc:
                outcome = str(exc) if exc.of_content else ""
                r = replace(r, verdict=Verdict.UNPARSEABLE, reason=str(exc))
            # From in flight to remembered with no await between: a copy arriving now finds
            # one or the other. Texts then live only as long as the memory budget allows.
            if parsing.get(sha) is task:
                del parsing[sha]
            if isinstance(outcome, Fingerprint):
                recent.put(sha, outcome)
            elif outcome:
                recent.put_failure(sha, outcome)
        keep = r.verdict in (Verdict.OK, Verdict.UNPARSEABLE)
        if archive and keep and r.body_path and r.sha256:
            # Parsed by now (awaited above). A file that cited URLs remapped to one fetch
            # share is left for the spool's removal at the end (it is rare).
            alone = spool_users.get(r.body_path) == 1
            sha1 = await asyncio.to_thread(_archive, archive, r.body_path, r.sha256, last_use=alone)
            r = replace(r, sha1=sha1, body_path=None if alone else r.body_path)
        store.record_observation(run_id, Observation(r, fp, utcnow()), fingerprint_of=kept)
        # Checked and recorded now, so page texts are not held until the run ends: memory
        # stays bounded by the documents in flight, not by every page of the run.
        for i in cites_of.get(r.url, ()):
            record(i, r, fp)
        settled[r.url] = r
        if on_document:
            on_document(r)

    limiter = HostLimiter.from_settings(settings.crawl)
    pool = ParserPool(settings.fingerprint)
    try:

        def on_result(r: FetchResult) -> None:
            if r.body_path:  # every result sharing a fetch arrives here before any settles
                spool_users[r.body_path] = spool_users.get(r.body_path, 0) + 1
            stored = known.reusable(r)
            kept = known.last_content[r.url] if stored is not None else None
            if stored is None and r.verdict == Verdict.OK and r.sha256 not in parsing:
                stored = recent.get(r.sha256)
            kind = r.detected_type or ""
            parse = stored is None and r.verdict == Verdict.OK and kind in ("pdf", "html")
            sha = r.sha256 or ""
            if parse and sha and sha not in parsing:
                failed = recent.failure(sha)
                if failed is not None:  # as the first parse of these bytes ended
                    parsing[sha] = done = asyncio.get_running_loop().create_future()
                    done.set_exception(Unparseable(failed))
                elif r.body_path:
                    # Parsing starts as soon as a document arrives, beside the rest of the crawl.
                    # Similarity hashes only where an earlier version will be compared with
                    # this one: for a first version, only if a later one differs (likeness.py).
                    seen = r.url in known.last_content
                    parsing[sha] = asyncio.ensure_future(
                        pool.fingerprint(r.body_path, kind, sha, simhash=seen)
                    )
            task = parsing.get(sha) if parse else None
            settling.append(asyncio.ensure_future(settle(r, stored, task, kept)))

        try:
            await crawl(
                [c.url for c in citations],
                settings.crawl,
                spool_dir=spool_dir,
                remaps=list(plan.remaps),
                allow_private=plan.allow_private or settings.crawl.allow_private,
                validators=known.validators,
                on_result=on_result,
                transport=transport,
                limiter=limiter,
            )
            await asyncio.gather(*settling)
            log.info("settled", documents=len(settled))  # every document parsed and recorded
        except asyncio.CancelledError:
            for t in [*settling, *parsing.values()]:
                t.cancel()
            await asyncio.gather(*settling, *parsing.values(), return_exceptions=True)
            raise
    finally:
        # The workers exit while the result is assembled and reported, not before (60-160 ms
        # at the end of a run); the command waits for them before it returns.
        pool.close(wait=False)
    await look_up_archived_copies(
        list(settled.values()), citations, settings, store, run_id,
        archive=archive, allow_private=plan.allow_private or settings.crawl.allow_private,
    )  # fmt: skip
    for url, indices in cites_of.items():
        if url not in settled:  # never settled (cannot happen unless the crawl lost it): say so
            for i in indices:
                record(i, None, None)
    store.flush()
    hosts = tuple(
        HostFigures(host, st.requests, st.retries, st.throttled, round(st.waited_s, 3),
                    round(st.gap_s, 3))
        for host, st in sorted(limiter.stats().items())
    )  # fmt: skip
    in_order = tuple(cited[i] for i in sorted(cited))
    return Recorded(tuple(r.path for r in reports), tuple(errors), hosts, in_order, known.decoded)


def extract_reports(
    paths: list[str], settings: Settings, allow_private: bool
) -> tuple[list[ReportEntry], list[Citation], list[InputError]]:
    """Expand directories and lists, read each report once, and name every report and citation
    by the report's identity (extract/identity.py); each report comes with its overview."""
    reports, input_errors = expand_inputs(paths)
    reports = distinct_reports(reports)
    citations, errors, metas = extract_all(reports, settings.extract, allow_private=allow_private)
    citations = [replace(c, report=report_identity(c.report)) for c in citations]
    errors = [replace(e, path=report_identity(e.path)) for e in [*input_errors, *errors]]
    entries = [ReportEntry(report_identity(r), metas.get(r, ReportMeta())) for r in reports]
    return entries, citations, errors
