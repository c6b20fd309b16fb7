"""Many reports at once: a directory, a list file."""

import shutil
from pathlib import Path

from verifier.extract import extract_many
from verifier.extract.inputs import expand_inputs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = Path(__file__).resolve().parents[2] / "examples" / "asi-report-shandong-innovation-2025.txt"


def test_directory_and_list_file(tmp_path):
    reports = tmp_path / "published"
    (reports / "2025").mkdir(parents=True)
    shutil.copy(SEED, reports / "2025" / "shandong.txt")
    shutil.copy(FIXTURES / "other-entity-report.txt", reports / "nordic.txt")
    (reports / "notes.docx").write_bytes(b"ignored: not a report type")
    paths, errors = expand_inputs([str(reports)])
    assert errors == [] and [Path(p).name for p in paths] == ["shandong.txt", "nordic.txt"]
    listing = tmp_path / "all.list"
    listing.write_text("# every published report\npublished/nordic.txt\n\npublished/missing.txt\n")
    citations, errors = extract_many([f"@{listing}"])
    assert len(citations) == 7
    assert [e.message for e in errors] == ["no such file"]
    assert extract_many([str(listing)])[0] == citations  # *.list works without the @


def test_empty_directory_is_an_error(tmp_path):
    paths, errors = expand_inputs([str(tmp_path)])
    assert paths == [] and "no report files" in errors[0].message


def test_progress_line(capsys):
    from verifier.commands.check import Progress
    from verifier.models import FetchResult

    p = Progress(3)
    p.enabled = True
    p.update(FetchResult("u", "u", "u", "ok", ""))
    p.update(FetchResult("v", "v", "v", "broken", ""))
    p.done()
    assert (
        capsys.readouterr().err
        == "\rchecked 1/3 documents, 0 failing \rchecked 2/3 documents, 1 failing \n"
    )
    assert Progress(3).enabled is False  # not a terminal under pytest
