"""Drift and baselines: how a document changed since the last run, and how each cited page
compares with the version the audit relied on. Pure functions over the shared models."""

from verifier.drift.baseline import compare_with_baseline
from verifier.drift.document import classify
from verifier.drift.pages import RELOCATION_THRESHOLD, compare_page

__all__ = ["RELOCATION_THRESHOLD", "classify", "compare_page", "compare_with_baseline"]
