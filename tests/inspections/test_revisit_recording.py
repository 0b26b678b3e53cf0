"""What a revisit letter says of the WSOA it checks is added to it."""

import datetime as dt

import pytest

from inspections.models import Source, SourceKind, Verdict
from letters.reader import LetterResult, Weakness
from letters.recording import Matched, WeaknessMatch, record_letter
from tests.factories import WeaknessFactory, WsoaFactory

pytestmark = pytest.mark.django_db


def test_a_revisit_giving_only_the_fit_date_records_it_where_no_bodies_are_known():
    wsoa = WsoaFactory(fit_for_purpose_on=None, responsible_bodies="")
    weakness = WeaknessFactory(wsoa=wsoa, number=1)
    area = wsoa.inspection.area
    letter = LetterResult(
        area=area.name,
        framework="2016",
        kind="revisit",
        visit_start=dt.date(2021, 5, 10),
        visit_end=dt.date(2021, 5, 12),
        letter_date=dt.date(2021, 6, 20),
        weaknesses=[Weakness(weakness.text, "sufficient")],
        wsoa_fit_for_purpose=dt.date(2019, 10, 1),  # and no responsible bodies named
    )
    matched = Matched(
        area,
        wsoa=wsoa,
        weaknesses=[WeaknessMatch(1, weakness.text, Verdict.SUFFICIENT, existing=weakness)],
    )
    source = Source.objects.create(kind=SourceKind.LETTER, title=f"Revisit of {area.name}")

    revisit = record_letter(letter, matched, source, decisions_known=True)

    wsoa.refresh_from_db()
    assert wsoa.fit_for_purpose_on == dt.date(2019, 10, 1)
    assert wsoa.responsible_bodies == ""
    assert revisit.verdicts.get().verdict == Verdict.SUFFICIENT
