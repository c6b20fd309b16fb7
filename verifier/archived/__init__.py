"""Archived copies of cited documents in the Wayback Machine (lookup and Save Page Now)."""

from verifier.archived.client import (
    ArchiveClient,
    LookupFailed,
    SaveClient,
    TransportClient,
    open_client,
)
from verifier.archived.save import SavePacer, SaveResult, save_page_now
from verifier.archived.wayback import (
    ArchivedCopy,
    Capture,
    LookupResult,
    Matches,
    file_sha1_base32,
    lookup,
    needs_lookup,
)

__all__ = [
    "ArchiveClient",
    "ArchivedCopy",
    "Capture",
    "LookupFailed",
    "LookupResult",
    "Matches",
    "SaveClient",
    "SavePacer",
    "SaveResult",
    "TransportClient",
    "file_sha1_base32",
    "lookup",
    "needs_lookup",
    "open_client",
    "save_page_now",
]
