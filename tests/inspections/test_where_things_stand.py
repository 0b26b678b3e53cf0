"""Every derived sentence follows from the data and says what it rests on.

Each test reads an area's page as a parent would, against the real national data.
"""

import csv
import datetime as dt
import io
import re
from unittest import mock

import pytest

from areas.models import Area
from areas.statuses import Expected
from inspections import status
from inspections.models import Decision, DecisionKind, Inspection, InspectionKind
from inspections.runs_to import data_runs_to

pytestmark = pytest.mark.django_db


def text(client, url: str) -> str:
    """The page's words, without markup, on one line."""
    content = client.get(url).content.decode()
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", content).replace("&#x27;", "'").split())


def where_things_stand(client, slug: str) -> str:
    page = text(client, f"/areas/{slug}/")
    return page.split("Where things stand", 1)[1].split("Codes", 1)[0]


def test_an_open_wsoa_with_no_revisit_says_so_and_that_the_next_inspection_is_a_2023_one(
    client,
):
    bradford = where_things_stand(client, "bradford")

    assert "Written statement of action: no revisit recorded" in bradford
    assert "2016-framework revisits ended in December 2022" in bradford
    assert "Full inspection under the 2023 framework (no date announced)" in bradford
    assert "Revisit (no date announced yet)" not in text(client, "/areas/bradford/")


def test_no_area_is_awaiting_a_revisit_that_can_no_longer_happen(client):
    areas = Area.objects.current()
    labels = {area.next_expected(data_runs_to()).label for area in areas}
    assert "Revisit" not in labels
    assert not any("awaiting" in a.current_status.label.lower() for a in areas)


def test_no_timeline_expects_a_revisit_of_a_plan_never_revisited(client):
    """Revisits ended in December 2022: a plan accepted in 2022 (Darlington's, Rotherham's)
    whose revisit would have fallen due after that must not show "Revisit expected"."""
    from inspections.history import timeline

    for area in status.with_records(Area.objects.all()):
        for event in timeline(area, area.next_expected(data_runs_to())):
            if event.kind == "revisit-due" and event.expected:
                assert event.title.startswith("Revisit was due"), (area.name, event.title)
    for slug in ("darlington", "rotherham"):
        page = text(client, f"/areas/{slug}/")
        assert "Revisit expected" not in page, slug
        assert "A revisit would have been due" in page, slug
    darlington = text(client, "/areas/darlington/")
    assert "none will come: 2016-framework revisits ended in December 2022" in darlington


def test_a_plan_signed_off_without_a_revisit_says_so_not_overtaken(client):
    """Rotherham's milestone page says DfE and NHS England signed its WSOA off (not when):
    the plan is signed off, never "overtaken by the 2023 framework"."""
    rotherham = Area.objects.get(slug="rotherham")
    page = text(client, "/areas/rotherham/")

    assert rotherham.framework_1.label == "Written statement of action signed off"
    assert "No revisit came: DfE and NHS England signed the plan off without one" in page
    assert "overtaken by the 2023 framework" not in page.lower()
    listed = text(client, "/areas/?status=wsoa-signed-off")
    assert "Rotherham" in listed
    # Darlington's page says only that it would not be revisited: not signed off.
    assert Area.objects.get(slug="darlington").framework_1_status != "wsoa-signed-off"


def test_an_expected_date_past_the_datas_end_says_it_has_passed_and_why_unknown(client):
    """Kingston upon Hull's next full inspection was due by 20 November 2026: after the date
    the data runs to (26 June 2026) but before today. The page says the date has passed and
    that the data cannot tell, never that it is still to come; /expected/ lists it apart."""
    today = dt.date(2026, 12, 4)
    runs_to = data_runs_to()
    hull = Area.objects.get(slug="kingston-upon-hull").next_expected(runs_to, today)
    assert runs_to < hull.date < today and hull.precision == "day"
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        page = where_things_stand(client, "kingston-upon-hull")
        expected = text(client, "/expected/")
        api = client.get("/api/v1/areas/kingston-upon-hull/").json()["next_expected"]

    assert (
        f"Next full inspection was expected by {hull.date:%-d %B %Y}. That date has passed, "
        f"but the tracker's data runs only to {runs_to:%-d %B %Y}, so it cannot say whether "
        "it has happened"
    ) in page
    assert "expected around" not in page
    passed = expected.split("Expected since the data ends", 1)[1]
    assert "Kingston upon Hull Next full inspection By 20 November 2026" in passed
    assert api["date_passed_since_data_end"] is True and api["date_precision"] == "day"
    # A month counts as passed only once it is over.
    month = Expected("Monitoring inspection", dt.date(2026, 12, 3), "", runs_to, "month", today)
    assert not month.passed_since_data
    assert Expected("x", dt.date(2026, 11, 12), "", runs_to, "month", today).passed_since_data


