"""Bad data is refused with a clear message, by the database and by validation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inspections.models import (
    DatePrecision,
    Decision,
    DecisionKind,
    Finding,
    FindingKind,
    Framework,
    Inspection,
    InspectionKind,
    MonitoringFinding,
    MonitoringVerdict,
    RevisitVerdict,
    SignificantWeakness,
    Verdict,
    WrittenStatementOfAction,
)
from tests.factories import (
    AreaFactory,
    FullInspectionFactory,
    InitialInspectionFactory,
    PriorityActionFactory,
    RevisitFactory,
    VerdictFactory,
    WeaknessFactory,
    WsoaFactory,
)

pytestmark = pytest.mark.django_db


def refused(instance, message: str, *, by_database: bool = True) -> None:
    """full_clean() names the problem; where the database has a constraint, a raw save fails."""
    model = type(instance)
    before = model.objects.count()
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    assert message in " ".join(caught.value.messages)
    if by_database:
        with pytest.raises(IntegrityError), transaction.atomic():
            instance.save()
    assert model.objects.count() == before


def test_a_visit_cannot_end_before_it_starts():
    inspection = InitialInspectionFactory.build(
        area=AreaFactory(), visit_start=dt.date(2019, 3, 8), visit_end=dt.date(2019, 3, 4)
    )
    refused(inspection, "The visit cannot end before it starts.")


def test_a_letter_cannot_be_dated_before_the_visit():
    inspection = InitialInspectionFactory.build(area=AreaFactory(), letter_date=dt.date(2019, 3, 6))
    refused(inspection, "The letter cannot be dated before the visit.")


def test_a_letter_cannot_be_published_before_the_visit():
    inspection = InitialInspectionFactory.build(
        area=AreaFactory(), published_on=dt.date(2019, 1, 1)
    )
    refused(inspection, "The letter cannot be published before the visit.")


def test_a_framework_2016_inspection_cannot_be_a_monitoring_inspection():
    inspection = InitialInspectionFactory.build(
        area=AreaFactory(), kind=InspectionKind.MONITORING, wsoa_required=None
    )
    refused(inspection, "the 2023 framework has full and monitoring inspections")


def test_a_revisit_needs_a_written_statement_of_action():
    revisit = Inspection(
        area=AreaFactory(),
        framework=Framework.LOCAL_AREA_2016,
        kind=InspectionKind.REVISIT,
        visit_start=dt.date(2021, 5, 10),
    )
    refused(revisit, "A revisit checks a written statement of action")


def test_only_a_revisit_has_a_revisit_result():
    inspection = InitialInspectionFactory.build(area=AreaFactory(), revisit_result="all")
    refused(inspection, "Only a revisit has a revisit result.")


def test_only_an_initial_inspection_decides_on_a_wsoa():
    revisit = RevisitFactory.build(wsoa=WsoaFactory(), wsoa_required=True)
    revisit.area = revisit.wsoa.inspection.area
    refused(revisit, "Only an initial inspection decides whether a WSOA is required.")


def test_only_a_framework_2_full_inspection_has_an_outcome():
    inspection = InitialInspectionFactory.build(area=AreaFactory(), outcome=2)
    refused(inspection, "Only a 2023-framework full inspection has an outcome")


def test_an_outcome_is_1_2_or_3():
    inspection = FullInspectionFactory.build(area=AreaFactory(), outcome=4)
    refused(inspection, "Value 4 is not a valid choice.")


def test_an_area_cannot_have_two_inspections_starting_the_same_day():
    first = InitialInspectionFactory()
    second = InitialInspectionFactory.build(area=first.area, wsoa_required=False)
    refused(second, "This area already has an inspection starting that day.")


def test_framework_dates_are_checked():
    early = FullInspectionFactory.build(area=AreaFactory(), visit_start=dt.date(2022, 6, 6))
    refused(early, "2023-framework visits began in January 2023.", by_database=False)
    late = InitialInspectionFactory.build(
        area=AreaFactory(), visit_start=dt.date(2023, 6, 5), visit_end=dt.date(2023, 6, 9)
    )
    refused(late, "2016-framework visits ended in December 2022.", by_database=False)


def test_a_revisit_must_check_its_own_areas_wsoa():
    other_wsoa = WsoaFactory()
    revisit = RevisitFactory.build(wsoa=other_wsoa, area=AreaFactory())
    refused(revisit, f"belongs to {other_wsoa.area.name}, not this area", by_database=False)


def test_a_revisit_comes_after_the_inspection():
    wsoa = WsoaFactory()
    revisit = RevisitFactory.build(
        wsoa=wsoa, visit_start=dt.date(2019, 3, 1), visit_end=dt.date(2019, 3, 2)
    )
    refused(revisit, "A revisit must come after the inspection it follows up.", by_database=False)


def test_a_revisit_result_must_agree_with_its_counts():
    revisit = RevisitFactory.build(
        wsoa=WsoaFactory(), revisit_result="all", reported_sufficient=3, reported_not_sufficient=2
    )
    refused(revisit, "mean “sufficient progress on some weaknesses”", by_database=False)


def test_a_revisit_result_must_agree_with_its_verdicts():
    verdict = VerdictFactory(verdict=Verdict.NOT_SUFFICIENT)
    revisit = verdict.revisit
    revisit.revisit_result = "all"
    with pytest.raises(ValidationError, match="The verdicts recorded mean"):
        revisit.full_clean()


def test_a_wsoa_cannot_be_fit_for_purpose_before_it_was_submitted():
    wsoa = WsoaFactory.build(
        inspection=InitialInspectionFactory(),
        submitted_on=dt.date(2019, 9, 1),
        fit_for_purpose_on=dt.date(2019, 8, 1),
    )
    refused(wsoa, "cannot be declared fit for purpose before it was submitted")


def test_a_wsoa_needs_an_inspection_that_required_one():
    inspection = InitialInspectionFactory(wsoa_required=False)
    refused(
        WrittenStatementOfAction(inspection=inspection),
        "Only an initial inspection that required a written statement of action can have one.",
        by_database=False,
    )


def test_weakness_numbers_are_unique_within_a_wsoa():
    first = WeaknessFactory(number=1)
    duplicate = WeaknessFactory.build(wsoa=first.wsoa, number=1, reference="TSX-2019-9")
    refused(duplicate, "This WSOA already has a weakness with that number.")


def test_a_weakness_reference_has_a_fixed_shape():
    weakness = WeaknessFactory.build(wsoa=WsoaFactory(), number=2, reference="not a reference")
    refused(weakness, "A reference looks like CB-2019-3.")


def test_a_weakness_gets_its_public_reference_from_area_and_year():
    weakness = WeaknessFactory(number=4)
    area = weakness.wsoa.inspection.area
    assert weakness.reference == f"{area.abbreviation}-2019-4"
    assert weakness.get_absolute_url() == f"/weaknesses/{weakness.reference}/"


def test_a_verdict_must_be_on_a_weakness_of_the_revisited_wsoa():
    revisit = RevisitFactory()
    stranger = WeaknessFactory()  # another area's WSOA
    verdict = RevisitVerdict(revisit=revisit, weakness=stranger, verdict=Verdict.SUFFICIENT)
    refused(
        verdict,
        f"{stranger.reference} is not in the written statement of action",
        by_database=False,
    )


def test_one_verdict_per_weakness_per_revisit():
    verdict = VerdictFactory()
    again = RevisitVerdict(revisit=verdict.revisit, weakness=verdict.weakness, verdict="sufficient")
    refused(again, "This revisit already has a verdict on this weakness.")


def test_an_area_for_priority_action_names_its_responsible_body():
    finding = PriorityActionFactory.build(inspection=FullInspectionFactory(), responsible_body="")
    refused(finding, "names the body responsible for it")


def test_framework_2_findings_belong_to_framework_2_reports():
    finding = Finding(
        inspection=InitialInspectionFactory(),
        kind=FindingKind.IMPROVEMENT,
        number=1,
        text="Improve the local offer.",
    )
    refused(finding, "belong to 2023-framework reports", by_database=False)


def test_a_decision_is_recorded_once_a_day():
    wsoa = WsoaFactory()
    Decision.objects.create(
        area=wsoa.area,
        wsoa=wsoa,
        kind=DecisionKind.IMPROVEMENT_NOTICE,
        decided_on=dt.date(2022, 1, 5),
    )
    again = Decision(
        area=wsoa.area, kind=DecisionKind.IMPROVEMENT_NOTICE, decided_on=dt.date(2022, 1, 5)
    )
    refused(again, "This decision is already recorded for that day.")


def test_a_decision_cannot_follow_another_areas_wsoa():
    decision = Decision(
        area=AreaFactory(), wsoa=WsoaFactory(), kind="other", decided_on=dt.date(2022, 1, 5)
    )
    refused(decision, "belongs to another area", by_database=False)


def test_a_decision_follows_only_its_own_areas_2023_inspection():
    decision = Decision(
        area=AreaFactory(),
        inspection=FullInspectionFactory(),
        kind=DecisionKind.IMPROVEMENT_NOTICE,
        decided_on=dt.date(2024, 5, 1),
    )
    refused(decision, "not this area's", by_database=False)


def test_a_decision_follows_a_plan_or_a_2023_inspection_not_both():
    wsoa = WsoaFactory()
    full = FullInspectionFactory(area=wsoa.area)
    decision = Decision(
        area=wsoa.area,
        wsoa=wsoa,
        inspection=full,
        kind=DecisionKind.IMPROVEMENT_NOTICE,
        decided_on=dt.date(2024, 5, 1),
    )
    refused(decision, "either a written statement of action or a 2023-framework inspection")


def test_a_decision_cannot_follow_a_2016_inspection_or_come_before_the_visit():
    initial = InitialInspectionFactory()
    after_2016 = Decision(
        area=initial.area,
        inspection=initial,
        kind=DecisionKind.IMPROVEMENT_NOTICE,
        decided_on=dt.date(2024, 5, 1),
    )
    refused(after_2016, "Choose a 2023-framework inspection", by_database=False)
    full = FullInspectionFactory()
    too_early = Decision(
        area=full.area,
        inspection=full,
        kind=DecisionKind.IMPROVEMENT_NOTICE,
        decided_on=dt.date(2023, 12, 1),
    )
    refused(too_early, "cannot follow an inspection that began later", by_database=False)


def monitoring_of(full: Inspection, **fields) -> Inspection:
    return Inspection.objects.create(
        area=full.area,
        framework=Framework.AREA_2023,
        kind=InspectionKind.MONITORING,
        visit_start=dt.date(2025, 7, 1),
        visit_precision=DatePrecision.MONTH,
        **fields,
    )


def test_a_monitoring_finding_is_on_one_of_its_areas_earlier_priority_actions():
    action = PriorityActionFactory()
    monitoring = monitoring_of(action.inspection)
    elsewhere = PriorityActionFactory()
    refused(
        MonitoringFinding(
            monitoring=monitoring, priority_action=elsewhere, verdict=MonitoringVerdict.EFFECTIVE
        ),
        "not " + monitoring.area.name,
        by_database=False,
    )
    improvement = Finding.objects.create(
        inspection=action.inspection, kind=FindingKind.IMPROVEMENT, number=1, text="Improve."
    )
    refused(
        MonitoringFinding(
            monitoring=monitoring, priority_action=improvement, verdict=MonitoringVerdict.EFFECTIVE
        ),
        "areas for priority action only",
        by_database=False,
    )
    later = FullInspectionFactory(
        area=action.inspection.area,
        visit_start=dt.date(2026, 1, 5),
        visit_end=dt.date(2026, 1, 9),
        published_on=dt.date(2026, 3, 1),
    )
    refused(
        MonitoringFinding(
            monitoring=monitoring,
            priority_action=PriorityActionFactory(inspection=later),
            verdict=MonitoringVerdict.EFFECTIVE,
        ),
        "comes from a report after this monitoring visit",
        by_database=False,
    )
    MonitoringFinding.objects.create(
        monitoring=monitoring, priority_action=action, verdict=MonitoringVerdict.EFFECTIVE
    )
    refused(
        MonitoringFinding(
            monitoring=monitoring, priority_action=action, verdict=MonitoringVerdict.NOT_EFFECTIVE
        ),
        "already has a finding on that area for priority action",
    )


def test_only_a_monitoring_inspection_gives_monitoring_findings():
    action = PriorityActionFactory()
    refused(
        MonitoringFinding(
            monitoring=action.inspection,
            priority_action=action,
            verdict=MonitoringVerdict.EFFECTIVE,
        ),
        "Only a monitoring inspection gives findings like these",
        by_database=False,
    )


def test_a_publication_known_to_its_month_is_stored_as_its_first_day():
    full = FullInspectionFactory()
    monitoring = Inspection(
        area=full.area,
        framework=Framework.AREA_2023,
        kind=InspectionKind.MONITORING,
        visit_start=dt.date(2025, 7, 1),
        visit_precision=DatePrecision.MONTH,
        published_on=dt.date(2025, 9, 12),
        published_precision=DatePrecision.MONTH,
    )
    refused(monitoring, "stored as the month's first day", by_database=False)


def test_area_codes_have_their_official_shape():
    area = AreaFactory.build(code="82", ons_code="X123")
    with pytest.raises(ValidationError) as caught:
        area.full_clean()
    assert "A DfE code is three digits, such as 823." in caught.value.messages
    assert "An ONS code looks like E06000056." in caught.value.messages


def test_revisit_due_is_derived_18_months_after_fit_for_purpose():
    wsoa = WsoaFactory.build(fit_for_purpose_on=dt.date(2020, 8, 31))
    assert wsoa.revisit_due == dt.date(2022, 2, 28)
    assert WsoaFactory.build(fit_for_purpose_on=None).revisit_due is None


def test_weakness_and_verdict_history_is_protected_from_deletion():
    verdict = VerdictFactory()
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        verdict.weakness.delete()
    assert SignificantWeakness.objects.filter(pk=verdict.weakness.pk).exists()
