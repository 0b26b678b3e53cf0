"""Admins import letters: reviewed, matched, saved in one go, never twice, never half."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from areas.models import Area
from inspections.models import Finding, Inspection, RevisitVerdict, SignificantWeakness, Source
from tests.inspections.test_import_admin import review_data  # what the review page posts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bedford_report_not_yet_loaded")]

DATA = Path(__file__).resolve().parent.parent / "data" / "letters"
BEDFORD = DATA / "bedford_04-february-2025.pdf"
LUTON_REVISIT = DATA / "003_7f757aee72001148.txt"
CB_REVISIT = DATA / "000_aed773c308996f1a.txt"


def counts() -> dict:
    models = [Inspection, Finding, SignificantWeakness, RevisitVerdict, Source]
    return {model.__name__: model.objects.count() for model in models}


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_letter", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_output_has_exactly_the_documented_keys():
    out, _ = run(BEDFORD, "--dry-run", "--json")
    result = json.loads(out)
    assert set(result) == {
        "area", "framework", "kind", "visit_start", "visit_end", "letter_date",
        "previous_inspection_start", "previous_inspection_end", "outcome", "wsoa_required",
        "weaknesses", "priority_actions", "areas_for_improvement", "decision", "warnings",
    }  # fmt: skip
    assert (result["framework"], result["kind"], result["outcome"]) == ("2023", "full", "positive")
    assert (result["visit_start"], result["visit_end"]) == ("2024-11-18", "2024-11-22")


def test_a_dry_run_saves_nothing():
    before = counts()
    _, _ = run(BEDFORD, "--dry-run")
    assert counts() == before


def test_importing_bedfords_2025_report_puts_it_on_bedfords_timeline(
    client, django_capture_on_commit_callbacks
):
    existing = Inspection.objects.get(area__slug="bedford-borough", framework="2023")
    with django_capture_on_commit_callbacks(execute=True):  # the document is stored on commit
        out, _ = run(BEDFORD)
    assert "Saved" in out
    inspection = Inspection.objects.get(area__slug="bedford-borough", framework="2023")
    assert inspection.pk == existing.pk  # the statistics' record, now with the report's detail
    assert inspection.outcome == 1
    improvements = inspection.findings.filter(kind="improvement")
    assert improvements.exists()
    letter = inspection.sources.get(kind="letter")
    assert letter.document.name.endswith(".pdf") and len(letter.content_hash) == 64
    page = client.get("/areas/bedford-borough/").text
    assert "Areas for improvement" in page
    assert improvements.first().text[:60] in page


def test_importing_the_same_letter_again_creates_nothing():
    run(BEDFORD)
    before = counts()
    out, _ = run(BEDFORD)
    assert "Already imported" in out and "nothing was changed" in out
    assert counts() == before


def test_a_seed_letter_already_loaded_is_recognised():
    before = counts()
    out, _ = run(LUTON_REVISIT)
    assert "Already imported" in out
    assert counts() == before


def test_a_letter_for_an_unknown_area_is_refused_and_changes_nothing(tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text(CB_REVISIT.read_text().replace("Central Bedfordshire", "Atlantis"))
    before = counts()
    with pytest.raises(CommandError, match="No local area matches"):
        run(letter)
    assert counts() == before


def test_a_revisit_whose_weaknesses_do_not_match_the_wsoa_is_refused(tmp_path):
    letter = tmp_path / "letter.txt"
    # A new fingerprint (whitespace alone would not do), the same weaknesses.
    letter.write_text(CB_REVISIT.read_text().replace("Yours sincerely", "Yours faithfully"))
    before = counts()
    with pytest.raises(CommandError, match="gives verdicts on 6 weaknesses, but .* has 5"):
        run(letter, "--area", "luton")
    assert counts() == before


def test_a_non_letter_pdf_is_refused(tmp_path):
    from pypdf import PdfWriter

    blank = tmp_path / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(blank)
    before = counts()
    with pytest.raises(CommandError, match="no text"):
        run(blank)
    assert counts() == before


def test_an_encrypted_pdf_is_refused(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(BEDFORD))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    writer.write(locked)
    with pytest.raises(CommandError, match="encrypted"):
        run(locked)


def test_the_admin_imports_a_letter_after_review(admin_client):
    url = reverse("admin:inspections_inspection_import")
    assert "Import letter" in admin_client.get(reverse("admin:index")).text
    assert url in admin_client.get(reverse("admin:inspections_inspection_changelist")).text
    with BEDFORD.open("rb") as handle:
        review = admin_client.post(url, {"document": handle})
    assert review.status_code == 200
    assert "Check the letter before saving" in review.text
    assert "Matched to <strong>Bedford Borough</strong>" in review.text
    before = counts()
    data = review_data(review)
    saved = admin_client.post(url, data)
    assert saved.status_code == 302
    inspection = Inspection.objects.get(area__slug="bedford-borough", framework="2023")
    assert saved.url == reverse("admin:inspections_inspection_change", args=[inspection.pk])
    assert counts()["Finding"] > before["Finding"]
    with BEDFORD.open("rb") as handle:
        again = admin_client.post(url, {"document": handle})
    assert "already been imported" in again.text


def test_an_imported_report_names_the_areas_council_and_integrated_care_board(admin_client, client):
    Area.objects.filter(slug="bedford-borough").update(council_name="", health_partner_name="")
    url = reverse("admin:inspections_inspection_import")
    with BEDFORD.open("rb") as handle:
        review = admin_client.post(url, {"document": handle})
    assert admin_client.post(url, review_data(review)).status_code == 302

    bedford = Area.objects.get(slug="bedford-borough")
    assert bedford.council_name == "Bedford Borough Council"
    assert bedford.health_partner_name == (
        "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board (ICB)"
    )
    page = client.get("/areas/bedford-borough/").text
    assert "Bedford Borough Council" in page
    assert "NHS Bedfordshire, Luton and Milton Keynes Integrated Care Board (ICB)" in page


def test_the_review_suggests_a_theme_for_each_finding_and_saves_the_ones_chosen(admin_client):
    url = reverse("admin:inspections_inspection_import")
    with BEDFORD.open("rb") as handle:
        review = admin_client.post(url, {"document": handle})
    (improvements,) = [f.initial for f in review.context["formsets"] if f.prefix == "improvements"]
    # Bedford's second area for improvement is about neurodevelopmental assessments.
    assert improvements[1]["theme"] == "neurodevelopmental"
    data = review_data(review)
    data["improvements-0-theme"] = "sufficiency"  # the admin disagrees with the rules

    assert admin_client.post(url, data).status_code == 302

    saved = Finding.objects.filter(
        inspection__area__slug="bedford-borough", kind="improvement"
    ).order_by("number")
    assert [f.theme for f in saved] == ["sufficiency", "neurodevelopmental"]


def test_a_finding_marked_remove_at_review_is_not_saved(admin_client):
    url = reverse("admin:inspections_inspection_import")
    with BEDFORD.open("rb") as handle:
        review = admin_client.post(url, {"document": handle})
    data = review_data(review)
    data["improvements-0-DELETE"] = "on"

    assert admin_client.post(url, data).status_code == 302

    saved = Finding.objects.filter(inspection__area__slug="bedford-borough", kind="improvement")
    assert saved.count() == 1
    assert saved.get().text.startswith("Some children and young people with SEND wait too long")


def test_the_admin_import_explains_a_bad_upload(admin_client):
    url = reverse("admin:inspections_inspection_import")
    page = admin_client.post(
        url, {"text": "Minutes of the parish council meeting. Apologies were received."}
    )
    assert "does not look like" in page.text
    assert admin_client.post(url, {}).status_code == 200


def test_people_without_add_permission_cannot_import(client, django_user_model):
    staff = django_user_model.objects.create_user("bob", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:inspections_inspection_import")).status_code == 403


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Bedford Borough", "bedford-borough"),
        ("Bedford", "bedford-borough"),
        ("City of York", "york"),
        ("Bournemouth, Christchurch and Poole", "bournemouth-christchurch-and-poole"),
        ("Kingston upon Hull", "kingston-upon-hull"),
        ("Yorkshire", None),
        ("Atlantis", None),
    ],
)
def test_letters_name_their_area_in_many_ways(name, slug):
    area = Area.objects.named(name)
    assert (area.slug if area else None) == slug


def test_the_same_letter_pasted_as_text_after_its_pdf_is_recognised(tmp_path):
    from letters.reader import read_letter

    run(BEDFORD)
    pasted = tmp_path / "pasted.txt"
    pasted.write_text(read_letter(BEDFORD.read_bytes())[0] + "\nPasted by an admin.")
    before = counts()
    out, _ = run(pasted)
    assert "Already imported" in out
    assert counts() == before


def test_reloading_the_national_data_if_empty_keeps_admin_corrections():
    inspection = Inspection.objects.get(area__slug="nottinghamshire", framework="2023", kind="full")
    inspection.notes = "Corrected by an admin"
    inspection.save()
    out = io.StringIO()
    call_command("load_national_data", "--if-empty", stdout=out)
    assert "already loaded" in out.getvalue()
    inspection.refresh_from_db()
    assert inspection.notes == "Corrected by an admin"


def test_after_outcome_3_the_next_visit_is_the_monitoring_inspection():
    run(DATA / "nottinghamshire_16-may-2023.pdf")
    inspection = Inspection.objects.get(area__slug="nottinghamshire", framework="2023", kind="full")
    assert inspection.outcome == 3 and inspection.next_inspection_within == "18 months"
