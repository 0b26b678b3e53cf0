"""import_letters: a folder of letters, each saved, already imported or refused, with its warnings."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from inspections.models import Source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bedford_report_not_yet_loaded")]

DATA = Path(__file__).resolve().parent.parent / "data" / "letters"
BEDFORD = DATA / "bedford_04-february-2025.pdf"
NOTTINGHAMSHIRE = DATA / "nottinghamshire_16-may-2023.pdf"


@pytest.fixture
def folder(tmp_path, central_beds_revisit_letter_not_yet_imported):
    (tmp_path / "a_bedford.pdf").write_bytes(BEDFORD.read_bytes())
    (tmp_path / "b_nottinghamshire.pdf").write_bytes(NOTTINGHAMSHIRE.read_bytes())
    (tmp_path / "c_minutes.txt").write_text("Minutes of the parish council. Apologies received.")
    (tmp_path / "d_central_beds.txt").write_bytes(central_beds_revisit_letter_not_yet_imported)
    (tmp_path / "notes.docx").write_bytes(b"not read")
    return tmp_path


def test_import_letters_says_what_became_of_each_file(folder):
    out = io.StringIO()
    sources = Source.objects.count()
    with pytest.raises(CommandError, match=r"4 files: 2 saved, 1 already imported, 1 refused"):
        call_command("import_letters", str(folder), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("a_bedford.pdf: saved as Bedford Borough: full inspection")
    # The report gives no date; the Bedford inspection already held (from Ofsted's outcomes
    # table) does, and the output says so rather than warn that the date is missing.
    assert lines[1].startswith("    note: Publication date ")
    assert lines[1].endswith(", from Ofsted's outcomes table.")
    assert "does not give its publication date" not in out.getvalue()
    assert any(line.startswith("b_nottinghamshire.pdf: already imported as") for line in lines)
    assert any(line.startswith("c_minutes.txt: refused: ") for line in lines)
    assert any(
        line.startswith("d_central_beds.txt: saved as Central Bedfordshire") for line in lines
    )
    assert not any("notes.docx" in line for line in lines)
    assert Source.objects.count() == sources + 2


def test_import_letters_dry_run_saves_nothing(folder):
    out = io.StringIO()
    sources = Source.objects.count()
    with pytest.raises(CommandError, match="2 would be saved.*Nothing was saved"):
        call_command("import_letters", str(folder), "--dry-run", stdout=out)
    assert "a_bedford.pdf: would update “Bedford Borough: full inspection" in out.getvalue()
    assert Source.objects.count() == sources


def test_import_letters_with_nothing_refused_ends_quietly(tmp_path):
    (tmp_path / "nottinghamshire.pdf").write_bytes(NOTTINGHAMSHIRE.read_bytes())
    out = io.StringIO()
    call_command("import_letters", str(tmp_path), stdout=out)
    assert out.getvalue().splitlines()[-1] == "1 file: 0 saved, 1 already imported, 0 refused."


def test_import_letters_refuses_a_folder_that_is_not_there(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("import_letters", str(tmp_path / "missing"))
