"""Opening a PDF with PDFium, and why it could not be opened: one definition for evidence
(fingerprints) and for report PDFs (extraction). Runs inside the worker processes only."""

from __future__ import annotations

from typing import Any


class PdfUnopenable(ValueError):
    """The reason a PDF cannot be opened, in words a user can act on."""


def open_pdf(source: str | bytes) -> Any:
    """A `pypdfium2.PdfDocument` (close it), or PdfUnopenable with the reason."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(source)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise PdfUnopenable("encrypted PDF: a password is needed to read it") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise PdfUnopenable("encrypted PDF with an unsupported security handler") from None
        raise PdfUnopenable(
            f"not a readable PDF (damaged or truncated): {str(exc)[:200]}"
        ) from None
