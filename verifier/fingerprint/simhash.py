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


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _windows(tokens: list[str], k: int = SHINGLE) -> set[str]:
    if len(tokens) < k:
        return {" ".join(tokens)} if tokens else set()
    return set(map(" ".join, zip(*(tokens[i:] for i in range(k)), strict=False)))  # ragged ends


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    return _windows(_tokens(text), k)


# _BIT[b][v] is bit b of byte v: bytes.translate then bytes.count tally one bit column in C.
_BIT = [bytes((v >> b) & 1 for v in range(256)) for b in range(8)]
_ZERO = "0" * 16


def _digest(feature: str) -> bytes:
    return hashlib.blake2b(feature.encode(), digest_size=8).digest()


def _columns(blob: bytes, n: int) -> str:
    """The simhash of n 8-byte feature hashes laid end to end in `blob`."""
    if not n:
        return _ZERO
    # Byte k of every hash is blob[k::8]. Counting each of the 64 bit columns with translate +
    # count runs in C: 4x faster than formatting every hash as a bit string
    # (bench/fingerprint_bench.py), with identical values.
    half = n / 2
    value = 0
    for k in range(8):
        column = blob[k::8]
        for b in range(8):
            if column.translate(_BIT[b]).count(1) > half:
                value |= 1 << (56 - 8 * k + b)  # big-endian: byte 0 holds the top bits
    return f"{value:016x}"


def simhash(text: str) -> str:
    features = shingles(text)
    return _columns(b"".join(map(_digest, features)), len(features))


def simhashes(texts: list[str]) -> tuple[list[str], str]:
    """Each text's simhash, and the simhash of the texts joined by newlines: equal to
    `simhash(text)` and `simhash("\n".join(texts))` at about half their cost. The joined text's
    tokens are the texts' tokens in order (a newline never joins two tokens), so its shingles are
    those of the texts of three tokens or more plus the few that span a break between texts:
    every text is tokenised once and every distinct shingle hashed once."""
    tokens = [_tokens(t) for t in texts]
    digest: dict[str, bytes] = {}
    pages = []
    whole: set[str] = set()
    blake2b = hashlib.blake2b
    for ts in tokens:
        features = _windows(ts)
        # Inline, not _digest(): a call per shingle is a fifth of the cost at 600 shingles a page.
        digest.update(
            {f: blake2b(f.encode(), digest_size=8).digest() for f in features - digest.keys()}
        )
        pages.append(_columns(b"".join(map(digest.__getitem__, features)), len(features)))
        if len(ts) >= SHINGLE:  # shorter: its one shingle is not one of the joined text's
            whole |= features
    joined = [tok for ts in tokens for tok in ts]
    if len(joined) < SHINGLE:
        whole = _windows(joined)
    else:
        starts, at = set(), 0
        for ts in tokens[:-1]:  # windows starting just before a break span it
            at += len(ts)
            starts.update(i for i in range(at - SHINGLE + 1, at) if 0 <= i <= len(joined) - SHINGLE)
        whole.update(" ".join(joined[i : i + SHINGLE]) for i in starts)
    for f in whole - digest.keys():
        digest[f] = _digest(f)
    return pages, _columns(b"".join(map(digest.__getitem__, whole)), len(whole))


def similarity(a: str | None, b: str | None) -> float | None:
    """1 - Hamming distance / 64, or None when either side has no fingerprint."""
    if not a or not b:
        return None
    return 1.0 - bin(int(a, 16) ^ int(b, 16)).count("1") / 64.0
