"""The shipped reports' findings, the quoted weakness wording and the WSOA milestones,
as families read them on the area pages."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command

from areas.models import Area
from inspections.models import (
    DatePrecision,
    Decision,
    Finding,
    FindingKind,
    Inspection,
    SignificantWeakness,
    Source,
    WrittenStatementOfAction,
)
from letters.shipped import REPORTS_DIR, shipped_findings

pytestmark = pytest.mark.django_db


def text(client, url: str) -> str:
    content = client.get(url).content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", content).replace("&#x27;", "'").split())


@pytest.mark.parametrize(
    ("slug", "actions", "first_words", "body"),
    [
        (
            "hertfordshire",
            2,
            "Leaders should act with urgency to accelerate",
            "Hertfordshire County Council and NHS Hertfordshire and West Essex Integrated Care Board",
        ),
        ("oldham", 2, "Leaders at Oldham Metropolitan Borough Council and", "Oldham"),
        (
            "bury",
            6,
            "Leaders across the partnership should ensure that the SEND strategy",
            "Bury Metropolitan Borough Council and NHS Greater Manchester ICB",
        ),
    ],
)
def test_a_parent_reads_each_priority_action_with_its_responsible_body(
    client, slug, actions, first_words, body
):
    full = Area.objects.get(slug=slug).inspections.get(framework="2023")
    held = list(full.findings.filter(kind=FindingKind.PRIORITY_ACTION).order_by("number"))
    page = text(client, f"/areas/{slug}/")

    assert len(held) == actions
    assert held[0].text.startswith(first_words)
    for action in held:
        assert body in action.responsible_body
        assert f"Area for priority action {action.number} ({action.responsible_body})" in page
        assert action.text.split("\n")[0][:80] in page
        assert action.theme


def test_a_report_whose_findings_are_not_held_says_so_and_links_to_it(client):
    # Suffolk's 2024 report (outcome 3) is not among the shipped reports.
    suffolk = Area.objects.get(slug="suffolk").inspections.get(framework="2023")
    page = text(client, "/areas/suffolk/")

    assert not suffolk.findings.exists()
    assert "The tracker does not hold this report's areas for priority action" in page
    assert suffolk.report_url in client.get("/areas/suffolk/").content.decode()


def test_each_shipped_report_is_its_inspections_source_with_its_link_and_date():
    for entry in shipped_findings():
        source = Source.objects.get(content_hash=entry["fingerprint"])
        inspection = source.inspections.get()
        assert inspection.framework == "2023"
        assert source.published_on, entry["file"]
        assert (REPORTS_DIR / entry["file"]).exists()
        if inspection.report_url:
            assert source.url == inspection.report_url
    cornwall_2023 = Inspection.objects.get(area__slug="cornwall", visit_start=dt.date(2023, 2, 6))
    # The outcomes table lists only Cornwall's 2026 reinspection: the 2023 report adds this one.
    assert cornwall_2023.published_on == dt.date(2023, 5, 5) and cornwall_2023.outcome == 2


def test_the_shipped_findings_are_all_loaded_with_a_theme():
    shipped = sum(
        len(e["priority_actions"]) + len(e["areas_for_improvement"]) for e in shipped_findings()
    )
    findings = Finding.objects.filter(
        kind__in=[FindingKind.PRIORITY_ACTION, FindingKind.IMPROVEMENT]
    )
    assert findings.count() == shipped == 234
    assert not findings.filter(theme="").exists()


def test_an_admins_theme_survives_a_reload():
    finding = Finding.objects.filter(kind=FindingKind.IMPROVEMENT).first()
    finding.theme = "sufficiency" if finding.theme != "sufficiency" else "therapies"
    finding.save()

    call_command("load_national_data", stdout=io.StringIO())

    assert Finding.objects.get(pk=finding.pk).theme == finding.theme


def test_weakness_wording_quoted_on_public_pages_is_shown_with_its_limits(client):
    warwickshire = SignificantWeakness.objects.filter(wsoa__inspection__area__slug="warwickshire")
    kent = SignificantWeakness.objects.filter(wsoa__inspection__area__slug="kent")
    surrey = SignificantWeakness.objects.filter(wsoa__inspection__area__slug="surrey")

    assert warwickshire.count() == 5 and all(w.wording_complete for w in warwickshire)
    assert kent.count() == 6
    cut_off = kent.get(number=6)
    assert not cut_off.wording_complete and cut_off.text.endswith("ass…")
    page = text(client, cut_off.get_absolute_url())
    assert "is cut off where it ends here" in page
    assert "kelsi.org.uk" in client.get(cut_off.get_absolute_url()).content.decode()
    assert surrey.count() == 3 and not any(w.numbered_by_letter for w in surrey)
    assert "without the letter's numbering" in text(client, surrey.first().get_absolute_url())
    kent_page = text(client, "/areas/kent/")
    assert "record 9 significant weaknesses; the tracker holds the wording of 6" in kent_page


def test_wsoa_milestones_known_only_to_the_month_show_as_months(client):
    wokingham = WrittenStatementOfAction.objects.get(inspection__area__slug="wokingham")
    assert (wokingham.submitted_on, wokingham.submitted_precision) == (
        dt.date(2019, 8, 1),
        DatePrecision.MONTH,
    )
    page = text(client, "/areas/wokingham/")
    assert "August 2019 Written statement of action submitted" in page
    assert "September 2019 Written statement of action declared fit for purpose" in page
    assert "1 August 2019" not in page

    northumberland = WrittenStatementOfAction.objects.get(inspection__area__slug="northumberland")
    assert northumberland.fit_for_purpose_on == dt.date(2019, 3, 18)


def test_the_new_decisions_are_loaded_with_their_precision(client):
    oldham = Decision.objects.get(
        area__slug="oldham", kind="accelerated_progress_plan", decided_on=dt.date(2020, 3, 1)
    )
    assert oldham.date_precision == "month"
    assert "March 2020" in text(client, "/areas/oldham/")
    reviews = Decision.objects.filter(
        area__slug="worcestershire", kind="accelerated_progress_plan_review"
    )
    assert reviews.count() == 3


def test_buckinghamshires_strengths_and_areas_for_development_are_shown(client):
    content = client.get("/areas/buckinghamshire/").content.decode()
    findings = Finding.objects.filter(inspection__area__slug="buckinghamshire")

    assert "Read the letter&#x27;s findings, strengths and areas for development" in content
    for kind in ("main_finding", "strength", "development"):
        first = findings.filter(kind=kind).order_by("judgement_area", "number").first()
        assert first.text[:60] in content, kind
    assert "Identifying children and young people&#x27;s needs: strengths" in content
    assert "Improving outcomes for children and young people: areas for development" in content
