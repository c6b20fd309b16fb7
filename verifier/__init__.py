"""verifier: extract, crawl, fingerprint and check the evidence links cited in audit reports."""

__version__ = "0.1.0"
