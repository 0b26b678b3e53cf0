"""The real data: counts from the official files, and the seed areas fact by fact."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Sum

from areas.models import Area
from inspections.models import (
    DateEvent,
    Decision,
    DecisionKind,
    Finding,
    FindingKind,
    Framework,
    Inspection,
    InspectionKind,
    MonitoringFinding,
    Outcome,
    ReportedDate,
    RevisitVerdict,
    SignificantWeakness,
    Source,
    WrittenStatementOfAction,
    WsoaStatus,
)
from inspections.sources import STATISTICS_NOTES_TITLE, STATISTICS_TITLE
from national_data import decisions
from national_data import loading as loaders
from national_data.common import read_csv
from national_data.decisions import DECISIONS_CSV

pytestmark = pytest.mark.django_db

D = dt.date


def snapshot() -> dict:
    models = [Area, Inspection, WrittenStatementOfAction, SignificantWeakness, RevisitVerdict]
    models += [Finding, MonitoringFinding, Decision, Source, ReportedDate]
    return {m.__name__: sorted(map(repr, m.objects.values())) for m in models}


def test_every_local_area_is_loaded_with_its_codes():
    assert Area.objects.current().count() == 153
    barnet = Area.objects.get(code="302")
    assert (barnet.name, barnet.ons_code, barnet.get_region_display()) == (
        "Barnet",
        "E09000003",
        "London",
    )
    assert barnet.slug == "barnet" and barnet.get_area_type_display() == "London borough"
    assert Area.objects.get(code="801").name == "Bristol"  # not "Bristol, City of"


def test_an_ons_code_change_keeps_the_area_and_remembers_the_old_code():
    bucks = Area.objects.get(code="825")
    assert bucks.ons_code == "E06000060"
    assert bucks.former_ons_codes == ["E10000002"]
    assert Area.objects.with_code("E10000002") == bucks


def test_reorganised_areas_link_predecessors_and_successors():
    cumbria = Area.objects.get(code="909")
    assert not cumbria.is_current and cumbria.abolished_on == D(2023, 4, 1)
    assert set(cumbria.successors.values_list("name", flat=True)) == {
        "Cumberland",
        "Westmorland and Furness",
    }
    northants = Area.objects.get(code="928")
    assert set(northants.successors.values_list("code", flat=True)) == {"940", "941"}
    dorset = Area.objects.get(code="838")
    assert set(dorset.predecessors.values_list("name", flat=True)) == {"Dorset County"}
    # The lookup gives Cumberland its predecessor's figures: they are not copied.
    assert Area.objects.get(code="942").population_0_25 is None


def test_every_framework_1_inspection_and_revisit_in_the_statistics_is_loaded():
    statistics = Source.objects.get(kind="statistics", title=STATISTICS_TITLE)
    notes = Source.objects.get(kind="statistics", title=STATISTICS_NOTES_TITLE)
    initial = Inspection.objects.initial().filter(sources=statistics)
    # The 149 in the data rows; Dorset County's and Northamptonshire's 2017 inspections come
    # from the release's notes sheet (former areas, outside the data rows), cited as such.
    assert initial.count() == 149
    noted = Inspection.objects.initial().filter(sources=notes)
    assert set(noted.values_list("area__code", flat=True)) == {"835", "928"}
    # The statistics' 82 WSOAs and 436 weaknesses, and Dorset County's from the notes.
    assert initial.filter(wsoa_required=True).count() == 82
    assert noted.filter(wsoa_required=True).get().area.name == "Dorset County"
    assert WrittenStatementOfAction.objects.count() == 82 + 1
    in_table = WrittenStatementOfAction.objects.filter(sources=statistics)
    assert in_table.aggregate(total=Sum("reported_weakness_count"))["total"] == 436
    revisits = Inspection.objects.revisits().filter(sources=statistics, area__abolished_on=None)
    assert revisits.count() == 46
    assert {r: revisits.filter(revisit_result=r).count() for r in ("all", "some", "none")} == {
        "all": 20,
        "some": 24,
        "none": 2,
    }
    # And the five revisits after the statistics' cut-off, and Dorset County's in 2019.
    assert Inspection.objects.revisits().count() == 51 + 1
    # Cumbria's 2019 inspection stays with Cumbria, not its successors.
    assert Inspection.objects.get(area__code="909", kind="initial").visit_start == D(2019, 3, 18)


@pytest.mark.parametrize(
    ("last_day", "published"),
    [
        # Ofsted's published figures: 26 full inspections carried out in 2023 (outcomes 1, 2
        # and 3: 7, 11 and 8), and 54 by the end of 2024 (14, 26 and 14).
        (D(2023, 12, 31), {1: 7, 2: 11, 3: 8}),
        (D(2024, 12, 31), {1: 14, 2: 26, 3: 14}),
    ],
)
def test_the_2023_framework_totals_are_ofsteds_published_figures(last_day, published):
    full = Inspection.objects.full().filter(visit_start__lte=last_day)
    by_outcome = {outcome: full.filter(outcome=outcome).count() for outcome in (1, 2, 3)}
    assert by_outcome == published
    assert full.count() == sum(published.values())


def test_every_framework_2_outcome_is_loaded():
    full = Inspection.objects.full()
    cornwall_2023 = full.get(area__name="Cornwall", visit_start=D(2023, 2, 6))
    # Its report is only in the management information; the index cites its last day.
    assert cornwall_2023.visit_end == D(2023, 2, 10)
    assert full.filter(sources__kind="report_index").exclude(pk=cornwall_2023.pk).count() == 96
    assert full.count() == 97
    assert full.filter(outcome=Outcome.WIDESPREAD).count() == 25  # Slough's from public pages
    assert not full.filter(outcome__isnull=True).exists()
    herts = full.get(area__name="Hertfordshire")
    assert herts.priority_action_plan_required is True and herts.reported_priority_actions == 2


def test_where_sources_disagree_on_a_start_date_both_are_kept():
    oxfordshire = Inspection.objects.full().get(area__name="Oxfordshire")
    starts = oxfordshire.reported_dates.filter(event=DateEvent.VISIT_START)
    assert {(r.date, r.source.kind) for r in starts} == {
        (D(2023, 7, 13), "report_index"),
        (D(2023, 7, 17), "management_information"),
    }


def test_central_bedfordshire_in_full():
    area = Area.objects.get(slug="central-bedfordshire")
    initial = area.inspections.get(kind=InspectionKind.INITIAL)
    assert initial.visit_start == D(2019, 11, 18)
    published = {r.source.kind: r.date for r in initial.reported_dates.filter(event="published")}
    assert published == {
        "letter": D(2020, 2, 12),
        "statistics": D(2020, 2, 23),
        "council_page": D(2020, 2, 24),
    }
    wsoa = initial.written_statement
    assert wsoa.fit_for_purpose_on == D(2020, 9, 24)
    assert wsoa.status == WsoaStatus.ESCALATED
    assert "clinical commissioning group" in wsoa.responsible_bodies
    weaknesses = list(wsoa.weaknesses.all())
    assert [w.reference for w in weaknesses] == [f"CB-2019-{n}" for n in range(1, 7)]
    assert weaknesses[0].text.startswith(
        "Existing education, health and care (EHC) plans are not of sufficient quality"
    )
    assert weaknesses[0].theme == "ehc_plan_quality"
    assert weaknesses[5].theme == "local_offer"

    revisit = area.inspections.get(kind=InspectionKind.REVISIT)
    assert (revisit.visit_start, revisit.visit_end, revisit.letter_date) == (
        D(2022, 7, 4),
        D(2022, 7, 6),
        D(2022, 9, 8),
    )
    assert revisit.published_on == D(2022, 9, 21)
    assert revisit.inspector_list == [
        "Paul Wilson HMI, Lead Inspector (Ofsted)",
        "Lesley Perry, CQC Inspector",
    ]
    verdicts = [v.verdict for v in revisit.verdicts.order_by("weakness__number")]
    assert verdicts == ["not_sufficient"] * 3 + ["sufficient"] * 3
    assert revisit.revisit_result == "some"
    assert "it is for DfE and NHS England to determine the next steps" in revisit.consequence
    assert "SNAP PCF" in revisit.verdicts.get(weakness__number=5).narrative
    decision = area.decisions.get()
    assert (decision.kind, decision.decided_on, decision.wsoa) == (
        DecisionKind.NEXT_STEPS_PENDING,
        D(2022, 9, 8),
        wsoa,
    )
    assert area.council_name == "Central Bedfordshire Council"


def test_luton_in_full():
    area = Area.objects.get(slug="luton")
    initial = area.inspections.get(kind=InspectionKind.INITIAL)
    assert (initial.visit_start, initial.published_on) == (D(2018, 12, 3), D(2019, 2, 15))
    wsoa = initial.written_statement
    assert wsoa.fit_for_purpose_on == D(2019, 7, 8)
    assert wsoa.revisit_due == D(2021, 1, 8)
    assert wsoa.status == WsoaStatus.CLOSED
    assert wsoa.weaknesses.count() == 5
    revisit = area.inspections.get(kind=InspectionKind.REVISIT)
    assert (revisit.visit_start, revisit.visit_end, revisit.letter_date) == (
        D(2022, 10, 17),
        D(2022, 10, 19),
        D(2022, 12, 6),
    )
    assert set(revisit.verdicts.values_list("verdict", flat=True)) == {"sufficient"}
    assert revisit.verdicts.count() == 5 and revisit.revisit_result == "all"
    assert "quarterly support and challenge visits" in revisit.consequence
    assert area.decisions.get().kind == DecisionKind.MONITORING_CEASES
    assert [w.reference for w in wsoa.weaknesses.all()][0] == "LUT-2018-1"


def test_buckinghamshire_in_full():
    area = Area.objects.get(slug="buckinghamshire")
    initial = area.inspections.get(kind=InspectionKind.INITIAL)
    assert (initial.visit_start, initial.visit_end, initial.letter_date, initial.published_on) == (
        D(2022, 3, 7),
        D(2022, 3, 11),
        D(2022, 4, 26),
        D(2022, 5, 5),
    )
    assert initial.wsoa_required is True
    assert "Clive Dunn HMI, Lead Inspector (Ofsted)" in initial.inspector_list
    wsoa = initial.written_statement
    assert [w.theme for w in wsoa.weaknesses.all()] == [
        "therapies",
        "neurodevelopmental",
        "health_waiting_times",
    ]
    assert wsoa.weaknesses.last().text.startswith("waiting times to see a community paediatrician")
    for heading in ("identifying", "meeting", "outcomes"):
        for kind in (FindingKind.STRENGTH, FindingKind.AREA_FOR_DEVELOPMENT):
            assert initial.findings.filter(kind=kind, judgement_area=heading).exists()
    assert initial.findings.filter(kind=FindingKind.MAIN_FINDING).count() == 17
    assert wsoa.status == WsoaStatus.SUPERSEDED
    later = area.inspections.get(framework=Framework.AREA_2023)
    assert later.outcome == Outcome.INCONSISTENT
    assert later.published_on == D(2026, 2, 10)
    assert later.next_inspection_within == "3 years"


def test_decisions_keep_how_precisely_their_date_is_known():
    bury = Decision.objects.get(area__name="Bury")
    assert (bury.kind, bury.date_precision) == ("accelerated_progress_plan", "on_or_before")
    kent = Decision.objects.filter(area__name="Kent").values_list("kind", flat=True)
    assert list(kent) == [
        "next_steps_pending",
        "accelerated_progress_plan",
        "improvement_notice",
        "improvement_notice_lifted",
    ]
    assert Decision.objects.count() == len(read_csv(DECISIONS_CSV)) == 34
    assert not Decision.objects.filter(sources__isnull=True).exists()


def test_every_decision_carries_its_own_note():
    """The eleven areas of the 2021 parliamentary answer once said "As above"."""
    assert not Decision.objects.filter(notes__icontains="as above").exists()
    named = Decision.objects.filter(decided_on=D(2021, 5, 27), date_precision="on_or_before")
    assert named.count() == 12
    assert {d.notes for d in named} == {
        "Named in a parliamentary answer listing areas required to produce an Accelerated "
        "Progress Plan"
    }


def test_worcestershires_plan_reviews_are_reviews_not_new_plans():
    worcestershire = Decision.objects.filter(area__name="Worcestershire").order_by("decided_on")
    assert [(d.decided_on, d.date_precision, d.kind) for d in worcestershire] == [
        (D(2022, 4, 1), "month", DecisionKind.ACCELERATED_PROGRESS_PLAN),
        (D(2023, 3, 1), "month", DecisionKind.ACCELERATED_PROGRESS_PLAN_REVIEW),
        (D(2023, 9, 27), "day", DecisionKind.ACCELERATED_PROGRESS_PLAN_REVIEW),
        (D(2024, 4, 1), "month", DecisionKind.ACCELERATED_PROGRESS_PLAN_REVIEW),
    ]
    assert worcestershire[1].get_kind_display() == "Review of the accelerated progress plan"


def test_a_cell_naming_two_pages_gives_two_sources_each_a_working_address():
    review = Decision.objects.get(area__name="Worcestershire", decided_on=D(2023, 9, 27))
    assert sorted(s.url for s in review.sources.all()) == [
        "https://worcestershire.gov.uk/council-services/schools-education-and-learning/"
        "send-local-offer/send-improvement-plan",
        "https://worcestershire.gov.uk/send-local-offer-0/send-improvement-plan",
    ]
    oldham = Decision.objects.get(area__name="Oldham", decided_on=D(2020, 3, 1))
    assert [s.url for s in oldham.sources.all()] == [
        "https://committees.oldham.gov.uk/mgAi.aspx?ID=37257"
    ]
    assert not Source.objects.filter(url__contains=" ; ").exists()
    assert not Source.objects.exclude(url="").exclude(url__startswith="http").exists()


def test_a_reload_corrects_a_kind_and_the_sources_an_earlier_load_gave(tmp_path):
    """A database loaded from the old file held Worcestershire's reviews as new plans, citing
    one source made of both addresses, without their scheme: a reload puts both right."""
    review = Decision.objects.get(area__name="Worcestershire", decided_on=D(2023, 9, 27))
    cell = next(row["source"] for row in read_csv(DECISIONS_CSV) if row["date"] == "2023-09-27")
    unsplit = Source.objects.create(kind="council_page", title="worcestershire.gov.uk", url=cell)
    review.kind = DecisionKind.ACCELERATED_PROGRESS_PLAN
    review.save()
    review.sources.set([unsplit])

    call_command("load_national_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    review.refresh_from_db()
    assert review.kind == DecisionKind.ACCELERATED_PROGRESS_PLAN_REVIEW
    assert review.sources.count() == 2 and unsplit not in review.sources.all()
    assert not Source.objects.filter(pk=unsplit.pk).exists()  # nothing else cited it
    assert Decision.objects.filter(area__name="Worcestershire").count() == 4


def test_loading_twice_changes_nothing():
    before = snapshot()
    call_command("load_national_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == before


def test_a_bad_row_rolls_the_whole_load_back(tmp_path, monkeypatch):
    bad = tmp_path / "decisions.csv"
    bad.write_text(
        "area,ons_code,date,date_precision,kind,detail,source\n"
        "Luton,E06000032,2023-01-05,day,improvement_notice,Fine,https://example.org/a\n"
        "Nowhere,E06999999,2023-01-05,day,improvement_notice,Bad,https://example.org/b\n"
    )
    monkeypatch.setattr(decisions, "DECISIONS_CSV", bad)
    before = snapshot()
    with pytest.raises(ValueError, match="No local area has the code 'E06999999'"):
        loaders.load_national_data()
    assert snapshot() == before


def test_sloughs_outcome_the_table_could_not_read_comes_from_the_public_pages():
    """The outcomes table could not read Slough's July 2025 report: the public pages quoting it
    fill the outcome, the table keeps the dates and the report's address, and the record says
    where each fact came from."""
    slough = Inspection.objects.get(area__name="Slough", framework=Framework.AREA_2023)

    assert (slough.kind, slough.visit_start, slough.visit_end, slough.published_on) == (
        InspectionKind.FULL,
        D(2025, 7, 7),
        D(2025, 7, 11),
        D(2025, 11, 6),
    )
    assert slough.outcome == Outcome.WIDESPREAD and slough.priority_action_plan_required
    assert slough.outcome_text == ""  # the report's own words are not held
    assert slough.outcome_basis.startswith("The council's own news page and its alert")
    assert "could not read this report's outcome" in slough.notes
    assert "The visit and publication dates and the report's address are the table's" in (
        slough.notes
    )
    assert slough.report_url == "https://files.ofsted.gov.uk/v1/file/50290645"
    assert sorted((s.kind, s.url) for s in slough.sources.all()) == [
        (
            "council_page",
            "https://www.slough.gov.uk/news/article/597/council-accepts-ofsted-and-cqc-joint-report",
        ),
        (
            "council_page",
            "https://www.sloughalert.co.uk/Alerts/A/396578/SEND-Priority-Action-and-Impact-Plan-published",
        ),
        ("news_article", "https://feeds.bbci.co.uk/news/articles/ckgz2zlk2yxo"),
        ("report_index", "https://data-to-insight.github.io/ofsted-send-scrape-tool/"),
    ]
    assert not slough.findings.exists()
    assert not slough.reported_dates.exists()  # the pages and the table agree on the dates


def test_an_outcome_from_public_pages_never_overrides_one_the_table_read(tmp_path, monkeypatch):
    from national_data import outcomes
    from national_data.common import LoadReport

    pages = tmp_path / "pages.csv"
    pages.write_text(
        "area,ons_code,visit_start,visit_end,published,outcome_grade,outcome_basis,source\n"
        "Bury,E08000002,2024-02-12,2024-02-16,2024-05-07,1,A page says 1,https://example.org/bury\n"
    )
    monkeypatch.setattr(outcomes, "PUBLIC_PAGES_CSV", pages)
    report = LoadReport()
    outcomes.load_framework_2_outcomes(report)

    bury = Inspection.objects.get(area__name="Bury", framework=Framework.AREA_2023)
    assert bury.outcome == Outcome.WIDESPREAD and bury.outcome_basis == ""
    assert "Bury: public pages give outcome 1, the outcomes table 3; the table's is kept" in (
        report.warnings
    )


def test_a_public_pages_outcome_that_is_not_1_2_or_3_is_refused(tmp_path, monkeypatch):
    from national_data import outcomes

    pages = tmp_path / "pages.csv"
    pages.write_text(
        "area,ons_code,visit_start,visit_end,published,outcome_grade,outcome_basis,source\n"
        "Slough,E06000039,2025-07-07,2025-07-11,2025-11-06,4,Bad,https://example.org/s\n"
    )
    monkeypatch.setattr(outcomes, "PUBLIC_PAGES_CSV", pages)
    before = snapshot()
    with pytest.raises(ValueError, match="outcome '4' in pages.csv is not 1, 2 or 3"):
        loaders.load_national_data()
    assert snapshot() == before


def test_nottinghamshires_monitoring_inspection_is_a_visit_with_a_finding_per_priority_action():
    from inspections.models import MonitoringVerdict

    monitoring = Inspection.objects.get(
        area__name="Nottinghamshire", kind=InspectionKind.MONITORING
    )
    report = Inspection.objects.get(area__name="Nottinghamshire", kind=InspectionKind.FULL)

    assert monitoring.framework == Framework.AREA_2023 and monitoring.outcome is None
    # Known to the month only: stored as each month's first day, and marked so.
    assert (monitoring.visit_start, monitoring.visit_precision) == (D(2025, 7, 1), "month")
    assert (monitoring.published_on, monitoring.published_precision) == (D(2025, 9, 1), "month")
    assert monitoring.visit_end is None
    assert "the report itself is not held" in monitoring.notes
    assert sorted((s.kind, s.url.split("/")[2]) for s in monitoring.sources.all()) == [
        ("council_page", "www.nottinghamshire.gov.uk"),
        ("news_article", "www.newarkadvertiser.co.uk"),
    ]
    found = MonitoringFinding.objects.filter(monitoring=monitoring).order_by(
        "priority_action__number"
    )
    assert [(f.priority_action.inspection, f.priority_action.number) for f in found] == [
        (report, 1),
        (report, 2),
    ]
    assert {f.verdict for f in found} == {MonitoringVerdict.EFFECTIVE}
    assert {f.source.kind for f in found} == {"council_page"}
    assert {f.words for f in found} == {""}  # the inspectors' words are not held


def test_a_monitoring_row_that_does_not_match_the_report_before_it_is_refused(
    tmp_path, monkeypatch
):
    from national_data import monitoring

    header = "area_code,area,event,start_date,end_date,published,date_precision,outcome_or_note,source,notes\n"
    bad = tmp_path / "milestones.csv"
    bad.write_text(
        header + "E10000024,Nottinghamshire,2023-framework monitoring inspection,,,,month,"
        '"visit in July 2025, report dated September 2025; inspectors found effective action '
        'on each of the three areas for priority action",https://example.org/n,\n'
    )
    monkeypatch.setattr(monitoring, "WSOA_MILESTONES_CSV", bad)
    before = snapshot()
    with pytest.raises(
        ValueError, match="speaks of three areas for priority action; the report before it has 2"
    ):
        loaders.load_national_data()
    assert snapshot() == before
