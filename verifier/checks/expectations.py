"""Expectation files: what a cited document must say (`configs/expectations/*.toml`).

    [[expect]]
    # Which citations this applies to: every key given must match (at least one is required).
    url = "https://example.org/esg-2023.pdf"      # exact URL as cited
    url_pattern = "innovationmetal\\\\.com/.*\\\\.pdf$"   # regular expression, searched
    report = "shandong"                            # substring of the report path
    criterion = "6.1a-f"                           # exact criterion id
    label = "ESG Report"                           # substring of the label, any case
    # What must appear: on the cited pages, or anywhere when the citation cites no page.
    all_of = ["废气", "air emissions"]              # every phrase
    any_of = ["SO2", "二氧化硫"]                    # at least one phrase
    note = "why this is expected"                  # optional, shown in reports

A file may switch entries of the standard pack off (checks/packs/, the `topic` and `current`
checks) with a top-level `pack_off = ["6.1", "10.3"]` (numeric criterion ids), or `pack_off =
["*"]` for the whole pack; its own [[expect]] entries keep producing `expected_text`.

A file may say which reports it is for with a top-level `reports = ["asi-report-shandong-*.txt"]`
(shell patterns, matched against the report's file name and its whole path): its entries then
apply to those reports only. Matching ignores case, full-width vs ASCII, and whitespace, so it
works for Chinese text too.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePath

from verifier.models import Citation


class ExpectationError(ValueError):
    """An expectation file that cannot be used: the message names the file and the entry."""


_SELECTORS = ("url", "url_pattern", "report", "criterion", "label")
_KEYS = {*_SELECTORS, "all_of", "any_of", "note"}


@dataclass(frozen=True, slots=True)
class Expectation:
    source: str  # file and entry number, for messages
    url: str | None = None
    url_pattern: re.Pattern[str] | None = None
    report: str | None = None
    criterion: str | None = None
    label: str | None = None
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    note: str | None = None
    for_reports: tuple[str, ...] = ()  # the file's `reports` patterns; empty: every report

    def matches(self, c: Citation) -> bool:
        return (
            self._for_report(c.report)
            and (self.url is None or c.url == self.url)
            and (self.url_pattern is None or bool(self.url_pattern.search(c.url)))
            and (self.report is None or self.report.lower() in c.report.lower())
            and (self.criterion is None or c.criterion == self.criterion)
            and (self.label is None or self.label.lower() in (c.label or "").lower())
        )

    def _for_report(self, report: str) -> bool:
        if not self.for_reports:
            return True
        name = PurePath(report).name
        return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(report, p) for p in self.for_reports)


def _phrases(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise ExpectationError(f"{where}: expected a list of non-empty phrases")
    return tuple(value)


def _files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.glob("*.toml")) if p.is_dir() else [p])
    return files


def _pack_off(value: object, f: Path) -> frozenset[str]:
    ids = _phrases(value, f"{f} pack_off")
    bad = [i for i in ids if i != "*" and not re.fullmatch(r"\d{1,2}\.\d{1,2}", i.strip())]
    if bad:
        raise ExpectationError(
            f'{f} pack_off: {bad[0]!r} is not a numeric criterion id like "6.1" (or "*")'
        )
    return frozenset(i.strip() for i in ids)


def load_pack_off(paths: list[Path]) -> frozenset[str]:
    """The standard-pack criteria the files switch off (`pack_off`), together; "*" is all."""
    off: set[str] = set()
    for f in _files(paths):
        try:
            data = tomllib.loads(f.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue  # load_expectations reports it
        if "pack_off" in data:
            off |= _pack_off(data["pack_off"], f)
    return frozenset(off)


def load_expectations(paths: list[Path]) -> list[Expectation]:
    """Every [[expect]] entry of the given files (directories: their *.toml), validated."""
    out: list[Expectation] = []
    for f in _files(paths):
        try:
            data = tomllib.loads(f.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ExpectationError(f"{f}: cannot read expectations: {exc}") from None
        unknown = set(data) - {"expect", "reports", "pack_off"}
        if unknown:
            raise ExpectationError(
                f"{f}: unknown top-level keys {sorted(unknown)} "
                "(use reports, pack_off and [[expect]])"
            )
        if "pack_off" in data:
            _pack_off(data["pack_off"], f)
        for_reports = _phrases(data["reports"], f"{f} reports") if "reports" in data else ()
        for n, entry in enumerate(data.get("expect", []), start=1):
            where = f"{f} [[expect]] #{n}"
            if not isinstance(entry, dict):
                raise ExpectationError(f"{where}: expected a table")
            bad = set(entry) - _KEYS
            if bad:
                raise ExpectationError(
                    f"{where}: unknown keys {sorted(bad)} (known: {sorted(_KEYS)})"
                )
            if not any(k in entry for k in _SELECTORS):
                raise ExpectationError(f"{where}: needs at least one of {', '.join(_SELECTORS)}")
            if "all_of" not in entry and "any_of" not in entry:
                raise ExpectationError(f"{where}: needs all_of or any_of")
            try:
                pattern = re.compile(entry["url_pattern"]) if "url_pattern" in entry else None
            except re.error as exc:
                raise ExpectationError(
                    f"{where}: url_pattern is not a valid regex: {exc}"
                ) from None
            out.append(
                Expectation(
                    source=where,
                    url=entry.get("url"),
                    url_pattern=pattern,
                    report=entry.get("report"),
                    criterion=entry.get("criterion"),
                    label=entry.get("label"),
                    all_of=_phrases(entry["all_of"], f"{where} all_of")
                    if "all_of" in entry
                    else (),
                    any_of=_phrases(entry["any_of"], f"{where} any_of")
                    if "any_of" in entry
                    else (),
                    note=entry.get("note"),
                    for_reports=for_reports,
                )
            )
    return out
