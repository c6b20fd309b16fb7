"""Check stage: is the cited page there, does it have text, does it say what it should."""

from verifier.checks.expectations import Expectation, ExpectationError, load_expectations
from verifier.checks.run import run_checks

__all__ = ["Expectation", "ExpectationError", "load_expectations", "run_checks"]
