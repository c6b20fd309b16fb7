"""Check stage: is the cited page there, does it have text, does it say what it should."""

from verifier.checks.expectations import (
    Expectation,
    ExpectationError,
    load_expectations,
    load_pack_off,
)
from verifier.checks.run import run_checks

__all__ = ["Expectation", "ExpectationError", "load_expectations", "load_pack_off", "run_checks"]
