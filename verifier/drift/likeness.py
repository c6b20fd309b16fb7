"""Similarity hashes computed when a comparison needs them, not when a document is read.

A simhash answers one question: how alike are two versions whose texts differ. Most documents
never change, and computing every page's simhash as it is read was a third of the parse's own
time beside PDFium's (bench/scale_bench.py). So a worker computes them only for a document seen
before (a version to compare with exists), and a comparison that meets a fingerprint without
them (a first version, read without) computes them here from the page texts the history holds,
once, and the history keeps them: the same function over the same texts, so the values equal
those computed at reading.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace

from verifier.fingerprint.simhash import simhashes
from verifier.models import Fingerprint

# Turns a fingerprint into one with every similarity hash present (or as complete as it can).
Fill = Callable[[Fingerprint], Fingerprint]


def as_is(fp: Fingerprint) -> Fingerprint:
    """No texts at hand: a missing simhash stays missing, and its similarity is unknown."""
    return fp


def complete(fp: Fingerprint) -> bool:
    return bool(fp.simhash) and all(p.simhash for p in fp.pages)


class LazySimhashes:
    """A Fill over the history: hashes computed earlier are read back (`simhashes_by_digest`);
    missing ones are computed from the page texts (`texts_by_digest`, or the texts at hand) and
    kept (`remember`), so a version is hashed once in its life, not on every run that compares
    it. Keyed by the SHA-256 of the text hashed: a simhash is a function of its text alone (a
    page's, or the document's pages joined by newlines, whose digest is `text_sha256`)."""

    def __init__(
        self,
        texts: Callable[[Collection[str]], dict[str, str]],
        known: Callable[[Collection[str]], dict[str, str]] = lambda _: {},
        remember: Callable[[dict[str, str]], None] = lambda _: None,
    ) -> None:
        self._texts, self._known, self._remember = texts, known, remember
        self._done: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}

    def __call__(self, fp: Fingerprint) -> Fingerprint:
        if complete(fp) or not fp.pages:
            return fp
        key = (fp.text_sha256, *(p.text_sha256 for p in fp.pages))
        if key not in self._done:
            found = self._known(set(key))
            if all(d in found for d in key):
                hashes = tuple(found[p.text_sha256] for p in fp.pages), found[fp.text_sha256]
            else:
                texts = self._page_texts(fp)
                if texts is None:
                    return fp  # a text the history does not hold: similarity stays unknown
                pages, whole = simhashes(texts)
                hashes = tuple(pages), whole
                computed = dict(zip((p.text_sha256 for p in fp.pages), pages, strict=True))
                self._remember({**computed, fp.text_sha256: whole})
            self._done[key] = hashes
        pages, whole = self._done[key]
        return replace(
            fp,
            simhash=whole,
            pages=tuple(replace(p, simhash=h) for p, h in zip(fp.pages, pages, strict=True)),
        )

    def _page_texts(self, fp: Fingerprint) -> list[str] | None:
        if all(len(p.text) == p.chars for p in fp.pages):  # loaded (or empty)
            return [p.text for p in fp.pages]
        found = self._texts([p.text_sha256 for p in fp.pages if p.chars])
        if any(p.chars and p.text_sha256 not in found for p in fp.pages):
            return None
        return [found.get(p.text_sha256, "") if p.chars else "" for p in fp.pages]
