"""Functions the parser pool runs in tests (importable by spawned workers)."""

import time


def hang(*_args):
    time.sleep(3600)


def allocate(*_args):
    return bytearray(4 * 1024**3)  # beyond the worker's memory limit


def fingerprint_without_system_fonts(*args):
    """Fingerprint as on a machine with no fonts installed: PDFium gets no system font info."""
    import pypdfium2.raw as pdfium_c

    from verifier.fingerprint import pdf
    from verifier.fingerprint.pool import fingerprint_file

    pdfium_c.FPDF_SetSystemFontInfo(None)
    pdf.cjk_font_missing.cache_clear()
    return fingerprint_file(*args)


def die(*_args):
    """A worker killed from outside mid-job (as the OOM killer does)."""
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)


def echo(value):
    return value
