"""The admin's import: a review shaped by the letter's framework, with the letter beside it,
warnings where they belong, links after saving, and batches of letters."""

import datetime as dt
from html import escape
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from inspections.models import Inspection, Source
from letters.forms import Pending, make_token, place_warnings, read_token, review_formsets
from letters.reader import LetterResult, PriorityAction, Weakness, read_letter
from tests.conftest import stored_files
from tests.letter_parser.helpers import read_letter_losing_an_improvement
from tests.pdfs import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bedford_report_not_yet_loaded")]

DATA = Path(__file__).resolve().parent.parent / "data" / "letters"
BEDFORD = DATA / "bedford_04-february-2025.pdf"
NOTTINGHAMSHIRE = DATA / "nottinghamshire_16-may-2023.pdf"
CB_REVISIT = DATA / "000_aed773c308996f1a.txt"
IMPORT = "admin:inspections_inspection_import"
BATCH = "admin:inspections_inspection_import_batch"


def upload(name: str, data: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def read_bedford(admin_client):
    with BEDFORD.open("rb") as handle:
        return admin_client.post(reverse(IMPORT), {"document": handle})


def review_data(review) -> dict:
    """What the review page posts as it stands: each date as its three boxes."""
    data = {}
    for name, value in review.context["form"].initial.items():
        if isinstance(value, dt.date):
            data.update(date_boxes(name, value.day, value.month, value.year))
        elif value is not None:
            data[name] = value
    for formset in review.context["formsets"]:
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial or [])
        data[f"{formset.prefix}-INITIAL_FORMS"] = len(formset.initial or [])
        for index, item in enumerate(formset.initial or []):
            data.update({f"{formset.prefix}-{index}-{k}": v or "" for k, v in item.items()})
    return data


def date_boxes(name: str, day: object, month: object, year: object) -> dict:
    return {f"{name}-day": str(day), f"{name}-month": str(month), f"{name}-year": str(year)}


# The review shows the letter's framework ------------------------------------------------


def test_a_2023_report_is_reviewed_with_its_outcome_and_findings_only(admin_client):
    review = read_bedford(admin_client)
    page = review.text
    assert 'name="outcome"' in page
    assert "Areas for priority action (0)" in page and "Areas for improvement (2)" in page
    assert 'name="wsoa_required"' not in page and 'name="decision"' not in page
    assert "Significant weaknesses" not in page and 'name="weaknesses-TOTAL_FORMS"' not in page


def test_a_2016_letter_is_reviewed_with_its_wsoa_and_weaknesses_with_verdicts_only(
    admin_client, central_beds_revisit_letter_not_yet_imported
):
    review = admin_client.post(
        reverse(IMPORT), {"text": central_beds_revisit_letter_not_yet_imported.decode()}
    )
    page = review.text
    assert "Check the letter before saving" in page
    assert 'name="wsoa_required"' in page and 'name="decision"' in page
    assert "Significant weaknesses (6)" in page
    assert page.count('name="weaknesses-') > 6 and 'name="weaknesses-0-verdict"' in page
    assert 'name="outcome"' not in page
    assert "Areas for priority action" not in page and "Areas for improvement" not in page


def test_saving_a_2023_report_leaves_the_2016_fields_as_they_were(admin_client):
    review = read_bedford(admin_client)
    assert admin_client.post(reverse(IMPORT), review_data(review)).status_code == 302
    inspection = Inspection.objects.get(area__slug="bedford-borough", framework="2023")
    assert inspection.wsoa_required is None and inspection.outcome == 1


# Warnings beside their fields --------------------------------------------------------------


