"""Suite-wide settings."""

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs property tests with a fixed seed so a landing never hangs on a lucky draw; local runs
# explore new inputs every time (and keep failures in .hypothesis/ to replay them).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("deep", max_examples=5000)
if os.environ.get("CI"):
    settings.load_profile("ci")
elif os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])


@pytest.fixture(autouse=True)
def _no_archive_lookups_unless_asked(monkeypatch):
    """Tests never reach the real Wayback Machine: archive lookups are off unless a test's own
    config turns them on (pointing `wayback_url` at a local emulation server)."""
    import dataclasses

    from verifier import cli
    from verifier.settings import load_settings

    def load(path=None):
        settings = load_settings(path)
        text = Path(path).read_text(encoding="utf-8") if path else ""
        if "[archive_lookup]" in text:
            return settings
        lookup = dataclasses.replace(settings.archive_lookup, enabled=False)
        return dataclasses.replace(settings, archive_lookup=lookup)

    monkeypatch.setattr(cli, "load_settings", load)
