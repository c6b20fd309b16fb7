"""64-bit simhash over the *set* of word 3-shingles, so two versions can be scored 0-1.

A set, not a bag: repeated boilerplate (table-of-contents leaders, running headers) would
otherwise outweigh the content (measured in the project notes: with a bag, "first half only"
scored identical). Chinese and Japanese characters are tokens one by one, since they are not
separated by spaces. Stored as 16 hex digits: SQLite integers stop at 2^63.
"""

from __future__ import annotations

import hashlib
import re

_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
)
SHINGLE = 3


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    tokens = _TOKEN.findall(text.casefold())
    if len(tokens) < k:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def simhash(text: str) -> str:
    features = shingles(text)
    if not features:
        return "0" * 16
    # One 64-character bit string per feature; counting the ones in each column is done by
    # str.count in C, several times faster than a per-bit Python loop (bench/fingerprint_bench).
    rows = [
        format(int.from_bytes(hashlib.blake2b(f.encode(), digest_size=8).digest(), "big"), "064b")
        for f in features
    ]
    half = len(rows) / 2
    value = 0
    for i, column in enumerate(zip(*rows, strict=True)):
        if column.count("1") > half:
            value |= 1 << (63 - i)
    return f"{value:016x}"


def similarity(a: str | None, b: str | None) -> float | None:
    """1 - Hamming distance / 64, or None when either side has no fingerprint."""
    if not a or not b:
        return None
    return 1.0 - bin(int(a, 16) ^ int(b, 16)).count("1") / 64.0