def test_a_warning_about_a_field_is_shown_beside_it_and_the_rest_at_the_top(admin_client):
    # Named as published a day later than Ofsted's outcomes table says.
    review = admin_client.post(
        reverse(IMPORT), {"document": upload("bedford_05-february-2025.pdf", BEDFORD.read_bytes())}
    )
    warnings = review.context["warnings"]
    assert warnings.fields["letter_date"] == [
        "The file's name gives 5 February 2025 as the publication date, but Ofsted's "
        "outcomes table gives 4 February 2025: enter the right one."
    ]
    assert len(warnings.top) == 2 and all("previous" in w for w in warnings.top)
    page = review.text
    # Beside the publication date, and its boxes' group points to it for screen readers.
    letter_date_row = page[page.index('id="id_letter_date"') - 1500 : page.index('name="outcome"')]
    assert 'role="group" aria-describedby="warning-letter_date"' in letter_date_row
    assert 'id="warning-letter_date"' in letter_date_row
    summary = page[page.index("The reader was unsure") : page.index("The inspection</h2>")]
    assert "previous inspection" in summary and "publication date" not in summary
    assert "1 warning beside the field it concerns" in summary


@pytest.mark.parametrize(
    ("warning", "place"),
    [
        ("No responsible body was found for area for priority action 2.", ("item", "priority", 2)),
        ("No verdict ('…') was found for weakness 3.", ("item", "weaknesses", 3)),
        ("The 'Areas for improvement' table is empty or could not be read.", ("section", "improvements")),
        ("The letter speaks of 6 significant weaknesses, but 5 were found in it.", ("section", "weaknesses")),
        ("The inspection dates ('Inspection dates: …') could not be read.", ("field", "visit_start")),
        ("The letter gives a single day for the visit (3 May 2019).", ("field", "visit_start")),
        ("None of the three standard outcome sentences was found, so the outcome is empty.", ("field", "outcome")),
        ("The closing decision (what DfE and NHS England do next) could not be found.", ("field", "decision")),
        ("The dates of the previous inspection were not found.", ("top",)),
        ("The inspection team's names could not be found.", ("top",)),
    ],
)  # fmt: skip
def test_each_warning_is_placed_by_what_it_mentions(warning, place):
    framework = "2016" if "weakness" in warning or "decision" in warning else "2023"
    letter = LetterResult(
        "Bedford",
        framework,
        "full",
        weaknesses=[Weakness(f"Weakness {n}") for n in range(1, 4)],
        priority_actions=[PriorityAction("A", "B")] * 2,
        areas_for_improvement=["C"],
    )
    formsets = review_formsets(letter, framework)
    shown = ["visit_start", "visit_end", "letter_date"] + (
        ["wsoa_required", "decision"] if framework == "2016" else ["outcome"]
    )
    placed = place_warnings([warning], shown, formsets)
    found = {
        "item": {("item", *key): v for key, v in placed.items.items()},
        "section": {("section", key): v for key, v in placed.sections.items()},
        "field": {("field", key): v for key, v in placed.fields.items()},
        "top": {("top",): placed.top} if placed.top else {},
    }[place[0]]
    assert found == {place: [warning]}


def test_a_warning_about_an_item_the_reader_did_not_find_goes_to_its_list():
    formsets = review_formsets(LetterResult("Bedford", "2023", "full"), "2023")
    warning = "No responsible body was found for area for priority action 1."
    placed = place_warnings([warning], ["outcome"], formsets)
    assert placed.sections == {"priority": [warning]} and not placed.items


def test_a_warning_about_a_field_the_framework_does_not_show_goes_to_the_top():
    placed = place_warnings(["The outcome is unclear."], ["visit_start"], [])
    assert placed.top == ["The outcome is unclear."] and not placed.fields


# The letter beside the fields --------------------------------------------------------------


def document_url(review) -> str:
    return review.context["document_url"]


def test_the_review_shows_the_pdf_beside_the_fields_with_a_plain_link(admin_client):
    review = read_bedford(admin_client)
    url = document_url(review)
    assert url.startswith("/admin/inspections/inspection/import/") and url.endswith("/document/")
    assert f'<iframe src="{url}"' in review.text
    assert f'<a href="{url}" target="_blank" rel="noopener">Open the PDF' in review.text


# A section whose count differs from its text -----------------------------------------------

