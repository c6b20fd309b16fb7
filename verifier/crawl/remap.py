"""`--remap 'REGEX REPLACEMENT'`: rewrite URLs before fetching (as lychee does), to check a mirror
or a local replica. Reports keep the cited URL and show the fetched one."""

from __future__ import annotations

import re
from dataclasses import dataclass


class RemapError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Remap:
    pattern: re.Pattern[str]
    replacement: str

    @classmethod
    def parse(cls, spec: str) -> Remap:
        parts = spec.strip().split(None, 1)
        if len(parts) != 2:
            raise RemapError(f"--remap needs 'REGEX REPLACEMENT', got {spec!r}")
        try:
            return cls(re.compile(parts[0]), parts[1].strip())
        except re.error as exc:
            raise RemapError(f"--remap {parts[0]!r}: invalid regular expression: {exc}") from None


def apply_remaps(url: str, remaps: list[Remap]) -> str:
    """The first remap whose pattern matches rewrites the URL; later ones are not applied."""
    for r in remaps:
        if r.pattern.search(url):
            return r.pattern.sub(r.replacement, url, count=1)
    return url
