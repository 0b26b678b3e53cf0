"""Admins enter letters through the admin site: every model there, shaped like a letter."""

import pytest
from django.urls import reverse

from areas.models import Area
from inspections.models import (
    Finding,
    Inspection,
    SignificantWeakness,
    Source,
    WrittenStatementOfAction,
)
from progress.models import Membership, Role

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "areas_area",
    "inspections_inspection",
    "inspections_writtenstatementofaction",
    "inspections_significantweakness",
    "inspections_revisitverdict",
    "inspections_finding",
    "inspections_monitoringfinding",
    "inspections_decision",
    "inspections_source",
    "inspections_reporteddate",
]


@pytest.mark.parametrize("name", CHANGELISTS)
def test_every_model_has_a_working_list_and_add_page(admin_client, name):
    assert admin_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{name}_add")).status_code == 200


def test_the_area_list_shows_todays_153_areas_and_former_ones_on_request(admin_client):
    url = reverse("admin:areas_area_changelist")
    assert "153 areas" in admin_client.get(url).text
    former = admin_client.get(url, {"standing": "former"}).text
    assert "5 areas" in former and "Cumbria" in former


def test_an_areas_admin_page_lists_its_members(admin_client, django_user_model):
    area = Area.objects.get(slug="luton")
    officer = django_user_model.objects.create_user("oona", "oona@example.org", "pw")
    Membership.objects.create(user=officer, area=area, role=Role.OFFICER)
    page = admin_client.get(reverse("admin:areas_area_change", args=[area.pk])).text
    assert "members (area officers and forum representatives)" in page.lower()
    assert 'name="memberships-TOTAL_FORMS" value="1"' in page  # the one member, and no blank row
    assert 'name="memberships-0-user"' in page
    assert f'<option value="{officer.pk}" selected>oona</option>' in page


def test_inspections_filter_by_framework_outcome_region_and_theme(admin_client):
    url = reverse("admin:inspections_inspection_changelist")
    page = admin_client.get(url, {"framework": "2023", "outcome": "3"}).text
    assert "25 inspections" in page  # Slough's outcome from public pages among them
    page = admin_client.get(url, {"area__region": "east-of-england", "kind": "revisit"}).text
    assert "Central Bedfordshire" in page and "Luton" in page
    page = admin_client.get(
        reverse("admin:inspections_significantweakness_changelist"), {"theme": "local_offer"}
    ).text
    assert "CB-2019-6" in page and "LUT-2018-5" in page and "CB-2019-1" not in page


def test_admins_can_search_inspections_by_area(admin_client):
    page = admin_client.get(reverse("admin:inspections_inspection_changelist"), {"q": "Luton"})
    luton, bedfordshire = (
        Inspection.objects.get(area__slug=slug, kind="revisit")
        for slug in ("luton", "central-bedfordshire")
    )
    assert reverse("admin:inspections_inspection_change", args=[luton.pk]) in page.text
    assert reverse("admin:inspections_inspection_change", args=[bedfordshire.pk]) not in page.text


def test_a_revisit_shows_its_verdicts_inline(admin_client):
    revisit = Inspection.objects.get(area__slug="luton", kind="revisit")
    page = admin_client.get(reverse("admin:inspections_inspection_change", args=[revisit.pk]))
    assert page.status_code == 200
    assert page.text.count('name="verdicts-') > 5
    assert "LUT-2018-3" in page.text


def test_a_wsoa_shows_its_weaknesses_inline_and_its_derived_revisit_date(admin_client):
    wsoa = WrittenStatementOfAction.objects.get(inspection__area__slug="luton")
    page = admin_client.get(
        reverse("admin:inspections_writtenstatementofaction_change", args=[wsoa.pk])
    ).text
    assert "Joint working, information sharing and roles" in page
    assert "2021-01-08" in page


