"""Similarity hashes computed when a comparison needs them, not when a document is read.

A simhash answers one question: how alike are two versions whose texts differ. Most documents
never change, and computing every page's simhash as it is read was a third of the parse's own
time beside PDFium's (bench/scale_bench.py). So a worker computes them only for a document seen
before (a version to compare with exists), and a comparison that meets a fingerprint without
them (a first version, read without) computes them here from the page texts the history holds:
the same function over the same texts, so the values equal those computed at reading.
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
    """A Fill reading page texts by digest (`HistoryStore.texts_by_digest`), each version's
    hashes computed once: a version is known by its bytes and the extractor that read them."""

    def __init__(self, texts: Callable[[Collection[str]], dict[str, str]]) -> None:
        self._texts = texts
        self._done: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {}

    def __call__(self, fp: Fingerprint) -> Fingerprint:
        if complete(fp) or not fp.pages:
            return fp
        key = (fp.sha256, fp.extractor)
        if key not in self._done:
            loaded = all(len(p.text) == p.chars for p in fp.pages)
            if loaded:
                texts = [p.text for p in fp.pages]
            else:
                found = self._texts([p.text_sha256 for p in fp.pages if p.chars])
                if any(p.chars and p.text_sha256 not in found for p in fp.pages):
                    return fp  # a text the history does not hold: similarity stays unknown
                texts = [found.get(p.text_sha256, "") if p.chars else "" for p in fp.pages]
            pages, whole = simhashes(texts)
            self._done[key] = (tuple(pages), whole)
        pages, whole = self._done[key]
        return replace(
            fp,
            simhash=whole,
            pages=tuple(replace(p, simhash=h) for p, h in zip(fp.pages, pages, strict=True)),
        )
