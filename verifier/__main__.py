"""Allow `python -m verifier`."""

if __name__ == "__main__":  # parser workers import __main__ too: nothing to do for them
    from verifier.entry import main

    raise SystemExit(main())