def test_a_bad_inspection_is_refused_with_a_message_and_nothing_is_saved(admin_client):
    area = Area.objects.get(slug="luton")
    before = Inspection.objects.count()
    response = admin_client.post(
        reverse("admin:inspections_inspection_add"),
        {
            "area": area.pk,
            "framework": "2016",
            "kind": "initial",
            "visit_start": "2019-06-10",
            "visit_end": "2019-06-03",
            "findings-TOTAL_FORMS": "0",
            "findings-INITIAL_FORMS": "0",
            "verdicts-TOTAL_FORMS": "0",
            "verdicts-INITIAL_FORMS": "0",
            "reported_dates-TOTAL_FORMS": "0",
            "reported_dates-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "The visit cannot end before it starts." in response.text
    assert Inspection.objects.count() == before


def test_a_wsoa_with_one_bad_weakness_saves_none_of_it(admin_client):
    inspection = Inspection.objects.get(area__slug="central-bedfordshire", kind="initial")
    wsoa = inspection.written_statement
    before = SignificantWeakness.objects.count()
    data = {
        "inspection": inspection.pk,
        "responsible_bodies": "changed",
        "status": wsoa.status,
        "weaknesses-TOTAL_FORMS": "2",
        "weaknesses-INITIAL_FORMS": "0",
        "weaknesses-0-number": "7",
        "weaknesses-0-title": "A new weakness",
        "weaknesses-0-text": "Text",
        "weaknesses-0-theme": "local_offer",
        "weaknesses-1-number": "8",
        "weaknesses-1-title": "Bad reference",
        "weaknesses-1-text": "Text",
        "weaknesses-1-theme": "local_offer",
        "weaknesses-1-reference": "nonsense",
    }
    url = reverse("admin:inspections_writtenstatementofaction_change", args=[wsoa.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "A reference looks like CB-2019-3." in response.text
    assert SignificantWeakness.objects.count() == before
    wsoa.refresh_from_db()
    assert wsoa.responsible_bodies != "changed"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/progress/progressupdate/abc/history/",
        "/admin/inspections/significantweakness/abc/history/",
        "/admin/inspections/significantweakness/1/history/abc/",
        "/admin/progress/membership/1.5/history/",
    ],
)
def test_a_history_address_with_an_id_that_cannot_be_is_not_found(admin_client, url):
    assert admin_client.get(url).status_code == 404


KEPT = {
    "areas_area": lambda: Area.objects.get(slug="luton"),
    "inspections_inspection": lambda: Inspection.objects.filter(area__slug="luton").first(),
    "inspections_writtenstatementofaction": lambda: WrittenStatementOfAction.objects.first(),
    "inspections_finding": lambda: Finding.objects.first(),
    "inspections_source": lambda: Source.objects.first(),
}


@pytest.mark.parametrize("name", KEPT)
def test_areas_inspections_wsoas_findings_and_sources_cannot_be_deleted(admin_client, name):
    record = KEPT[name]()
    changelist = admin_client.get(reverse(f"admin:{name}_changelist")).text
    assert 'value="delete_selected"' not in changelist
    change = admin_client.get(reverse(f"admin:{name}_change", args=[record.pk])).text
    assert 'class="deletelink"' not in change
    delete = reverse(f"admin:{name}_delete", args=[record.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("name", KEPT)
def test_changes_to_areas_inspections_wsoas_findings_and_sources_are_kept(admin_client, name):
    record = KEPT[name]()
    before = record.history.count()
    record.save()
    assert record.history.count() == before + 1
    page = admin_client.get(reverse(f"admin:{name}_history", args=[record.pk]))
    assert page.status_code == 200 and "Change history" in page.text


def test_an_inspections_findings_cannot_be_deleted_from_inside_it(admin_client):
    inspection = Finding.objects.first().inspection
    page = admin_client.get(reverse("admin:inspections_inspection_change", args=[inspection.pk]))
    assert 'name="findings-0-text"' in page.text and 'name="findings-0-DELETE"' not in page.text


def test_a_monitoring_inspection_takes_findings_on_its_areas_priority_actions_only(
    admin_client,
):
    monitoring = Inspection.objects.get(area__slug="nottinghamshire", kind="monitoring")
    page = admin_client.get(
        reverse("admin:inspections_inspection_change", args=[monitoring.pk])
    ).text
    actions = Finding.objects.filter(kind="priority_action")
    mine = actions.filter(inspection__area__slug="nottinghamshire")

    assert "Findings on the areas for priority action" in page
    assert 'name="monitoring_findings-TOTAL_FORMS" value="2"' in page
    for action in mine:
        assert f'<option value="{action.pk}"' in page
    for other in actions.exclude(inspection__area__slug="nottinghamshire")[:5]:
        assert f'<option value="{other.pk}"' not in page
    full = Inspection.objects.get(area__slug="nottinghamshire", kind="full")
    full_page = admin_client.get(reverse("admin:inspections_inspection_change", args=[full.pk]))
    assert "monitoring_findings-TOTAL_FORMS" not in full_page.text


def test_a_decisions_admin_says_what_each_follows(admin_client):
    page = admin_client.get(reverse("admin:inspections_decision_changelist"), {"q": "Wirral"}).text
    assert "Wirral: full inspection, 27 January 2025" in page
    assert "Wirral 2021 written statement of action" in page