LOST_ITEM = (
    "The 'Areas for improvement' section (page 5 of the PDF) was read as 1 item, but its text "
    "starts 2 items: check the section against the report, as an item may have been missed, "
    "merged with another or split."
)


def read_bedford_losing_an_improvement(admin_client, monkeypatch):
    monkeypatch.setattr("letters.importing.read_letter", read_letter_losing_an_improvement)
    return read_bedford(admin_client)


def section_html(page: str, prefix: str) -> str:
    start = page.index(f'id="section-{prefix}"')
    return page[start : page.index("</fieldset>", start)]


def test_a_section_read_short_is_warned_of_beside_it_with_a_link_to_its_page(
    admin_client, monkeypatch
):
    review = read_bedford_losing_an_improvement(admin_client, monkeypatch)
    assert review.context["warnings"].sections == {"improvements": [LOST_ITEM]}
    page = review.text
    section = section_html(page, "improvements")
    assert "Areas for improvement (1)" in section
    assert f'<div class="import-warning" id="improvements-warning"><p>{escape(LOST_ITEM)}</p>' in (
        section
    )
    # The link shows that page in the PDF beside the fields (the frame it targets).
    url = document_url(review)
    link = f'<a href="{url}?page=5#page=5" target="import-document">page 5</a>'
    assert f"Show the section in the PDF: {link}." in section
    assert f'<iframe src="{url}" name="import-document"' in page
    # Not in the list at the top, which counts it among those beside their fields.
    summary = page[page.index("The reader was unsure") : page.index("The inspection</h2>")]
    assert escape(LOST_ITEM) not in summary
    assert "1 warning beside the field it concerns" in summary
    assert "import-warning" not in section_html(page, "priority")


def test_the_link_to_the_section_s_page_stays_when_the_review_is_sent_back(
    admin_client, monkeypatch
):
    review = read_bedford_losing_an_improvement(admin_client, monkeypatch)
    sent_back = admin_client.post(reverse(IMPORT), {**review_data(review), "visit_end-day": "soon"})
    assert "Check the letter before saving" in sent_back.text
    section = section_html(sent_back.text, "improvements")
    assert escape(LOST_ITEM) in section
    url = document_url(review)
    assert f'<a href="{url}?page=5#page=5" target="import-document">page 5</a>' in section


def test_a_section_warning_of_pasted_text_has_no_page_to_link_to(admin_client):
    # A report pasted as text has no pages: the warning is beside its section, with no link.
    text = pdf_text(BEDFORD).replace("\f", "\n")
    section_start = text.index("Some children and young people with SEND wait")
    pasted = text[:section_start] + "They should also act.\n\n" + text[section_start:]
    review = admin_client.post(reverse(IMPORT), {"text": pasted})
    section = section_html(review.text, "improvements")
    assert "was read as 3 items, but its text starts 2 items" in section
    assert "#page=" not in section


