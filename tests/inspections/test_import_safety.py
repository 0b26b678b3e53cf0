"""A refused import changes nothing, leaves no file behind, and a letter is never saved twice."""

import dataclasses
import datetime as dt
import io
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from inspections.models import Finding, Inspection, RevisitVerdict, SignificantWeakness, Source
from letters.importing import (
    ImportInvalid,
    Problem,
    plan_import,
    read_document,
    save_import,
)
from letters.reader import read_letter
from tests.conftest import stored_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bedford_report_not_yet_loaded")]

DATA = Path(__file__).resolve().parent.parent / "data" / "letters"
BEDFORD = DATA / "bedford_04-february-2025.pdf"
CORNWALL = DATA / "cornwall_05-may-2023.pdf"
IMPORT = "admin:inspections_inspection_import"


def counts() -> dict:
    models = [Inspection, Finding, SignificantWeakness, RevisitVerdict, Source]
    return {model.__name__: model.objects.count() for model in models}


def formsets(page) -> list:
    """The review's formsets: those of the letter's framework."""
    return page.context["formsets"]


def review_data(review) -> dict:
    """What the review page posts back if the admin changes nothing."""
    form = review.context["form"]
    if form.is_bound:  # shown again: post back what it holds
        data = form.data.dict()
    else:
        data = posted({key: value for key, value in form.initial.items() if value is not None})
    for formset in formsets(review):
        if formset.is_bound:
            continue
        data.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": len(formset.initial or []),
                f"{formset.prefix}-INITIAL_FORMS": 0,
            }
        )
        for index, item in enumerate(formset.initial or []):
            data.update({f"{formset.prefix}-{index}-{k}": v or "" for k, v in item.items()})
    return data


DATES = ("visit_start", "visit_end", "letter_date")


def posted(data: dict) -> dict:
    """The data with each date (a date, or ISO text) as the review's three boxes post it."""
    data = dict(data)
    for name in DATES:
        value = data.pop(name, None)
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        if value is not None:
            data.update({f"{name}-day": value.day, f"{name}-month": value.month})
            data[f"{name}-year"] = value.year
    return data


def read_bedford(admin_client):
    with BEDFORD.open("rb") as handle:
        review = admin_client.post(reverse(IMPORT), {"document": handle})
    assert review.status_code == 200 and "Check the letter before saving" in review.text
    return review


def field_errors(page, name: str) -> list[str]:
    return list(page.context["form"].errors.get(name, []))


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"visit_end": "2024-11-10"}, "visit_end", "The visit cannot end before it starts."),
        ({"letter_date": "2024-11-01"}, "letter_date", "The letter cannot be dated before"),
        # A monitoring inspection on the day Bedford's full inspection began.
        ({"kind": "monitoring"}, "visit_start", "already has an inspection starting that day"),
        ({"visit_start": "2022-12-05"}, "framework", "2023-framework visits began"),
    ],
)
def test_a_change_the_models_refuse_is_shown_on_the_review_form_and_changes_nothing(
    admin_client, media_root, change, field, message
):
    review = read_bedford(admin_client)
    data = {**review_data(review), **posted(change)}
    before = counts()

    page = admin_client.post(reverse(IMPORT), data)

    assert page.status_code == 200
    assert "Check the letter before saving" in page.text
    assert any(message in error for error in field_errors(page, field)), page.context["form"].errors
    # Listed in the error summary too, with a link to the field.
    summary = page.text[page.text.index('class="govuk-error-summary"') :]
    assert f'<a href="#{page.context["form"][field].id_for_label}">' in summary
    assert counts() == before
    assert stored_files(media_root) == [] if media_root.exists() else True


def test_a_framework_corrected_at_review_shows_that_frameworks_fields_then_its_rules(
    admin_client,
):
    review = read_bedford(admin_client)
    switched = admin_client.post(
        reverse(IMPORT), {**review_data(review), "framework": "2016", "kind": "initial"}
    )
    assert switched.status_code == 200
    assert "now those of the 2016 framework" in switched.text
    assert 'name="wsoa_required"' in switched.text and 'name="outcome"' not in switched.text
    before = counts()

    data = {**review_data(switched), "framework": "2016", "kind": "initial"}
    page = admin_client.post(reverse(IMPORT), data)

    assert page.status_code == 200
    assert any("2016-framework visits ended" in e for e in field_errors(page, "framework"))
    assert counts() == before


