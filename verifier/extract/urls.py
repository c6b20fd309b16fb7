"""Finding URLs in report text, rejoining the ones a layout broke over lines.

Word processors break long URLs after `-` or `/`, and PDF-to-text exports keep those breaks, so a
cited URL often arrives in two or three pieces. We rejoin a piece when the break is one a URL would
make (after `-`, `/`, `=`, ...) and the next line starts with URL-like characters; link targets the
document itself carries (`known_urls`) settle the ambiguous cases and complete what cannot be
joined.
The rule that matters most: never output a truncated URL without saying so.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# RFC 3986 characters, without the quote characters that end a URL in prose.
URL_CHARS = r"A-Za-z0-9\-._~:/?#\[\]@!$&*+,;=%()"
_URL_CHAR = re.compile(f"[{URL_CHARS}]")
# Any scheme: ftp://, file:///C:/..., and http:// to any host (localhost, [::1], intranet) are
# all cited documents; what each one gets is the crawler's decision (crawl/safety.py).
SCHEME = r"[A-Za-z][A-Za-z0-9+-]{0,15}://"
# A scheme may end a line ("https://" then the host on the next line); a bare www. may not.
URL_START = re.compile(
    r"(?<![A-Za-z0-9_@./+-])"
    rf"(?:{SCHEME}(?=[A-Za-z0-9\[/]|[ \t]*\n[ \t]*[A-Za-z0-9\[])|www\.(?=[A-Za-z0-9]))",
    re.IGNORECASE,
)
_RUN = re.compile(f"[{URL_CHARS}]+")
_STARTS_URL = re.compile(rf"(?:{SCHEME}|www\.)", re.IGNORECASE)
# A complete URL on a line of its own (what a link-annotation block is made of).
URL_LINE = re.compile(rf"^\s*({SCHEME}[^\s]+)\s*$", re.IGNORECASE)
_NEWLINE = re.compile(r"[ \t\u00a0]*\n")
_BLANKS = re.compile(r"(?:[ \t\u00a0]*\n)*[ \t\u00a0]*")
_HOST = re.compile(r"[A-Za-z0-9._~%!$&'()*+,;=-]+")

_TRAILING = ".,;:!?*'\""
# Continuations after a break at these characters are rejoined without further evidence.
_BREAK_AFTER = "-/=&?%_#~+"
_FILE_END = re.compile(r"\.(?:pdf|html?|aspx?|php|jsp|docx?|xlsx?|pptx?|txt|csv|zip)$", re.I)


@dataclass(frozen=True, slots=True)
class UrlMention:
    start: int  # offset in the stream where the URL text begins
    end: int  # offset just past its last character
    url: str  # fetchable URL (scheme added to a bare www. domain, completed if truncated)
    cited_text: str  # the URL as printed, line breaks removed
    notes: tuple[str, ...] = ()


def trim_trailing(token: str) -> str:
    """Drop sentence punctuation and unbalanced closing brackets from the end of a URL."""
    while token:
        last = token[-1]
        if (
            last in _TRAILING
            or (last == ")" and token.count("(") < token.count(")"))
            or (last == "]" and token.count("[") < token.count("]"))
        ):
            token = token[:-1]
        else:
            break
    return token


@functools.lru_cache(maxsize=65536)
def canonical(url: str) -> str:
    """Comparison key: host lower-cased, http/https and a trailing slash ignored (other schemes
    and ports kept: ftp://host/a is not the web page https://host/a)."""
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    prefix = "" if scheme in ("http", "https") else f"{scheme}:"
    host = (parts.hostname or "").lower() + (f":{port}" if port is not None else "")
    path = parts.path.rstrip("/")
    q = f"?{parts.query}" if parts.query else ""
    return f"{prefix}{host}{path}{q}"


class KnownUrls:
    """Link targets the document carries, for confirming joins and completing truncations."""

    def __init__(self, urls: list[str]) -> None:
        self.urls = list(dict.fromkeys(urls))
        self.keys = {canonical(u): u for u in self.urls}
        self._sorted = sorted(self.keys)

    def __bool__(self) -> bool:
        return bool(self.urls)

    def exact(self, url: str) -> str | None:
        return self.keys.get(canonical(url))

    def extensions_of(self, url: str, limit: int = 2) -> list[str]:
        """Up to `limit` known URLs that strictly extend `url` (so `url` may be a truncated
        piece of them). A prefix search in the sorted keys: scanning every known URL for every
        piece made large reports quadratic."""
        key = canonical(url)
        if not key:
            return []
        out: list[str] = []
        i = bisect.bisect_right(self._sorted, key)
        while i < len(self._sorted) and len(out) < limit and self._sorted[i].startswith(key):
            out.append(self.keys[self._sorted[i]])
            i += 1
        return out


def _first_token(text: str, pos: int) -> str:
    m = _RUN.match(text, pos)
    return m.group(0) if m else ""


def _should_join(
    piece: str, raw_piece: str, cont: str, known: KnownUrls, gap: bool, cont_line: str = ""
) -> bool:
    """Decide whether `cont` (start of a following line) continues the URL `piece`."""
    cont_core = trim_trailing(cont)
    if not cont_core or _STARTS_URL.match(cont_core):
        return False
    joined = (raw_piece if raw_piece.endswith(".") else piece) + cont_core
    if known:
        if known.exact(joined) or known.extensions_of(joined):
            return True
        if known.exact(piece):
            return False
    # After a hyphen, the rest of a URL has URL punctuation or digits, or is the whole line;
    # a prose word ("The next ...") is not a continuation.
    urlish = bool(re.search(r"[/.=?&%_#\d-]", cont_core)) or cont == cont_line.strip()
    if gap:
        # Across blank lines only a hyphen break is convincing without the document's own links.
        return piece.endswith("-") and urlish and bool(re.search(r"[/.=?&%\d]", cont_core))
    if piece.endswith("-"):
        # "-a" may continue a URL; a lone "-" starting a line is a list bullet.
        return bool(re.match(r"[A-Za-z0-9%_~]|[-.]+[A-Za-z0-9]", cont_core)) and urlish
    if raw_piece.endswith(".") and re.match(r"(?:pdf|html?|aspx?|php|docx?|xlsx?)\b", cont_core):
        return True
    if piece[-1] in _BREAK_AFTER:
        # A path continues: a file name, more segments or a query, not a prose word or a year.
        return bool(re.search(r"[./=?&%_]", cont_core)) and cont_core[0] not in ".,"
    if _FILE_END.search(piece):
        return False
    return cont_core[0] in "/?#&=" or ("/" in cont_core and "." in cont_core.split("/")[-1])


def find_urls(text: str, known: KnownUrls) -> list[UrlMention]:
    """Every URL mention in `text`, rejoined over line breaks, in order of appearance."""
    mentions: list[UrlMention] = []
    pos = 0
    while True:
        m = URL_START.search(text, pos)
        if m is None:
            break
        start = m.start()
        run = _RUN.match(text, start)
        end = run.end() if run else start
        piece_raw = text[start:end]
        pieces = [piece_raw]
        notes: list[str] = []
        # Follow line breaks while the URL runs to its line's end and the next line continues it.
        while True:
            raw = "".join(pieces)
            piece = trim_trailing(raw)
            # Patterns are matched at a position, never on text[end:]: slicing the rest of a large
            # report for every URL made extraction quadratic.
            nl = _NEWLINE.match(text, end)
            if not nl or not piece:
                break
            after = nl.end()
            blank = _BLANKS.match(text, after)
            gap = blank is not None and "\n" in blank.group(0)
            cont_at = blank.end() if blank else after
            cont = _first_token(text, cont_at)
            if not cont:
                break
            if piece != raw and not (raw.endswith(".") and piece == raw[:-1]):
                # Trailing punctuation ends the URL ("... at https://x.org/a?"), unless the
                # document's own link target says the URL goes on ("...?" + "id=42").
                confirmed = known and known.exact(raw + trim_trailing(cont))
                if not confirmed:
                    break
                piece = raw
            line_end = text.find("\n", cont_at)
            cont_line = text[cont_at : line_end if line_end >= 0 else len(text)]
            if not _should_join(piece, raw, cont, known, gap, cont_line):
                break
            pieces.append(cont)
            end = cont_at + len(cont)
            if gap:
                notes.append("rejoined across a page or paragraph break")
        cited = trim_trailing("".join(pieces))
        end = end - (len("".join(pieces)) - len(cited))
        pos = max(end, start + 1)
        if len(cited) < 8 or not urlsplit_ok(cited):
            continue
        url = cited if "://" in cited else "http://" + cited
        exact = known.exact(url) if known else None
        if exact:
            url = exact if "://" not in cited else url
        elif known:
            ext = known.extensions_of(url)
            if len(ext) == 1 and (url.endswith(("-", "/", ".", "_")) or _looks_cut(url)):
                notes.append(f"completed from the document's link target (printed as {cited})")
                url = ext[0]
        if url.endswith("-"):
            notes.append("URL ends with '-': it may be truncated")
        mentions.append(UrlMention(start, end, url, cited, tuple(notes)))
    return mentions


def _looks_cut(url: str) -> bool:
    path = urlsplit(url).path
    return bool(path) and not _FILE_END.search(path) and path.endswith(("-", "/"))


@functools.lru_cache(maxsize=65536)
def urlsplit_ok(url: str) -> bool:
    """A URL with a host (a name, dotted or not, or an IP literal), or a file:// path."""
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
        host = parts.hostname or ""
        _ = parts.port
    except ValueError:
        return False
    if parts.scheme.lower() == "file":
        return len(parts.path) > 1 or bool(host)
    if ":" in host:  # an IPv6 literal, brackets removed by urlsplit
        return True
    if not host or host.startswith(".") or host.endswith("."):
        return False
    return bool(_HOST.fullmatch(host)) and ("." in host or "://" in url)
