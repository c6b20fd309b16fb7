"""Text normal forms: one for hashing (so a re-saved PDF with the same words hashes the same),
one for matching phrases (insensitive to case, full-width vs ASCII, and whitespace, for
Chinese as for English)."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC, line breaks and runs of whitespace collapsed to one space, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A pattern finding `phrase` in normalised text whatever its case, width or spacing.

    NFKC folds full-width letters and digits to ASCII; whitespace between any two characters is
    optional (Chinese has none, and extraction may add or drop it)."""
    chars = [c for c in unicodedata.normalize("NFKC", phrase) if not c.isspace()]
    return re.compile(r"\s*".join(re.escape(c) for c in chars), re.IGNORECASE)
