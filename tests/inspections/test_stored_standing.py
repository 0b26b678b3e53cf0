"""Where each area stands is stored on the area, and every page reads that copy: it must be what
the area's history works out to after the national load and after every kind of change,
including a record moved from one area to another (both areas right)."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from areas.models import Area
from inspections import standing, status
from inspections.models import Decision, DecisionKind, Inspection

pytestmark = pytest.mark.django_db

BEDFORD = (
    Path(__file__).resolve().parent.parent / "data" / "letters" / "bedford_04-february-2025.pdf"
)


def assert_every_stored_standing_is_fresh() -> None:
    stale = {
        area.slug: (stored, fresh)
        for area in status.with_history(Area.objects.all())
        if (stored := {name: getattr(area, name) for name in standing.STORED_FIELDS})
        != (fresh := standing.standing_of(area))
    }
    assert not stale


def standing_text(slug: str) -> str:
    """Where things stand on the area's public page, as someone not signed in sees it."""
    page = Client().get(f"/areas/{slug}/").text
    return page.split("Where things stand", 1)[1].split("</div>", 1)[0]


def admin_form_data(response) -> dict:
    """What the admin's change page would post back unchanged: the form and its inlines."""
    data = {}

    def add(form) -> None:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = (
                [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
            )

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = str(value)
        for form in formset.initial_forms:
            add(form)
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.initial_forms))
    return data


def test_the_national_load_stores_every_areas_standing():
    assert_every_stored_standing_is_fresh()


def test_an_imported_letter_is_where_its_area_stands_at_once(
    bedford_report_not_yet_loaded, django_capture_on_commit_callbacks
):
    bedford_report_not_yet_loaded.outcome = None  # as if only the visit were known
    bedford_report_not_yet_loaded.save()
    assert Area.objects.get(slug="bedford-borough").framework_2_status == "f2-outcome-unknown"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_letter", str(BEDFORD), stdout=io.StringIO(), stderr=io.StringIO())

    assert Area.objects.get(slug="bedford-borough").framework_2_status == "outcome-1"
    assert_every_stored_standing_is_fresh()


def test_a_new_decision_is_where_its_area_stands_at_once():
    luton = Area.objects.get(slug="luton")
    Decision.objects.create(
        area=luton,
        wsoa=luton.inspections.get(kind="initial").written_statement,
        kind=DecisionKind.IMPROVEMENT_NOTICE,
        decided_on=dt.date(2026, 3, 2),
    )

    assert "DfE and NHS England intervention" in standing_text("luton")
    assert_every_stored_standing_is_fresh()


def test_an_admin_edit_of_an_inspection_is_where_its_area_stands_at_once(admin_client):
    # Bury's 2024 visit corrected to a week later: its expected monitoring inspection moves too.
    full = Inspection.objects.get(area__slug="bury", kind="full")
    url = reverse("admin:inspections_inspection_change", args=[full.pk])
    data = admin_form_data(admin_client.get(url))
    data.update(visit_start="2024-02-19", visit_end="2024-02-23")

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    bury = Area.objects.get(slug="bury")
    assert (bury.next_expected_label, bury.next_expected_on) == (
        "Monitoring inspection",
        dt.date(2025, 8, 19),
    )
    assert_every_stored_standing_is_fresh()


def test_a_revisit_moved_to_another_area_leaves_neither_area_stale(admin_client):
    # Luton's revisit as if entered against the wrong area, then moved to Bradford (whose plan
    # has no revisit recorded): Luton must no longer show its result, and Bradford must.
    revisit = Inspection.objects.get(area__slug="luton", kind="revisit")
    bradford = Area.objects.get(slug="bradford")
    url = reverse("admin:inspections_inspection_change", args=[revisit.pk])
    assert "Revisit: progress on all weaknesses" in standing_text("luton")
    luton_stamp = Area.objects.get(slug="luton").changed_at
    data = admin_form_data(admin_client.get(url))
    bradford_wsoa = bradford.inspections.get(kind="initial").written_statement
    data.update(area=str(bradford.pk), wsoa=str(bradford_wsoa.pk))
    for name in [key for key in data if key.startswith("verdicts-") and key.endswith("-id")]:
        data[name.removesuffix("-id") + "-DELETE"] = "on"  # they judged Luton's weaknesses

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert Inspection.objects.get(pk=revisit.pk).area == bradford
    assert "Revisit: progress on all weaknesses" not in standing_text("luton")
    assert "Revisit: progress on all weaknesses" in standing_text("bradford")
    assert Area.objects.get(slug="luton").changed_at > luton_stamp  # its cached pages go
    assert_every_stored_standing_is_fresh()


def test_a_decision_moved_to_another_area_refreshes_both():
    kent = Area.objects.get(slug="kent")
    lifted = Decision.objects.get(area=kent, kind=DecisionKind.IMPROVEMENT_NOTICE_LIFTED)
    assert kent.framework_1_status == "intervention-lifted"

    lifted.area = Area.objects.get(slug="surrey")
    lifted.wsoa = None
    lifted.save()

    assert Area.objects.get(slug="kent").framework_1_status == "dfe-decision"
    assert_every_stored_standing_is_fresh()


def test_a_lifted_notice_after_an_outcome_is_where_its_area_stands_at_once():
    bexley = Area.objects.get(slug="bexley")
    notice = Decision.objects.get(area=bexley)
    assert bexley.framework_2_status == "outcome-3-improvement-notice"

    Decision.objects.create(
        area=bexley,
        inspection=notice.inspection,
        kind=DecisionKind.IMPROVEMENT_NOTICE_LIFTED,
        decided_on=dt.date(2026, 3, 2),
    )

    assert Area.objects.get(slug="bexley").framework_2_status == "outcome-3"
    assert "latest step after the December 2023 inspection: improvement notice lifted" in (
        standing_text("bexley")
    )
    assert_every_stored_standing_is_fresh()


def test_a_monitoring_inspection_entered_in_the_admin_is_where_its_area_stands_at_once(
    admin_client,
):
    bury = Area.objects.get(slug="bury")
    assert bury.next_expected_label == "Monitoring inspection"
    monitoring = Inspection.objects.create(
        area=bury,
        framework="2023",
        kind="monitoring",
        visit_start=dt.date(2025, 6, 1),
        visit_precision="month",
    )
    assert Area.objects.get(slug="bury").next_expected_label == "Next full inspection"
    assert_every_stored_standing_is_fresh()
    stamp = Area.objects.get(slug="bury").changed_at
    action = bury.inspections.get(kind="full").findings.filter(kind="priority_action").first()
    url = reverse("admin:inspections_inspection_change", args=[monitoring.pk])
    data = admin_form_data(admin_client.get(url))
    data.update(
        {
            "monitoring_findings-TOTAL_FORMS": "1",
            "monitoring_findings-0-monitoring": str(monitoring.pk),
            "monitoring_findings-0-priority_action": str(action.pk),
            "monitoring_findings-0-verdict": "not_effective",
            "monitoring_findings-0-words": "Inspectors found little change.",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert Area.objects.get(slug="bury").changed_at > stamp  # its cached pages go
    page = Client().get("/areas/bury/").text
    assert "Monitoring inspection, June 2025:</strong> effective action not being taken." in page
    assert "Inspectors found little change." in page
    assert_every_stored_standing_is_fresh()
