"""Officers see what they are updating: a finding is named by its own words wherever it is named,
shows where it stands itself, and every form open on a page has ids of its own."""

import datetime as dt
import re
from collections import Counter

import pytest
from django.core import mail as outbox
from django.urls import reverse

from alerts.mail import send_alerts
from alerts.models import Subscription
from inspections.models import Finding, FindingKind
from progress.models import ProgressUpdate, Rag, Role
from progress.words import first_words
from tests.progress.conftest import date_input, login, member

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
# Nottinghamshire's first area for priority action, which its July 2025 monitoring inspection
# found effective action being taken on.
NOTTS_FIRST = "Leaders, NHS Nottingham and Nottinghamshire Integrated Care Board and education, health, and care providers should…"  # fmt: skip


@pytest.fixture
def nina(db, django_user_model):
    """An officer of Nottinghamshire."""
    return member(django_user_model, "nina", "nottinghamshire", Role.OFFICER)


@pytest.fixture
def notts_first():
    return Finding.objects.get(
        inspection__area__slug="nottinghamshire", kind=FindingKind.PRIORITY_ACTION, number=1
    )


def test_first_words_fold_a_long_finding_and_keep_a_short_one_whole():
    assert first_words("Too few families get a visit. This means needs are missed.") == (
        "Too few families get a visit."
    )
    assert first_words("one two three four five", limit=3) == "one two three…"


def test_the_add_page_names_the_finding_by_its_words_and_opens_the_rest(client, nina, notts_first):
    login(client, nina)
    page = client.get(reverse("progress:add", args=["finding", notts_first.pk])).text
    assert f"Area for priority action 1: {NOTTS_FIRST}" in page
    assert "Read it in full" in page
    assert " ".join(notts_first.text.split()[-6:]) in " ".join(page.split())


def test_the_dashboard_names_each_finding_and_gives_its_own_status(client, nina):
    login(client, nina)
    page = " ".join(client.get("/dashboard/").text.split())
    assert NOTTS_FIRST in page
    assert "Not applicable" not in page
    assert "Monitoring inspection, July 2025: effective action being taken" in page
    assert "looked at again at the next full inspection" in page  # its areas for improvement
    assert 'data-label="Inspectors\' verdict"' in page  # stacked on phones
    assert "app-stack-table" in page


def test_the_progress_report_and_its_csv_give_the_findings_own_status(client, nina):
    login(client, nina)
    report = " ".join(client.get("/progress/areas/nottinghamshire/").text.split())
    assert "Monitoring inspection, July 2025: effective action being taken" in report
    assert "Not applicable" not in report
    csv = client.get("/progress/areas/nottinghamshire/progress.csv").content.decode()
    assert "Not applicable" not in csv
    assert NOTTS_FIRST in csv  # the Title column
    assert csv.count("Monitoring inspection, July 2025: effective action being taken") >= 2


def test_an_alert_emails_subject_names_the_finding_by_its_words(client, nina, notts_first):
    client.post("/areas/nottinghamshire/alerts/", {"email": "forum@notts.example.org"})
    confirm = re.search(r"(/alerts/confirm/[^/\s]+/)", outbox.outbox[-1].body).group(1)
    client.post(confirm)
    outbox.outbox.clear()
    assert Subscription.objects.get().is_active
    ProgressUpdate.objects.create(
        area=notts_first.inspection.area,
        finding=notts_first,
        date=dt.date(2026, 11, 1),
        rag=Rag.AMBER,
        summary="Assessments now start within six weeks",
        author=nina,
    )
    send_alerts()
    (alert,) = outbox.outbox
    assert alert.subject == (
        f"Nottinghamshire: progress update on Area for priority action 1: {NOTTS_FIRST}"
    )


def test_a_new_update_has_no_visibility_until_the_officer_chooses(client, olivia):
    login(client, olivia)
    add = reverse("progress:add", args=["weakness", "CB-2019-1"])
    form = client.get(add).text
    assert 'value="public" checked' not in form and 'value="internal" checked' not in form
    data = {"rag": "amber", "summary": "Reviews on time", **date_input("2026-03-02")}
    page = client.post(add, data).text
    assert "There is a problem" in page
    assert (
        '<a href="#new-weakness-CB-2019-1-visibility_0">Choose who can see the update</a>' in page
    )
    assert not ProgressUpdate.objects.exists()
    client.post(add, {**data, "visibility": "internal"})
    assert ProgressUpdate.objects.get().visibility == "internal"


def test_an_edit_form_keeps_the_updates_own_visibility(client, olivia, amber_update):
    login(client, olivia)
    form = client.get(reverse("progress:edit", args=[amber_update.pk])).text
    assert 'value="public" checked' in form


def test_two_forms_open_on_one_area_page_share_no_id(client, nina, notts_first):
    login(client, nina)
    second = Finding.objects.get(
        inspection=notts_first.inspection, kind="priority_action", number=2
    )
    page = client.get("/areas/nottinghamshire/").text
    for finding in (notts_first, second):  # what htmx puts in place of each Add button
        form = client.get(reverse("progress:add", args=["finding", finding.pk]), headers=HTMX)
        button = re.search(rf'<div id="new-update-finding-{finding.pk}".*?</div>', page, re.S)
        page = page.replace(button.group(0), form.text)
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    assert [id_ for id_, count in ids.items() if count > 1] == []
    for label in re.findall(r'<label[^>]* for="([^"]+)"', page):
        assert ids[label] == 1


def test_weaknesses_on_the_area_page_have_an_add_link_for_officers_only(client, olivia):
    add = reverse("progress:add", args=["weakness", "CB-2019-1"])
    assert add not in client.get("/areas/central-bedfordshire/").text
    login(client, olivia)
    page = client.get("/areas/central-bedfordshire/").text
    assert f'<a class="govuk-link" href="{add}">Add a progress update' in page
