"""The one exception the extraction stage raises for bad input, and how its messages are kept
to one printable line."""

from __future__ import annotations

import unicodedata

# Bidirectional overrides and line/paragraph separators: they reorder or break what a terminal
# shows, so a file name carrying them could make one error line look like another.
_INVISIBLE = set("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class ExtractError(Exception):
    """An input that cannot be read. The message is one line, fit for the user."""


def printable(text: str) -> str:
    """`text` with control characters escaped (ESC as \\x1b, a newline as \\n), so a path or a
    parser's message from any input prints as one harmless line."""
    out = []
    for ch in text:
        if ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif unicodedata.category(ch) == "Cc" or ch in _INVISIBLE:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
