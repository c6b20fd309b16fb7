"""What fingerprinting a document gives: plain data (page texts stay in memory and in the history
store; report.json carries everything else)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Unparseable(Exception):
    """A document that could not be read; the message is the reason shown to users."""


@dataclass(frozen=True, slots=True)
class PageText:
    index: int  # 1-based physical page
    text: str  # normalised text (not in report.json)
    text_sha256: str
    simhash: str
    label: str | None = None  # from /PageLabels, when the document has them
    printed: int | None = None  # page number printed in the header or footer, if unambiguous
    # Why the text layer cannot be trusted (control or private-use characters, fonts without a
    # Unicode mapping), or None: checks say "unverifiable" for such a page, never pass or fail.
    unreadable: str | None = None

    @property
    def image_only(self) -> bool:
        return not self.text

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "label": self.label, "printed": self.printed,
                "chars": len(self.text), "image_only": self.image_only,
                "unreadable": self.unreadable, "text_sha256": self.text_sha256,
                "simhash": self.simhash}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Fingerprint:
    sha256: str
    bytes: int
    type: str  # pdf, html
    extractor: str  # e.g. "pdfium 8149 / pypdfium2 5.15.2": a change of extractor is not drift
    text_sha256: str
    simhash: str
    page_count: int | None = None
    has_page_labels: bool = False
    title: str | None = None
    metadata: dict[str, str | None] = field(default_factory=dict)
    pages: tuple[PageText, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def image_only_pages(self) -> list[int]:
        return [p.index for p in self.pages if p.image_only]

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256, "bytes": self.bytes, "type": self.type,
            "extractor": self.extractor, "text_sha256": self.text_sha256, "simhash": self.simhash,
            "page_count": self.page_count, "has_page_labels": self.has_page_labels,
            "title": self.title, "metadata": self.metadata,
            "image_only_pages": self.image_only_pages, "warnings": list(self.warnings),
            "pages": [p.to_dict() for p in self.pages],
        }  # fmt: skip
