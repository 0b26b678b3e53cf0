"""A refused import changes nothing, leaves no file behind, and a letter is never saved twice."""

import io
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from inspections.letter_import import (
    ImportInvalid,
    Problem,
    plan_import,
    read_document,
    save_import,
)
from inspections.letter_parser import read_letter
from inspections.models import Finding, Inspection, RevisitVerdict, SignificantWeakness, Source
from tests.conftest import stored_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bedford_report_not_yet_loaded")]

DATA = Path(__file__).resolve().parent.parent / "data" / "letters"
BEDFORD = DATA / "bedford_04-february-2025.pdf"
CORNWALL = DATA / "cornwall_05-may-2023.pdf"
IMPORT = "admin:inspections_inspection_import"


def counts() -> dict:
    models = [Inspection, Finding, SignificantWeakness, RevisitVerdict, Source]
    return {model.__name__: model.objects.count() for model in models}


def test_save_import_refuses_what_the_models_refuse_and_stores_no_file(
    media_root, django_capture_on_commit_callbacks
):
    text, letter, _ = read_document(BEDFORD.read_bytes())
    plan = plan_import({**letter, "visit_end": "2024-11-10"}, text)
    before = counts()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ImportInvalid) as refused:
        save_import(plan, filename="bedford.pdf", document=BEDFORD.read_bytes())
    assert refused.value.problems == [
        Problem("The visit cannot end before it starts.", "visit_end")
    ]
    assert counts() == before
    assert not media_root.exists() or stored_files(media_root) == []


def test_save_import_stores_the_document_once_committed(
    media_root, django_capture_on_commit_callbacks
):
    text, letter, plan = read_document(BEDFORD.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        inspection = save_import(plan, filename="bedford.pdf", document=BEDFORD.read_bytes())
    document = inspection.sources.get(kind="letter").document
    assert stored_files(media_root) == [document.name]
    assert document.read() == BEDFORD.read_bytes()


def test_clear_pending_imports_removes_uploads_older_than_a_day(settings):
    pending = Path(settings.PENDING_IMPORTS_ROOT)
    pending.mkdir(parents=True)
    old, fresh = pending / f"{'a' * 64}.pdf", pending / f"{'b' * 64}.txt"
    old.write_bytes(b"%PDF-1.4 old")
    fresh.write_text("fresh")
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(old, (two_days_ago, two_days_ago))
    out = io.StringIO()

    call_command("clear_pending_imports", stdout=out)

    assert not old.exists() and fresh.exists()
    assert "Removed 1 pending upload" in out.getvalue()


def test_the_command_recognises_a_letter_with_an_extra_line_by_area_kind_and_visit(tmp_path):
    text = read_letter(CORNWALL.read_bytes())[0] + "\nPasted by an admin on a Monday."
    pasted = tmp_path / "cornwall.txt"
    pasted.write_text(text)
    before = counts()
    out = io.StringIO()

    call_command("import_letter", str(pasted), stdout=out)

    assert "Already imported" in out.getvalue()
    assert counts() == before
