"""What fingerprinting a document gives: per-page normalised text and hashes, and facts about the
document. Page texts stay in memory and in the history store; report.json carries the rest."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


class Unparseable(Exception):
    """A document that could not be read; the message is the reason shown to users.
    `of_content` is False when the cause may lie outside the document (a worker killed from
    outside, an unexpected error): the same bytes elsewhere are then worth another try."""

    def __init__(self, reason: str, *, of_content: bool = True) -> None:
        super().__init__(reason)
        self.of_content = of_content


@dataclass(frozen=True, slots=True)
class PageText:
    index: int  # 1-based physical page
    text: str  # normalised text (not in report.json); "" when loaded without texts
    text_sha256: str
    # 64-bit similarity hash, 16 hex digits; "" when not computed yet: it is computed when a
    # comparison needs it (verifier/drift/likeness.py), null in report.json until then.
    simhash: str
    label: str | None = None  # from /PageLabels, when the document has them
    printed: int | None = None  # page number printed in the header or footer, if unambiguous
    # Why the text layer cannot be trusted (control or private-use characters, fonts without a
    # Unicode mapping), or None: checks say "unverifiable" for such a page, never pass or fail.
    unreadable: str | None = None
    # The text without the top and bottom bands (running headers, footers, page numbers):
    # what aligns a page with the same page elsewhere, so an inserted page is one change.
    body_sha256: str | None = None
    chars: int = -1  # length of the text; kept when a page is loaded without its text

    def __post_init__(self) -> None:
        if self.chars < 0:
            object.__setattr__(self, "chars", len(self.text))

    @property
    def image_only(self) -> bool:
        return self.chars == 0

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "label": self.label, "printed": self.printed,
                "chars": self.chars, "image_only": self.image_only,
                "unreadable": self.unreadable, "text_sha256": self.text_sha256,
                "body_sha256": self.body_sha256, "simhash": self.simhash or None}  # fmt: skip

    @classmethod
    def from_dict(cls, d: dict[str, Any], text: str | None = None) -> PageText:
        return cls(
            index=d["index"], text=text or "", text_sha256=d["text_sha256"],
            simhash=d.get("simhash") or "", label=d.get("label"), printed=d.get("printed"),
            unreadable=d.get("unreadable"), body_sha256=d.get("body_sha256"),
            chars=len(text) if text is not None else int(d.get("chars", 0)),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Fingerprint:
    sha256: str
    bytes: int
    type: str  # pdf, html
    extractor: str  # e.g. "pdfium 8149 / pypdfium2 5.15.2": a change of extractor is not drift
    text_sha256: str
    simhash: str  # of the whole text; "" when not computed yet (as PageText.simhash)
    page_count: int | None = None
    has_page_labels: bool = False
    title: str | None = None
    metadata: dict[str, str | None] = field(default_factory=dict)
    pages: tuple[PageText, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def image_only_pages(self) -> list[int]:
        return [p.index for p in self.pages if p.image_only]

    @property
    def page_hashes(self) -> tuple[str, ...]:
        return tuple(p.text_sha256 for p in self.pages)

    def alignment_hashes(self, other: Fingerprint | None = None) -> tuple[str, ...]:
        """Page hashes to align pages by: of the body (headers and footers left out) when this
        fingerprint, and `other` if given, have them for every page; else of the whole text."""
        both = (self, other) if other is not None else (self,)
        if all(f.pages and all(p.body_sha256 for p in f.pages) for f in both):
            return tuple(p.body_sha256 or "" for p in self.pages)
        return self.page_hashes

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256, "bytes": self.bytes, "type": self.type,
            "extractor": self.extractor, "text_sha256": self.text_sha256,
            "simhash": self.simhash or None,
            "page_count": self.page_count, "has_page_labels": self.has_page_labels,
            "title": self.title, "metadata": dict(self.metadata),
            "image_only_pages": self.image_only_pages, "warnings": list(self.warnings),
            "pages": [p.to_dict() for p in self.pages],
        }  # fmt: skip

    def with_texts(self, texts: dict[int, str]) -> Fingerprint:
        """This fingerprint with its page texts (loaded from the store by page index)."""
        pages = tuple(replace(p, text=texts.get(p.index, "")) for p in self.pages)
        return replace(self, pages=pages)

    @classmethod
    def from_dict(cls, d: dict[str, Any], texts: dict[int, str] | None = None) -> Fingerprint:
        """The inverse of to_dict; page texts come from `texts` (by page index) when given."""
        pages = tuple(
            PageText.from_dict(p, None if texts is None else texts.get(p["index"], ""))
            for p in d.get("pages", [])
        )
        return cls(
            sha256=d["sha256"], bytes=d["bytes"], type=d["type"], extractor=d["extractor"],
            text_sha256=d["text_sha256"], simhash=d.get("simhash") or "",
            page_count=d.get("page_count"),
            has_page_labels=d.get("has_page_labels", False), title=d.get("title"),
            metadata=d.get("metadata") or {}, pages=pages,
            warnings=tuple(d.get("warnings", [])),
        )  # fmt: skip