def test_the_pending_pdf_is_served_to_this_site_s_frames_only(admin_client):
    url = document_url(read_bedford(admin_client))
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == BEDFORD.read_bytes()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "'unsafe-inline'" not in policy
    assert "object-src 'none'" in policy
    assert "no-store" in response["Cache-Control"]
    # Every other page still refuses to be framed.
    other = admin_client.get(reverse(IMPORT))
    assert other["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]
    assert "frame-src 'self'" in other["Content-Security-Policy"]


def test_the_pending_pdf_is_for_staff_who_may_import(admin_client, django_user_model):
    url = document_url(read_bedford(admin_client))
    client = Client()
    assert client.get(url).status_code == 302  # to the admin's log-in
    viewer = django_user_model.objects.create_user("bob", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_inspection"))
    client.force_login(viewer)
    assert client.get(url).status_code == 403


def test_an_unknown_or_malformed_upload_is_not_found(admin_client):
    base = "/admin/inspections/inspection/import/"
    assert admin_client.get(f"{base}{'0' * 64}/document/").status_code == 404
    # Anything but 64 hex digits is not an upload's address (the admin's own pages answer).
    malformed = admin_client.get(f"{base}..%2F..%2Fconfig%2Fsettings.py/document/")
    assert malformed.get("Content-Type") != "application/pdf"


def test_pasted_text_is_shown_beside_the_fields_as_text(
    admin_client, central_beds_revisit_letter_not_yet_imported
):
    text = central_beds_revisit_letter_not_yet_imported.decode()
    review = admin_client.post(reverse(IMPORT), {"text": text})
    assert review.context["document_url"] == ""
    assert '<pre class="import-text" tabindex="0"' in review.text and "<iframe" not in review.text


def test_discarding_a_letter_removes_its_upload_and_saves_nothing(admin_client, settings):
    review = read_bedford(admin_client)
    data = {**review_data(review), "discard": "Discard this letter"}
    before = Source.objects.count()
    response = admin_client.post(reverse(IMPORT), data, follow=True)
    assert "Discarded bedford_04-february-2025.pdf: nothing was saved." in response.text
    assert stored_files(Path(settings.PENDING_IMPORTS_ROOT)) == []
    assert Source.objects.count() == before


@pytest.mark.parametrize("path", [CB_REVISIT, BEDFORD])
def test_the_review_carries_everything_the_reader_found_to_the_save(path):
    """What the review saves is what was read: narratives, findings and dates included."""
    text, result = read_letter(path.read_bytes())
    token = make_token(Pending(result, text, "pending.pdf", path.name, batch=True))

    carried = read_token(token)

    assert carried == Pending(result, text, "pending.pdf", path.name, batch=True)


def test_an_expired_or_forged_review_is_sent_back_to_upload_again(admin_client):
    review = read_bedford(admin_client)
    data = {**review_data(review), "token": "forged"}
    response = admin_client.post(reverse(IMPORT), data, follow=True)
    assert "This preview has expired: upload the letter again." in response.text


# After saving ------------------------------------------------------------------------------


def test_the_success_message_links_to_the_timeline_and_the_admin_record(admin_client):
    review = read_bedford(admin_client)
    saved = admin_client.post(reverse(IMPORT), review_data(review), follow=True)
    inspection = Inspection.objects.get(area__slug="bedford-borough", framework="2023")
    page = saved.text
    assert f'<a href="/areas/bedford-borough/#inspection-{inspection.pk}">' in page
    record = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    assert f'<a href="{record}">the admin record</a>' in page
    assert "It now shows on" in page


def test_already_imported_links_to_the_existing_record(admin_client):
    nottinghamshire = Inspection.objects.get(
        area__slug="nottinghamshire", framework="2023", kind="full"
    )
    with NOTTINGHAMSHIRE.open("rb") as handle:
        page = admin_client.post(reverse(IMPORT), {"document": handle})
    record = reverse("admin:inspections_inspection_change", args=[nottinghamshire.pk])
    assert "already been imported" in page.text
    assert f'<a href="{record}">{nottinghamshire}</a>' in page.text


# Batches: the admin -----------------------------------------------------------------------


def batch_upload(central_beds: bytes) -> list:
    return [
        upload("bedford.pdf", BEDFORD.read_bytes()),
        upload("nottinghamshire.pdf", NOTTINGHAMSHIRE.read_bytes()),
        upload("minutes.txt", b"Minutes of the parish council.", "text/plain"),
        upload("central-beds.txt", central_beds, "text/plain"),
    ]


def rows_by_file(page) -> dict:
    return {row["filename"]: row for row in page.context["rows"]}


def statuses(page) -> list[str]:
    return [row["status"] for row in page.context["rows"]]


def read_batch(admin_client, page):
    """Loads the batch page, as its refresh does, until no file waits; each load must read
    exactly one file. Returns the last page."""
    while "waiting" in statuses(page):
        assert '<meta http-equiv="refresh" content="0; url=' in page.text
        assert 'role="status"' in page.text and "read the next file" in page.text
        assert 'value="save_ready"' not in page.text  # no saving while files wait
        before = statuses(page).count("waiting")
        page = admin_client.get(reverse(BATCH))
        assert statuses(page).count("waiting") == before - 1
    assert 'http-equiv="refresh"' not in page.text and "read the next file" not in page.text
    return page


def test_an_upload_of_several_files_reads_none_of_them_in_its_own_request(
    admin_client, central_beds_revisit_letter_not_yet_imported, monkeypatch
):
    from letters import admin_views

    calls = []
    real = admin_views.read_document

    def counted(data, **kwargs):
        calls.append(data)
        return real(data, **kwargs)

    monkeypatch.setattr(admin_views, "read_document", counted)
    files = batch_upload(central_beds_revisit_letter_not_yet_imported)
    response = admin_client.post(reverse(IMPORT), {"document": files})
    assert response.status_code == 302 and response["Location"] == reverse(BATCH)
    assert calls == []
    # The first load of the batch page reads the first file, and only it.
    page = admin_client.get(reverse(BATCH))
    assert len(calls) == 1
    assert statuses(page) == ["warnings", "waiting", "waiting", "waiting"]
    assert "Waiting to be read" in page.text and "3 files still to read" in page.text


def test_an_upload_through_htmx_loads_the_batch_page_whole(admin_client):
    files = [upload("one.pdf", BEDFORD.read_bytes()), upload("two.pdf", BEDFORD.read_bytes())]
    response = admin_client.post(reverse(IMPORT), {"document": files}, HTTP_HX_REQUEST="true")
    # Not a redirect htmx would follow and swap into the upload page, where the batch page's
    # refresh would never run.
    assert response["HX-Redirect"] == reverse(BATCH)


def test_several_files_are_listed_each_with_its_status_and_warnings(
    admin_client, central_beds_revisit_letter_not_yet_imported
):
    files = batch_upload(central_beds_revisit_letter_not_yet_imported)
    before = Source.objects.count()
    page = admin_client.post(reverse(IMPORT), {"document": files}, follow=True)
    assert page.redirect_chain[-1][0] == reverse(BATCH)
    page = read_batch(admin_client, page)
    rows = rows_by_file(page)
    assert rows["bedford.pdf"]["status"] == "warnings"  # about its previous inspection
    # Its publication date from the outcomes table, as its file's name gives none.
    assert not any("publication date" in w for w in rows["bedford.pdf"]["warnings"])
    assert escape("Publication date 4 February 2025, from Ofsted's outcomes table.") in page.text
    assert rows["nottinghamshire.pdf"]["status"] == "duplicate"
    assert rows["minutes.txt"]["status"] == "unreadable"
    assert rows["central-beds.txt"]["status"] == "ready"
    assert Source.objects.count() == before  # nothing saved without the admin's say
    text = page.text
    assert "Review bedford.pdf" in text and "Review central-beds.txt" in text
    assert "Review nottinghamshire.pdf" not in text and "Review minutes.txt" not in text
    nottinghamshire = Inspection.objects.get(
        area__slug="nottinghamshire", framework="2023", kind="full"
    )
    assert reverse("admin:inspections_inspection_change", args=[nottinghamshire.pk]) in text
    assert "Save the 1 letter with no warnings without review" in text


def test_save_all_without_review_saves_only_the_files_with_no_warnings(
    admin_client, central_beds_revisit_letter_not_yet_imported, settings
):
    files = batch_upload(central_beds_revisit_letter_not_yet_imported)
    page = admin_client.post(reverse(IMPORT), {"document": files, "save_ready": "on"}, follow=True)
    page = read_batch(admin_client, page)
    rows = rows_by_file(page)
    assert rows["central-beds.txt"]["status"] == "saved"
    assert rows["bedford.pdf"]["status"] == "warnings"  # left for review
    revisit = Inspection.objects.get(area__slug="central-bedfordshire", kind="revisit")
    assert revisit.sources.filter(kind="letter").exists()
    bedford = Inspection.objects.get(area__slug="bedford-borough", framework="2023")
    assert not bedford.sources.filter(kind="letter").exists()
    assert "Saved 1 letter without review." in page.text
    assert f"/areas/central-bedfordshire/#inspection-{revisit.pk}" in page.text
    # Only the letter left to review is still waiting.
    pending = stored_files(Path(settings.PENDING_IMPORTS_ROOT))
    assert len(pending) == 1 and pending[0].endswith(".pdf")


def test_the_batch_page_saves_the_ready_files_when_asked(
    admin_client, central_beds_revisit_letter_not_yet_imported
):
    first = admin_client.post(
        reverse(IMPORT),
        {"document": batch_upload(central_beds_revisit_letter_not_yet_imported)},
        follow=True,
    )
    read_batch(admin_client, first)
    page = admin_client.post(reverse(BATCH), {"action": "save_ready"}, follow=True)
    rows = rows_by_file(page)
    assert rows["central-beds.txt"]["status"] == "saved"
    assert rows["bedford.pdf"]["status"] == "warnings"


def test_a_file_of_a_batch_is_reviewed_and_saved_then_the_batch_shows_it_saved(
    admin_client, central_beds_revisit_letter_not_yet_imported
):
    first = admin_client.post(
        reverse(IMPORT),
        {"document": batch_upload(central_beds_revisit_letter_not_yet_imported)},
        follow=True,
    )
    batch = read_batch(admin_client, first)
    review_url = rows_by_file(batch)["bedford.pdf"]["review_url"]
    review = admin_client.get(review_url)
    assert review.status_code == 200 and "Check the letter before saving" in review.text
    assert review.context["filename"] == "bedford.pdf"
    saved = admin_client.post(reverse(IMPORT), review_data(review), follow=True)
    assert saved.redirect_chain[-1][0] == reverse(BATCH)
    assert rows_by_file(saved)["bedford.pdf"]["status"] == "saved"
    assert "It now shows on" in saved.text


def test_the_same_letter_twice_in_a_batch_is_listed_once_for_review(admin_client, settings):
    files = [upload("one.pdf", BEDFORD.read_bytes()), upload("two.pdf", BEDFORD.read_bytes())]
    admin_client.post(reverse(IMPORT), {"document": files})
    # Each kept by its place in the batch as well as its bytes, so both wait to be read.
    assert len(stored_files(Path(settings.PENDING_IMPORTS_ROOT))) == 2
    page = read_batch(admin_client, admin_client.get(reverse(BATCH)))
    rows = rows_by_file(page)
    assert rows["one.pdf"]["status"] == "warnings"
    assert rows["two.pdf"]["status"] == "duplicate"
    assert "The same letter as one.pdf." in page.text


def test_files_and_pasted_text_together_are_refused(admin_client):
    with BEDFORD.open("rb") as handle:
        page = admin_client.post(reverse(IMPORT), {"document": handle, "text": "Dear Sir"})
    assert "Upload files or paste a letter" in page.text
    assert 'class="errornote"' in page.text


def test_the_batch_pages_need_add_permission(client, django_user_model):
    staff = django_user_model.objects.create_user("bob", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse(BATCH)).status_code == 403
    assert client.get(f"/admin/inspections/inspection/import/{'0' * 64}/review/").status_code == 403


def test_the_admin_home_page_has_an_import_letter_module(admin_client):
    page = admin_client.get(reverse("admin:index")).text
    main = page[page.index('<div id="content-main">') :]
    module = main[main.index('id="import-letter"') : main.index("</table>")]
    assert "<caption>Inspection letters</caption>" in module
    assert f'href="{reverse(IMPORT)}"' in module and 'class="addlink"' in module


def test_read_letter_of_a_pasted_report_is_unchanged_by_the_import():
    # The import reads documents through the parser as it stands.
    text, result = read_letter(BEDFORD.read_bytes())
    assert result.kind == "full" and "Bedford" in text
