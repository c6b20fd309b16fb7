"""The ASI Performance Standard V3.1 pack: for criteria that ask for public disclosure, the topic
a cited page must talk about (`topic`), and which ask for yearly disclosure (`current`, in
current.py). The pack is data (packs/asi-ps-v3.1.toml, each entry saying where it comes from);
it applies to reports whose overview names the Performance Standard V3.x, and it is advisory: its
checks fail a run only when `--fail-on` names them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from verifier.checks.pages import ResolvedPage
from verifier.fingerprint.normalise import phrase_pattern
from verifier.models import Check, CheckName, Citation, Fingerprint, Outcome, PageText, ReportMeta

PACK_DIR = Path(__file__).parent / "packs"
DEFAULT_PACK = PACK_DIR / "asi-ps-v3.1.toml"
SNIPPET = 40
_NUMERIC = re.compile(r"^\s*(\d{1,2}\.\d{1,2})(?!\d)")


class PackError(ValueError):
    """A pack file that cannot be used: the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class PackEntry:
    criterion: str  # numeric id, "6.1"
    title: str
    phrases: tuple[str, ...]
    annual: bool
    source: str


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    applies_to: re.Pattern[str]
    entries: dict[str, PackEntry]

    def applies(self, meta: ReportMeta | None) -> bool:
        return bool(meta and meta.standard and self.applies_to.search(meta.standard))

    def entry_for(
        self, c: Citation, meta: ReportMeta | None, off: frozenset[str] = frozenset()
    ) -> PackEntry | None:
        """The entry for an evidence citation of a report under this standard, unless off."""
        crit = numeric_criterion(c.criterion)
        if not c.evidence or crit is None or crit in off or "*" in off:
            return None
        if not self.applies(meta):
            return None
        return self.entries.get(crit)


def numeric_criterion(criterion: str | None) -> str | None:
    """ "6.1a-f" → "6.1", "9.8e" → "9.8", "10.3" → "10.3"; None for anything else."""
    m = _NUMERIC.match(criterion or "")
    return m.group(1) if m else None


@cache
def load_pack(path: Path = DEFAULT_PACK) -> Pack:
    """The pack file, validated (a packaged file: a bad one is a bug, said in one line)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read the pack: {exc}") from None
    entries: dict[str, PackEntry] = {}
    for n, e in enumerate(data.get("criterion", []), start=1):
        where = f"{path} [[criterion]] #{n}"
        crit = numeric_criterion(str(e.get("id", "")))
        phrases = e.get("phrases")
        if crit is None or not isinstance(phrases, list) or not phrases:
            raise PackError(f"{where}: needs a numeric id and a list of phrases")
        if not e.get("source"):
            raise PackError(f"{where}: needs a source (where the entry comes from)")
        entries[crit] = PackEntry(
            crit, str(e.get("title", "")), tuple(map(str, phrases)), bool(e.get("annual")),
            str(e["source"]),
        )  # fmt: skip
    return Pack(str(data.get("standard", path.stem)), re.compile(data["applies_to"]), entries)


def cited_pages(
    c: Citation, fp: Fingerprint, resolved: list[ResolvedPage]
) -> tuple[list[PageText], str] | None:
    """The pages a check reads: the cited ones, or the whole document when none is cited;
    None when the cited pages do not exist."""
    if not c.pages:
        return list(fp.pages), "anywhere in the document"
    indices = [r.physical for r in resolved if r.physical is not None]
    if not indices:
        return None
    pages = [fp.pages[i - 1] for i in indices if i <= len(fp.pages)]
    return pages, "on page " + ", ".join(str(i) for i in indices)


def find_phrase(phrases: tuple[str, ...], pages: list[PageText]) -> str | None:
    """The first phrase found, as `"phrase" on page N: …snippet…`."""
    for p in pages:
        for phrase in phrases:
            m = phrase_pattern(phrase).search(p.text)
            if m:
                start, end = max(0, m.start() - SNIPPET), min(len(p.text), m.end() + SNIPPET)
                return f'"{phrase}" on page {p.index}: …{p.text[start:end]}…'
    return None


def topic_check(
    c: Citation,
    entry: PackEntry,
    fp: Fingerprint | None,
    resolved: list[ResolvedPage],
    why_not: str | None,
) -> Check:
    """Does the cited page talk about what the criterion asks to disclose?"""
    u, name = Outcome.UNVERIFIABLE, CheckName.TOPIC
    if fp is None:
        return Check(name, u, why_not or "no text to search")
    got = cited_pages(c, fp, resolved)
    if got is None:
        return Check(name, u, "no cited page exists")
    pages, where = got
    readable = [p for p in pages if not p.image_only and not p.unreadable]
    hit = find_phrase(entry.phrases, readable)
    if hit:
        return Check(name, Outcome.PASS, f"{entry.criterion} {entry.title}: {hit}")
    if not readable:
        return Check(name, u, f"no extractable text {where} (image only or unreadable)")
    if len(readable) < len(pages):  # a page we cannot read may be the one about the topic
        return Check(name, u, f"no {entry.title} phrase in the readable pages {where}")
    shown = ", ".join(f'"{p}"' for p in entry.phrases[:6])
    return Check(name, Outcome.FAIL, f"{entry.criterion} {entry.title}: none of {shown}… {where}")
