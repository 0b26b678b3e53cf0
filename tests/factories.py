"""Small, valid records for tests that need data the real load does not have."""

import datetime as dt

import factory

from areas.models import Area, Region
from inspections.models import (
    Finding,
    FindingKind,
    Framework,
    Inspection,
    InspectionKind,
    RevisitVerdict,
    SignificantWeakness,
    Theme,
    Verdict,
    WrittenStatementOfAction,
)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    code = factory.Sequence(lambda n: f"{500 + n % 300:03d}")  # codes no real area has
    name = factory.Sequence(lambda n: f"Testshire {n}")
    slug = factory.Sequence(lambda n: f"testshire-{n}")
    abbreviation = factory.Sequence(lambda n: f"TS{chr(65 + n % 26)}{chr(65 + n // 26 % 26)}")
    ons_code = factory.Sequence(lambda n: f"E06{900000 + n:06d}")
    region = Region.EAST


class InitialInspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    area = factory.SubFactory(AreaFactory)
    framework = Framework.LOCAL_AREA_2016
    kind = InspectionKind.INITIAL
    visit_start = dt.date(2019, 3, 4)
    visit_end = dt.date(2019, 3, 8)
    letter_date = dt.date(2019, 4, 20)
    published_on = dt.date(2019, 5, 1)
    wsoa_required = True


class WsoaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WrittenStatementOfAction

    inspection = factory.SubFactory(InitialInspectionFactory)
    submitted_on = dt.date(2019, 8, 1)
    fit_for_purpose_on = dt.date(2019, 10, 1)


class WeaknessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignificantWeakness

    wsoa = factory.SubFactory(WsoaFactory)
    number = factory.Sequence(lambda n: n % 13 + 1)
    title = "Waiting times for therapy"
    text = "Children wait too long for speech and language therapy."
    theme = Theme.THERAPIES


class RevisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    wsoa = factory.SubFactory(WsoaFactory)
    area = factory.LazyAttribute(lambda o: o.wsoa.inspection.area)
    framework = Framework.LOCAL_AREA_2016
    kind = InspectionKind.REVISIT
    visit_start = dt.date(2021, 5, 10)
    visit_end = dt.date(2021, 5, 12)


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RevisitVerdict

    weakness = factory.SubFactory(WeaknessFactory)
    revisit = factory.LazyAttribute(lambda o: RevisitFactory(wsoa=o.weakness.wsoa))
    verdict = Verdict.SUFFICIENT


class FullInspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    area = factory.SubFactory(AreaFactory)
    framework = Framework.AREA_2023
    kind = InspectionKind.FULL
    visit_start = dt.date(2024, 1, 8)
    visit_end = dt.date(2024, 1, 12)
    published_on = dt.date(2024, 3, 1)
    outcome = 3
    priority_action_plan_required = True


class PriorityActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(FullInspectionFactory)
    kind = FindingKind.PRIORITY_ACTION
    number = factory.Sequence(lambda n: n + 1)
    text = "Leaders should make sure that EHC plans are issued within 20 weeks."
    responsible_body = "The local authority and the integrated care board"
    theme = Theme.EHC_TIMELINESS
