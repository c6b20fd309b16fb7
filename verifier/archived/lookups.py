"""A run's archive lookups: for every cited document that is not ok, the Wayback capture nearest
before the version the audit relied on (the pinned baseline, else the first ok observation), and
whether it is that version. Each result (or the note saying why there is none) is recorded with
the run; a failed lookup never fails the run."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime

from verifier.archived.client import ArchiveClient, open_client
from verifier.archived.wayback import file_sha1_base32, lookup, needs_lookup
from verifier.logs import get_logger
from verifier.models import Citation, FetchResult, Observation
from verifier.settings import Settings
from verifier.store import HistoryStore
from verifier.store.archive import EvidenceArchive

log = get_logger("verifier.archived")
# After this many lookups in a row fail at the archive service, the rest of the run skips them.
GIVE_UP_AFTER = 3


def audited_version(
    store: HistoryStore, url: str, citations: Iterable[Citation]
) -> Observation | None:
    """The version an audit relied on: a citation's pinned baseline, else the first ok one."""
    for c in citations:
        if c.url == url:
            pinned = store.baseline(c.report, c.criterion, url)
            if pinned is not None:
                return pinned
    return store.first_content(url)


def _when(iso: str) -> datetime:
    return datetime.strptime(iso[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)


async def look_up_archived_copies(
    documents: Iterable[FetchResult],
    citations: list[Citation],
    settings: Settings,
    store: HistoryStore,
    run_id: int,
    *,
    archive: EvidenceArchive | None,
    allow_private: bool,
    client: ArchiveClient | None = None,
) -> int:
    """Look up and record archived copies; returns how many documents were looked up."""
    s = settings.archive_lookup
    todo = [r for r in documents if needs_lookup(r.verdict)]
    if not s.enabled or not todo:
        return 0

    failures: list[str] = []  # consecutive failures of the archive service itself

    async def one(r: FetchResult, c: ArchiveClient) -> None:
        if len(failures) >= GIVE_UP_AFTER:
            # The service is down or out of reach from here: do not spend the pacing gap on
            # every remaining document (a whole site gone would add minutes to the run).
            note = (
                f"not looked up: the archive failed {len(failures)} times in a row ({failures[-1]})"
            )
            store.record_archived_copy(run_id, r.url, None, note)
            return
        base = audited_version(store, r.url, citations)
        sha256 = base.fetch.sha256 if base else None
        sha1 = base.fetch.sha1 if base else None
        if sha256 and not sha1 and archive is not None and archive.has(sha256):
            sha1 = await asyncio.to_thread(file_sha1_base32, archive.path_for(sha256))
        found = await lookup(
            r.url, _when(base.observed_at) if base else None, sha1, sha256, c,
            wayback_url=s.wayback_url, max_capture_bytes=s.max_capture_bytes,
        )  # fmt: skip
        log.info("archive lookup", url=r.url, found=bool(found.copy), note=found.note)
        store.record_archived_copy(run_id, r.url, found.copy, found.note)
        if found.copy is None and (found.note or "").startswith("archive lookup failed"):
            failures.append(found.note or "")
        else:
            failures.clear()

    # One at a time: the client paces requests anyway, and the breaker needs the order.
    if client is not None:
        for r in todo:
            await one(r, client)
    else:
        async with open_client(settings, allow_private=allow_private) as opened:
            for r in todo:
                await one(r, opened)
    return len(todo)
