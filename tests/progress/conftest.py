import datetime as dt

import pytest
from django.test import Client

from areas.models import Area
from inspections.models import SignificantWeakness
from progress.models import Membership, ProgressUpdate, Role


@pytest.fixture
def central_beds(db):
    return Area.objects.get(slug="central-bedfordshire")


@pytest.fixture
def ehc_weakness(db):
    """Central Bedfordshire's EHC plan quality weakness: not sufficient progress at revisit."""
    return SignificantWeakness.objects.get(reference="CB-2019-1")


def member(django_user_model, username: str, slug: str, role: str):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", "pw-for-tests-1"
    )
    Membership.objects.create(user=user, area=Area.objects.get(slug=slug), role=role)
    return user


@pytest.fixture
def olivia(db, django_user_model):
    """An officer of Central Bedfordshire."""
    return member(django_user_model, "olivia", "central-bedfordshire", Role.OFFICER)


@pytest.fixture
def luke(db, django_user_model):
    """An officer of Luton."""
    return member(django_user_model, "luke", "luton", Role.OFFICER)


@pytest.fixture
def fiona(db, django_user_model):
    """SNAP PCF's representative for Central Bedfordshire."""
    return member(django_user_model, "fiona", "central-bedfordshire", Role.FORUM)


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def amber_update(olivia, ehc_weakness, central_beds):
    return ProgressUpdate.objects.create(
        area=central_beds,
        weakness=ehc_weakness,
        date=dt.date(2026, 10, 1),
        rag="amber",
        summary="Two thirds of EHC plans now reviewed on time",
        details="The backlog of annual reviews has fallen from 900 to 310.",
        visibility="public",
        author=olivia,
    )


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def oscar(db, django_user_model):
    """Another officer of Central Bedfordshire."""
    return member(django_user_model, "oscar", "central-bedfordshire", Role.OFFICER)


def date_input(iso: str) -> dict[str, str]:
    """A date as GOV.UK's date input posts it: day, month and year in three boxes."""
    year, month, day = iso.split("-")
    return {"date-day": day.lstrip("0"), "date-month": month.lstrip("0"), "date-year": year}
