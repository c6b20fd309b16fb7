"""History store: append-only SQLite record of runs, observations, citations and checks."""

from verifier.store.history import HistoryStore, RunInfo
from verifier.store.lock import StoreLocked
from verifier.store.records import CheckRecord, ObservationRecord, PageRecord
from verifier.store.schema import SchemaError

__all__ = [
    "CheckRecord", "HistoryStore", "ObservationRecord", "PageRecord",
    "RunInfo", "SchemaError", "StoreLocked",
]  # fmt: skip
