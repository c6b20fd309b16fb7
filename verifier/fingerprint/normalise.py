"""Text normal forms: one for hashing (so a re-saved PDF with the same words hashes the same),
one for matching phrases (insensitive to case, full-width vs ASCII, and whitespace, for
Chinese as for English).

Rules, in order:
- CJK Radicals Supplement (U+2E80-2EFF) to the unified ideograph each stands for (table in
  radicals.py, from Unicode's EquivalentUnifiedIdeograph.txt): Chrome/Skia-printed Chinese PDFs
  map 见, 长, 页... to radical code points, which look the same but match nothing;
- Unicode NFKC: full-width letters and digits to ASCII, the ideographic space to a space, Kangxi
  Radicals (U+2F00-2FDF) to unified ideographs, ligatures (ﬁ) to letters;
- control characters (C0, DEL, C1) count as whitespace: extractors emit them for glyphs without a
  Unicode mapping, and a hash must not depend on which code a broken font used. Whether a page's
  text can be trusted at all is decided before this, on the raw text (fingerprint/pdf.py);
- runs of whitespace collapse to one space, trimmed.
"""

from __future__ import annotations

import re
import unicodedata

from verifier.fingerprint.radicals import RADICALS

_SPACE = re.compile(r"\s+")
_FOLD = {**RADICALS, **{c: " " for c in [*range(0x20), *range(0x7F, 0xA0)]}}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text.translate(_FOLD))


def normalise(text: str) -> str:
    """Radicals folded, NFKC, control characters and runs of whitespace to one space, trimmed."""
    return _SPACE.sub(" ", _fold(text)).strip()


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A pattern finding `phrase` in normalised text whatever its case, width or spacing.

    The phrase gets the same folding as page text; whitespace between any two characters is
    optional (Chinese has none, and extraction may add or drop it)."""
    chars = [c for c in _fold(phrase) if not c.isspace()]
    return re.compile(r"\s*".join(re.escape(c) for c in chars), re.IGNORECASE)