def test_a_priority_action_with_no_responsible_body_is_shown_beside_it(admin_client):
    review = read_bedford(admin_client)
    data = review_data(review)
    data.update(
        {
            "priority-TOTAL_FORMS": 1,
            "priority-0-text": "Leaders should make sure families wait less.",
            "priority-0-responsible_body": "\u200b",  # looks blank, is not empty
        }
    )
    before = counts()

    page = admin_client.post(reverse(IMPORT), data)

    assert page.status_code == 200
    (action,) = [f for fs in formsets(page) for f in fs.forms if f.prefix == "priority-0"]
    assert action.errors["responsible_body"]
    assert counts() == before


def test_save_import_refuses_what_the_models_refuse_and_stores_no_file(
    media_root, django_capture_on_commit_callbacks
):
    text, letter, _ = read_document(BEDFORD.read_bytes())
    plan = plan_import(dataclasses.replace(letter, visit_end=dt.date(2024, 11, 10)), text)
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


def test_a_refused_import_leaves_no_file_in_media(admin_client, media_root):
    review = read_bedford(admin_client)
    data = {**review_data(review), **posted({"visit_end": "2024-11-10"})}

    admin_client.post(reverse(IMPORT), data)

    assert not media_root.exists() or stored_files(media_root) == []


def test_the_document_is_stored_only_when_the_import_commits(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    review = read_bedford(admin_client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        saved = admin_client.post(reverse(IMPORT), review_data(review))
        assert saved.status_code == 302
        # Saved in the database, but the transaction has not committed: no file yet.
        assert not media_root.exists() or stored_files(media_root) == []
    for callback in callbacks:
        callback()
    source = Inspection.objects.get(area__slug="bedford-borough", framework="2023").sources.get(
        kind="letter"
    )
    assert source.document.name.endswith(".pdf")
    assert stored_files(media_root) == [source.document.name]


def test_the_pending_upload_is_kept_outside_media_and_removed_once_saved(
    admin_client, media_root, settings, django_capture_on_commit_callbacks
):
    review = read_bedford(admin_client)
    pending = Path(settings.PENDING_IMPORTS_ROOT)
    assert len(stored_files(pending)) == 1
    assert not media_root.exists() or stored_files(media_root) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(reverse(IMPORT), review_data(review)).status_code == 302
    assert stored_files(pending) == []


def test_the_pending_upload_is_removed_when_the_import_is_refused_as_a_duplicate(
    admin_client, settings, media_root
):
    review = read_bedford(admin_client)
    call_command("import_letter", str(BEDFORD), stdout=io.StringIO())  # saved meanwhile
    before = counts()

    refused = admin_client.post(reverse(IMPORT), review_data(review), follow=True)

    assert "already been imported" in refused.text
    assert counts() == before
    assert stored_files(Path(settings.PENDING_IMPORTS_ROOT)) == []
    assert [name for name in stored_files(media_root) if "pending" in name] == []


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


def test_a_shipped_report_pasted_with_one_extra_line_is_already_imported(admin_client):
    cornwall = Inspection.objects.get(area__slug="cornwall", visit_start=dt.date(2023, 2, 6))
    text = read_letter(CORNWALL.read_bytes())[0] + "\nPasted by an admin on a Monday."
    before = counts()

    page = admin_client.post(reverse(IMPORT), {"text": text})

    assert page.status_code == 200
    assert "already been imported" in page.text
    assert reverse("admin:inspections_inspection_change", args=[cornwall.pk]) in page.text
    assert "Check the letter before saving" not in page.text
    assert counts() == before


def test_the_command_recognises_a_letter_with_an_extra_line_by_area_kind_and_visit(tmp_path):
    text = read_letter(CORNWALL.read_bytes())[0] + "\nPasted by an admin on a Monday."
    pasted = tmp_path / "cornwall.txt"
    pasted.write_text(text)
    before = counts()
    out = io.StringIO()

    call_command("import_letter", str(pasted), stdout=out)

    assert "Already imported" in out.getvalue()
    assert counts() == before


def test_a_new_letter_for_an_inspection_held_without_one_is_not_a_duplicate(admin_client):
    # Bedford's full inspection is held (from the statistics) but its report is not.
    inspection = Inspection.objects.get(area__slug="bedford-borough", framework="2023")
    assert inspection.visit_start == dt.date(2024, 11, 18)
    review = read_bedford(admin_client)
    assert review.context["plan"].duplicate_of is None
