"""Suite-wide settings."""

import os

from hypothesis import settings

# CI runs property tests with a fixed seed so a landing never hangs on a lucky draw; local runs
# explore new inputs every time (and keep failures in .hypothesis/ to replay them).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("deep", max_examples=5000)
if os.environ.get("CI"):
    settings.load_profile("ci")
elif os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
