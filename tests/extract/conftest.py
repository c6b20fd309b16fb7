from pathlib import Path

import pytest

from verifier.extract import extract_report

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "asi-report-shandong-innovation-2025.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_citations():
    return extract_report(str(SEED))