def test_the_month_named_is_the_month_the_date_is_counted_from(client):
    """Rotherham's visit ran from 30 September to 4 October 2024 and Ofsted's page gives the
    next inspection by 30 September 2029: the words name the first day, not October."""
    stands = where_things_stand(client, "rotherham")
    assert "Next full inspection, expected by 30 September 2029" in stands
    assert "(the inspection that began on 30 September 2024)" in stands
    assert "October 2024 inspection" not in stands


def test_a_wsoas_count_is_the_statistics_and_says_how_many_are_worded(client):
    """Kent's plan had 9 weaknesses (the statistics), 6 of them quoted on public pages."""
    kent = text(client, "/areas/kent/").split("Written statement of action required", 1)[1]
    assert kent.split("Revisit visit")[0].startswith(
        " The area had to write a plan showing how it would fix the weaknesses inspectors "
        "found. 9 significant weaknesses to put right. The wording of 6 of them is held here."
    )
    surrey = text(client, "/areas/surrey/").split("Written statement of action required", 1)[1]
    assert "5 significant weaknesses to put right. The wording of 3 of them is held here." in (
        surrey
    )


def test_verdicts_known_only_as_a_count_are_given_or_said_plainly(client):
    """Kent's revisit found none of its 9 weaknesses sufficient: each weakness held is "not
    sufficient", from that count. Surrey's found 4 of 5: which 4 is not known, and no page,
    file or count says "no verdict"."""
    kent = text(client, "/weaknesses/KEN-2019-1/")
    assert "Not sufficient progress" in kent
    assert "this verdict follows from that count" in kent
    assert "no revisit verdict" not in kent.lower()
    surrey = text(client, "/weaknesses/SUR-2016-1/")
    assert "Judged at the 2019 revisit" in surrey
    assert (
        "found 4 of the 5 weaknesses made sufficient progress; which 4 were sufficient is "
        "not known here"
    ) in surrey
    assert "no verdict" not in surrey.lower()
    area = text(client, "/areas/surrey/")
    assert "which 4 were sufficient is not known here" in area and "No verdict yet" not in area

    api = client.get("/api/v1/weaknesses/?verdict=not_sufficient").json()
    assert {w["reference"] for w in api} >= {f"KEN-2019-{n}" for n in range(1, 7)}
    kent_1 = next(w for w in api if w["reference"] == "KEN-2019-1")
    assert kent_1["verdicts"][0]["basis"]["key"] == "count"
    unjudged = client.get("/api/v1/weaknesses/?verdict=none").json()
    surrey_1 = next(w for w in unjudged if w["reference"] == "SUR-2016-1")
    assert "which 4 were sufficient is not known here" in surrey_1["verdict_note"]

    download = client.get("/data/weaknesses.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    kent_rows = [r for r in rows if r["reference"].startswith("KEN-2019-")]
    assert len(kent_rows) == 6
    assert {(r["verdict"], r["verdict_basis"]) for r in kent_rows} == {("not_sufficient", "count")}
    surrey_rows = [r for r in rows if r["reference"].startswith("SUR-2016-")]
    assert all("not known here" in r["verdict_note"] for r in surrey_rows)


def test_an_area_reorganised_away_uninspected_is_never_not_yet_inspected(client):
    """Bournemouth and Poole were merged into BCP in 2019 without an inspection; BCP's page
    says only Dorset County's inspection came before it."""
    for slug in ("bournemouth", "poole"):
        stands = where_things_stand(client, slug)
        assert "No inspection recorded" in stands and "Not yet inspected" not in stands
        assert "recorded yet" not in text(client, f"/areas/{slug}/")
    bcp = text(client, "/areas/bournemouth-christchurch-and-poole/")
    assert "inspected as part of" not in bcp
    assert (
        "Inspections before then are on the page of Dorset County; the official statistics "
        "record no inspection of Bournemouth or Poole."
    ) in bcp


@pytest.mark.parametrize(
    "slug", ["central-bedfordshire", "newcastle-upon-tyne", "north-somerset", "peterborough"]
)
def test_after_a_revisit_left_to_dfe_the_2023_inspection_is_what_comes_next(client, slug):
    """Years after a revisit, "DfE and NHS England decide the next steps" is not what happens
    next: the 2023-framework inspection is; that the decision is not recorded is the reason."""
    stands = where_things_stand(client, slug)
    assert "What happens next: Full inspection under the 2023 framework" in stands
    assert "DfE and NHS England were to decide the next steps; no decision is recorded" in stands
    labels = {a.next_expected(data_runs_to()).label for a in Area.objects.current()}
    assert "DfE and NHS England decide the next steps" not in labels


def test_a_monitoring_inspection_after_outcome_3_is_expected_around_a_date(client):
    bury = Area.objects.get(slug="bury")
    full = bury.inspections.get(kind=InspectionKind.FULL)
    expected = Area.objects.get(pk=bury.pk).next_expected(as_of=dt.date(2024, 6, 1))

    assert expected.label == "Monitoring inspection"
    assert expected.date == dt.date(2025, 8, 12)  # 18 months after 12 February 2024
    assert not expected.overdue
    assert (
        "within about 18 months of the inspection that began on 12 February 2024" in expected.basis
    )
    assert full.visit_start == dt.date(2024, 2, 12)


def test_a_monitoring_inspection_past_its_date_is_not_called_late_only_unrecorded(client):
    bexley = where_things_stand(client, "bexley")
    runs_to = data_runs_to()

    assert "Monitoring inspection was expected around June 2025" in bexley
    assert f"the tracker holds no record of it up to {runs_to:%-d %B %Y}" in bexley
    assert "not yet reported" not in bexley and "overdue" not in bexley.lower()


def test_nothing_is_overdue_after_the_date_the_data_runs_to():
    expected = Expected("Next full inspection", dt.date(2026, 9, 1), "", dt.date(2026, 6, 26))
    assert not expected.overdue
    assert Expected("Next full inspection", dt.date(2026, 1, 1), "", dt.date(2026, 6, 26))


def test_every_page_says_the_date_the_data_runs_to(client):
    latest = max(
        Inspection.objects.exclude(published_on=None).latest("published_on").published_on,
        Decision.objects.latest("decided_on").decided_on,
    )
    pages = ("/", "/areas/", "/areas/luton/", "/weaknesses/CB-2019-1/", "/themes/", "/about/")
    for url in (*pages, "/expected/"):
        assert f"The data here runs to {latest:%-d %B %Y}" in text(client, url), url


def test_a_lifted_improvement_notice_ends_the_intervention(client):
    kent = where_things_stand(client, "kent")
    lifted = Decision.objects.get(area__slug="kent", kind=DecisionKind.IMPROVEMENT_NOTICE_LIFTED)

    assert "Improvement notice lifted" in kent
    assert "DfE and NHS England intervention" not in kent
    assert "latest step was: improvement notice lifted" in kent
    assert lifted.decided_on.year == 2024


def test_former_areas_show_their_own_inspections(client):
    dorset_county = text(client, "/areas/dorset-county/")
    northants = text(client, "/areas/northamptonshire/")

    assert "January 2017 (ended 27 January 2017) Inspection visit" in dorset_county
    assert "Revisit: progress on some weaknesses" in dorset_county
    assert "The official statistics record 4 significant weaknesses" in dorset_county
    assert "May 2017 Inspection visit" in northants
    assert "No significant weaknesses (2016 framework)" in northants
    # A former area is never "not yet inspected" under a framework that came after it.
    listed = text(client, "/areas/?q=northamptonshire")
    assert "Northamptonshire (to 2021) East Midlands" in listed
    row = listed.split("Northamptonshire (to 2021)", 1)[1].split("West Northamptonshire")[0]
    assert "Replaced by newer areas" in row and "Not yet inspected" not in row


def test_areas_with_a_2023_outcome_never_count_as_not_yet_inspected(client):
    home = client.get("/")
    counts = {status.key: count for status, count in home.context["framework_1_counts"]}

    assert "not-inspected" not in counts
    areas = status.with_history(Area.objects.current())
    for area in areas:
        if status.framework_2_status(area).key.startswith("outcome"):
            assert area.current_status.key != "not-inspected", area
    for slug in ("dorset", "cumberland"):
        assert "Not yet inspected" not in where_things_stand(client, slug)


def test_an_outcome_the_tracker_does_not_hold_is_said_plainly_with_the_report(client):
    slough = Area.objects.get(slug="slough")
    full = slough.inspections.get(kind=InspectionKind.FULL)
    full.outcome = full.priority_action_plan_required = None  # as if no page gave it
    full.outcome_basis = ""
    full.save()
    page = text(client, "/areas/slough/")

    assert "Inspected: outcome not held here" in page
    assert "Not yet inspected under the 2023 framework" not in page
    assert "The outcome of the latest inspection is not held here" in page
    assert f'href="{full.report_url}"' in client.get("/areas/slough/").content.decode()


def test_sloughs_outcome_is_shown_with_its_source_and_its_findings_said_not_held(client):
    stands = where_things_stand(client, "slough")
    page = text(client, "/areas/slough/")
    findings = page.split("What the 2025 report asks the area to put right", 1)[1]

    assert "Outcome 3: widespread failings" in stands
    assert (
        "The tracker does not hold the July 2025 inspection's report: its outcome is as public "
        "pages quote it. The council's own news page and its alert on the published plan both "
        "quote the report's judgement of widespread and/or systemic failings (outcome 3)"
    ) in stands
    assert (
        "Sources: feeds.bbci.co.uk: Slough ; slough.gov.uk: Slough ; sloughalert.co.uk: Slough"
        in stands
    )
    assert "What happens next: Monitoring inspection, expected around January 2027." in stands
    assert "within about 18 months of the inspection that began on 7 July 2025" in stands
    assert findings.startswith(
        " The tracker does not hold this report's areas for priority action or areas for "
        "improvement yet. That is not because there are none: an outcome 3 report always names "
        "areas for priority action"
    )
    timeline = timeline_of(client, "slough")
    assert "6 November 2025 Report published Outcome 3: widespread failings" in timeline
    assert "The report is not held here: its outcome is as public pages quote it." in timeline


@pytest.mark.parametrize(
    ("slug", "start", "end", "shown"),
    [
        ("derbyshire", (2024, 9, 23), (2024, 9, 27), "23 September 2024 to 27 September 2024"),
        # The outcomes table says "Last inspection date not provided".
        ("north-yorkshire", (2024, 4, 29), (2024, 5, 3), "29 April 2024 to 3 May 2024"),
    ],
)
def test_visit_dates_the_outcomes_table_lacks_come_from_the_report(client, slug, start, end, shown):
    full = Area.objects.get(slug=slug).inspections.get(kind=InspectionKind.FULL, framework="2023")

    assert (full.visit_start, full.visit_end) == (dt.date(*start), dt.date(*end))
    assert shown in text(client, f"/areas/{slug}/")


def test_health_partners_are_todays_integrated_care_boards():
    assert not Area.objects.current().filter(health_partner_name__icontains="commissioning")
    bucks = Area.objects.get(slug="buckinghamshire")
    assert "Integrated Care Board" in bucks.health_partner_name
    assert Area.objects.get(slug="hertfordshire").health_partner_name == (
        "NHS Hertfordshire and West Essex Integrated Care Board (ICB)"
    )


def test_an_area_with_two_integrated_care_boards_names_both():
    # "North Yorkshire Council, NHS West Yorkshire Integrated Care Board (ICB) and NHS Humber
    # and North Yorkshire ICB are responsible for ..."
    north_yorkshire = Area.objects.get(slug="north-yorkshire")
    assert north_yorkshire.council_name == "North Yorkshire Council"
    assert north_yorkshire.health_partner_name == (
        "NHS West Yorkshire Integrated Care Board (ICB) and NHS Humber and North Yorkshire ICB"
    )
    assert Area.objects.get(slug="surrey").health_partner_name == (
        "NHS Surrey Heartlands Integrated Care Board (ICB) and NHS Frimley ICB"
    )
    # An ICB's short name in brackets is not a second ICB.
    assert Area.objects.get(slug="wiltshire").health_partner_name == (
        "NHS Bath and North East Somerset, Swindon and Wiltshire Integrated Care Board"
    )


def test_every_area_with_a_shipped_report_shows_its_council_and_nhs_partner(client):
    from letters.shipped import shipped_findings

    for entry in shipped_findings():
        area = Area.objects.named(entry["area"])
        assert area.council_name, area.name
        assert area.health_partner_name.endswith(("Integrated Care Board", "(ICB)", "ICB")), (
            area.name
        )
    page = text(client, "/areas/richmond-upon-thames/")
    assert "Council London Borough of Richmond upon Thames" in page
    assert "Health partner NHS South West London Integrated Care Board" in page


def test_every_report_quoted_links_to_its_source(client):
    for slug in ("bury", "hertfordshire", "oldham"):
        full = Area.objects.get(slug=slug).inspections.get(kind=InspectionKind.FULL)
        content = client.get(f"/areas/{slug}/").content.decode()
        assert full.report_url and f'href="{full.report_url}"' in content, slug
        assert full.sources.filter(kind="letter").exists(), slug


def timeline_of(client, slug: str) -> str:
    return text(client, f"/areas/{slug}/").split("Timeline", 1)[1]


def test_worcestershires_plan_reviews_are_labelled_as_reviews(client):
    timeline = timeline_of(client, "worcestershire")

    assert timeline.count("A plan to speed up improvement") == 1
    assert "April 2022 Accelerated progress plan" in timeline
    for when in ("March 2023", "27 September 2023", "April 2024"):
        assert f"{when} Review of the accelerated progress plan" in timeline, when
    # All four follow the written statement of action of the 2018 inspection.
    assert timeline.count("On the written statement of action after the March 2018") == 4
    assert timeline.count("a review, not a new plan") == 3
    api = client.get("/api/v1/areas/worcestershire/").json()
    assert [d["kind"]["label"] for d in api["decisions"]][1:] == [
        "Review of the accelerated progress plan"
    ] * 3


def test_each_area_named_in_the_parliamentary_answer_shows_its_own_note(client):
    for slug in ("bury", "hartlepool", "windsor-and-maidenhead"):
        page = text(client, f"/areas/{slug}/")
        assert "As above" not in page, slug
        assert "Named in a parliamentary answer listing areas required to produce" in page, slug


def test_bexleys_notice_is_part_of_its_2023_story(client):
    """Bexley had no written statement of action: its 2024 notice follows its 2023-framework
    outcome 3, and the page says so where it stands and on the timeline."""
    notice = Decision.objects.get(area__slug="bexley")
    stands = where_things_stand(client, "bexley")
    timeline = timeline_of(client, "bexley")

    assert notice.wsoa is None and notice.inspection.visit_start == dt.date(2023, 12, 4)
    assert "Outcome 3 and a DfE improvement notice" in stands
    assert (
        "DfE and NHS England's latest step after the December 2023 inspection: improvement "
        "notice (1 May 2024). Source: mail.localgovernmentlawyer.co.uk: Bexley"
    ) in stands
    assert "Monitoring inspection was expected around June 2025" in stands
    report, notice_event = timeline.split("23 February 2024 Report published", 1)[1].split(
        "1 May 2024 Improvement notice", 1
    )
    assert "Outcome 3: widespread failings" in report
    assert notice_event.startswith(
        " After the 2023-framework inspection of December 2023 (outcome 3)."
    )


def test_wirral_is_still_under_a_notice_after_its_update(client):
    stands = where_things_stand(client, "wirral")
    timeline = timeline_of(client, "wirral")

    assert "Outcome 3 and a DfE improvement notice" in stands
    assert (
        "latest step after the January 2025 inspection: improvement notice updated (6 June 2025)"
        in stands
    )
    assert "Improvement notice lifted" not in stands
    first = timeline.index(
        "15 May 2024 Improvement notice On the written statement of action after the September 2021 inspection."
    )
    updated = timeline.index(
        "6 June 2025 Improvement notice updated After the 2023-framework inspection of January 2025 (outcome 3)."
    )
    assert first < timeline.index("16 April 2025 Report published") < updated
    assert "the area is still under an improvement notice" in timeline


def test_the_outcome_3_filter_and_the_map_keep_areas_under_a_notice(client):
    outcome_3 = text(client, "/areas/?outcome=3")
    under_notice = text(client, "/areas/?status=outcome-3-improvement-notice")
    home = client.get("/")
    counts = {s.key: n for s, n in home.context["framework_2_counts"]}

    assert "Bexley" in outcome_3 and "Wirral" in outcome_3
    assert "2 local areas found" in under_notice
    assert "Bexley" in under_notice and "Wirral" in under_notice
    # Counted and drawn as outcome 3, named with the notice.
    assert "outcome-3-improvement-notice" not in counts
    assert (
        counts["outcome-3"]
        == Area.objects.filter(framework_2_status__startswith="outcome-3").count()
    )
    assert 'aria-label="Bexley: Outcome 3 and a DfE improvement notice"' in home.content.decode()


def test_nottinghamshires_monitoring_inspection_and_what_comes_after_it(client):
    stands = where_things_stand(client, "nottinghamshire")
    page = text(client, "/areas/nottinghamshire/")
    timeline = timeline_of(client, "nottinghamshire")

    assert (
        "The monitoring inspection of July 2025 found effective action being taken on 2 of 2 "
        "areas for priority action."
    ) in stands
    # No monitoring inspection is expected any more: the full inspection comes next.
    assert "Monitoring inspection was expected" not in stands
    assert "What happens next: Next full inspection was expected around January 2026" in stands
    assert (
        "Why: Outcome 3 means a full inspection within about 3 years of the inspection that "
        "began on 30 January 2023. The monitoring inspection that outcome 3 brings took place in July 2025; "
        "the full inspection comes next."
    ) in stands
    # Beside each area for priority action, what the monitoring inspection found.
    findings = page.split("What the 2023 report asks the area to put right", 1)[1]
    first, second = findings.split("Area for priority action 2", 1)
    for part in (first, second.split("Area for improvement 1", 1)[0]):
        assert (
            "Monitoring inspection, July 2025: effective action being taken. Source: "
            "nottinghamshire.gov.uk: Nottinghamshire"
        ) in part
    # On the timeline: a visit and a report known to the month, never to a day.
    assert "July 2025 Monitoring inspection visit · 2023 framework" in timeline
    assert "September 2025 Report published Inspectors reported on each area for priority" in (
        timeline
    )
    assert "1 July 2025" not in page and "1 September 2025" not in page
    assert "The report is not held here: its findings are as public pages report them." in (
        timeline
    )
    report = timeline.split("September 2025 Report published", 1)[1]
    for number in (1, 2):
        assert f"Area for priority action {number} (" in report
    assert report.count(": effective action being taken") == 2


def test_a_monitoring_inspection_in_the_api_and_files_keeps_its_months(client):
    api = client.get("/api/v1/areas/nottinghamshire/").json()
    (monitoring,) = [i for i in api["inspections"] if i["kind"]["key"] == "monitoring"]

    assert (monitoring["visit_start"], monitoring["visit_precision"]) == ("2025-07-01", "month")
    assert (monitoring["published_on"], monitoring["published_precision"]) == (
        "2025-09-01",
        "month",
    )
    assert [
        (f["priority_action"]["label"], f["verdict"]["key"])
        for f in monitoring["monitoring_findings"]
    ] == [("Area for priority action 1", "effective"), ("Area for priority action 2", "effective")]
    assert api["next_expected"]["label"] == "Next full inspection"
    assert api["next_expected"]["date"] == "2026-01-30"
    findings = client.get("/data/findings.csv")
    rows = b"".join(findings.streaming_content).decode("utf-8-sig").splitlines()
    notts = [r for r in rows if r.startswith("nottinghamshire,") and ",priority_action," in r]
    assert len(notts) == 2 and all(r.endswith(",effective,2025-07") for r in notts)
