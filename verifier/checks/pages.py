"""Which physical page a cited "page 33" is.

Reports cite the number printed on the page, which covers and contents pages shift away from
the sheet count. In order: the PDF's /PageLabels, when present; else the page that prints that
number alone in its top or bottom margin, in step with its neighbours (fingerprint/pdf.py), when
exactly one does; else the physical index. The result says which
rule was used, so an auditor can see why page 35 was read for "page 33".
"""

from __future__ import annotations

from dataclasses import dataclass

from verifier.models import Fingerprint


@dataclass(frozen=True, slots=True)
class ResolvedPage:
    cited: int
    physical: int | None  # None: no such page
    method: str  # "page label", "printed page number", "physical page", "none"

    def describe(self, page_count: int) -> str:
        if self.physical is None:
            return f"page {self.cited} cited, document has {page_count} pages"
        if self.method == "physical page":
            return f"page {self.cited} (physical page {self.physical})"
        return f"page {self.cited} = physical page {self.physical} (by {self.method})"


def resolve(cited: int, fp: Fingerprint) -> ResolvedPage:
    count = fp.page_count or len(fp.pages)
    if fp.has_page_labels:
        hits = [p.index for p in fp.pages if p.label == str(cited)]
        if len(hits) == 1:
            return ResolvedPage(cited, hits[0], "page label")
    printed = [p.index for p in fp.pages if p.printed == cited]
    if len(printed) == 1:
        return ResolvedPage(cited, printed[0], "printed page number")
    if 1 <= cited <= count:
        return ResolvedPage(cited, cited, "physical page")
    return ResolvedPage(cited, None, "none")
