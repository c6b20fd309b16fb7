"""History store: append-only SQLite record of runs, observations, citations and checks.

It speaks the shared models (`verifier.models`) and nothing else: no stage, renderer or drift
logic lives here, and no sqlite3.Row leaves it.
"""

from verifier.models import RunStatus
from verifier.store.history import HistoryStore, RunInfo, RunSummary
from verifier.store.lock import StoreLocked
from verifier.store.schema import SchemaError

__all__ = ["HistoryStore", "RunInfo", "RunStatus", "RunSummary", "SchemaError", "StoreLocked"]
