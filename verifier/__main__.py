"""Allow `python -m verifier`."""

from verifier.cli import main

if __name__ == "__main__":  # parser workers start with spawn and import __main__
    raise SystemExit(main())
