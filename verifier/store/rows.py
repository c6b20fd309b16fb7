"""Between the shared models and this store's rows (the only place that knows the columns).

Values that repeat from run to run (fingerprints, page texts, headers, citations, check sets) are
written once into the `value` table and referred to by id (`intern`); reading resolves those ids
(`lookup`). Rows written by schema versions before 4 hold their values inline and read the same.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, TypeVar

import orjson

from verifier.models import (
    Check,
    CheckName,
    Citation,
    FetchResult,
    Fingerprint,
    Location,
    Observation,
    Outcome,
    Verdict,
)

Intern = Callable[[str], int]

# Response headers that change on every request and say nothing about the document: kept, they
# would make every run's headers a new value. `Date` is the observation's time (observed_at);
# the WARC export writes it back from there. Cookies are never evidence.
VOLATILE_HEADERS = frozenset({
    "date", "age", "expires", "set-cookie", "x-request-id", "x-amz-request-id", "x-amz-id-2",
    "cf-ray", "x-served-by", "x-timer", "x-cache-hits", "server-timing", "report-to", "nel",
    "x-runtime", "x-trace-id", "traceparent",
})  # fmt: skip
Lookup = Callable[[int], str]


def loads(text: str) -> Any:
    """JSON read back from the store: orjson, 3-4x faster than the standard library on the
    values a report of thousands of documents reads; the standard library for what orjson
    refuses. Equal values for everything the store writes (checked: NaN, infinities, escaped
    lone surrogates, non-ASCII); orjson reads an integer beyond 64 bits as a float, and no
    value the store writes comes near one (page numbers, byte counts, statuses)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


E = TypeVar("E", bound=Enum)


def _members(kind: type[E]) -> Callable[[str], E]:
    """kind(value) through a dict: the Enum constructor is a tenth of assembling a report of
    4,000 citations (47,000 calls); an unknown value still raises ValueError."""
    by_value = {m.value: m for m in kind}

    def member(value: str) -> E:
        found = by_value.get(value)
        return found if found is not None else kind(value)

    return member


_verdict, _check_name, _outcome = _members(Verdict), _members(CheckName), _members(Outcome)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def observation_columns(
    obs: Observation, intern: Intern, *, fingerprint_id: int | None = None
) -> dict[str, Any]:
    """`fingerprint_id`: the value the fingerprint is stored as already, if known."""
    r, fp = obs.fetch, obs.fingerprint
    response = [list(h) for h in r.response_headers if h[0].lower() not in VOLATILE_HEADERS]
    headers = [[list(h) for h in r.request_headers], response]
    fetched = r.fetched_url
    # final_url is NULL when it is where the request went (most documents): one URL less per row.
    same_place = r.final_url == fetched and r.http_status is not None
    return {
        "url": r.url, "fetched_url": None if fetched == r.url else fetched,
        "final_url": None if same_place else r.final_url, "observed_at": obs.observed_at,
        "verdict": str(r.verdict),
        "reason": r.reason, "http_status": r.http_status, "attempts": r.attempts,
        "redirects": _json(list(r.redirects)), "content_type": r.content_type,
        "detected_type": r.detected_type, "etag": r.etag, "last_modified": r.last_modified,
        "not_modified": int(r.not_modified), "http_version": r.http_version,
        "sha256": r.sha256, "sha1": r.sha1, "bytes": r.bytes,
        "elapsed_s": float(round(r.elapsed_s, 3)),  # a REAL: read back as a float
        "headers_id": intern(_json(headers)),
        "fingerprint_id": None if not fp else (
            fingerprint_id if fingerprint_id is not None else intern(_json(fp.to_dict()))
        ),
    }  # fmt: skip


def page_texts(obs: Observation) -> list[tuple[str, str]]:
    """(text_sha256, text) of each page: the texts are values too, keyed by their digest."""
    fp = obs.fingerprint
    return [(p.text_sha256, p.text) for p in (fp.pages if fp else ())]


def observation_from_row(
    row: sqlite3.Row | Mapping[str, Any],
    lookup: Lookup,
    fingerprint: Callable[[int], Fingerprint] | None = None,
) -> Observation:
    """`fingerprint` decodes a fingerprint value by id (the store keeps each decoded once:
    unchanged runs share one value); by default it is decoded here."""
    if row["headers_id"] is not None:
        request, response = loads(lookup(row["headers_id"]))
    else:
        request = loads(row["request_headers"] or "[]")
        response = loads(row["response_headers"] or "[]")
    fetched = row["fetched_url"] or row["url"]
    final = row["final_url"]
    if final is None and row["headers_id"] is not None and row["http_status"] is not None:
        final = fetched
    fetch = FetchResult(
        url=row["url"], fetched_url=fetched, final_url=final,
        verdict=_verdict(row["verdict"]), reason=row["reason"] or "",
        http_status=row["http_status"], attempts=row["attempts"] or 0,
        redirects=tuple(loads(row["redirects"] or "[]")),
        content_type=row["content_type"], detected_type=row["detected_type"],
        sha256=row["sha256"], sha1=row["sha1"], bytes=row["bytes"],
        elapsed_s=row["elapsed_s"] or 0.0,
        etag=row["etag"], last_modified=row["last_modified"],
        not_modified=bool(row["not_modified"]), http_version=row["http_version"],
        request_headers=tuple(map(tuple, request)),
        response_headers=tuple(map(tuple, response)),
    )  # fmt: skip
    if row["fingerprint_id"] is not None:
        vid = row["fingerprint_id"]
        fp: Fingerprint | None = (
            fingerprint(vid) if fingerprint else Fingerprint.from_dict(loads(lookup(vid)))
        )
    elif row["fingerprint"]:
        fp = Fingerprint.from_dict(loads(row["fingerprint"]))
    else:
        fp = None
    return Observation(fetch, fp, row["observed_at"], row["run_id"], row["id"])


def citation_json(c: Citation) -> str:
    return _json({
        "report": c.report, "criterion": c.criterion, "criterion_title": c.criterion_title,
        "rating": c.rating, "url": c.url, "label": c.label, "pages": list(c.pages),
        "evidence": c.evidence, "location": [c.location.page, c.location.line],
        "cited_text": c.cited_text, "notes": list(c.notes),
    })  # fmt: skip


def citation_from_json(text: str) -> Citation:
    d = loads(text)
    page, line = d["location"]
    return Citation(
        report=d["report"], criterion=d["criterion"], criterion_title=d["criterion_title"],
        rating=d["rating"], url=d["url"], label=d["label"], pages=tuple(d["pages"]),
        evidence=d["evidence"], location=Location(page, line), cited_text=d["cited_text"],
        notes=tuple(d["notes"]),
    )  # fmt: skip


def checks_json(checks: tuple[Check, ...] | list[Check]) -> str:
    return _json([[str(k.name), str(k.outcome), k.detail] for k in checks])


def checks_from_json(text: str) -> tuple[Check, ...]:
    return tuple(Check(_check_name(n), _outcome(o), d) for n, o, d in loads(text))


def citation_from_row(row: sqlite3.Row) -> Citation:
    """A citation row of schema versions before 4."""
    loc = loads(row["location"] or "{}")
    return Citation(
        report=row["report"], criterion=row["criterion"], criterion_title=row["criterion_title"],
        rating=row["rating"], url=row["url"], label=row["label"],
        pages=tuple(loads(row["pages"] or "[]")), evidence=bool(row["evidence"]),
        location=Location(loc.get("page"), loc.get("line")), cited_text=row["cited_text"],
        notes=tuple(loads(row["notes"] or "[]")),
    )  # fmt: skip
