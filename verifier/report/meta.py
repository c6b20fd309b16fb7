"""One line per report saying which audit it is: entity, standard, audit, certification."""

from __future__ import annotations

from verifier.models import ReportEntry, ReportMeta, RunResult


def _span(start: str | None, end: str | None) -> str | None:
    if start and end and start != end:
        return f"{start} – {end}"
    return start or end


def meta_parts(meta: ReportMeta) -> list[str]:
    """The stated fields as short phrases, in the order the overview table gives them."""
    parts: list[str] = []
    if meta.entity or meta.member:
        parts.append(meta.entity or meta.member or "")
    if meta.member and meta.entity and meta.member != meta.entity:
        parts.append(f"member {meta.member}")
    if meta.standard:
        parts.append(meta.standard)
    audit = _span(meta.audit_start, meta.audit_end)
    if meta.audit_type or audit:
        text = " ".join(x for x in (meta.audit_type or "audit", audit) if x)
        parts.append(text + (f" by {meta.audit_firm}" if meta.audit_firm else ""))
    elif meta.audit_firm:
        parts.append(f"audit firm {meta.audit_firm}")
    if meta.submitted:
        parts.append(f"submitted {meta.submitted}")
    cert = _span(meta.certification_start, meta.certification_end)
    if cert:
        parts.append(f"certified {cert}")
    if meta.certificate_number:
        parts.append(f"certificate {meta.certificate_number}")
    return parts


def meta_line(entry: ReportEntry) -> str:
    """`path: entity · standard · ...`, or `path: no overview table` for other layouts."""
    parts = meta_parts(entry.meta)
    return f"{entry.path}: " + (" · ".join(parts) if parts else "no overview table found")


def meta_lines(result: RunResult) -> list[str]:
    return [meta_line(r) for r in result.reports]
