"""Reporting stage: pure functions from results to text; the CLI writes the files."""
