"""Every write URL checks its user on the server: the permission matrix."""

import pytest
from django.urls import reverse

from progress.models import ProgressUpdate
from tests.progress.conftest import login

pytestmark = pytest.mark.django_db

UPDATE = {"date": "2026-11-01", "rag": "amber", "summary": "Progress", "visibility": "public"}


def write_urls(update):
    return {
        "add": (reverse("progress:add", args=["weakness", "CB-2019-1"]), UPDATE),
        "edit": (reverse("progress:edit", args=[update.pk]), UPDATE),
        "withdraw": (reverse("progress:withdraw", args=[update.pk]), {}),
        "restore": (reverse("progress:restore", args=[update.pk]), {}),
        "respond": (reverse("progress:respond", args=[update.pk]), {"text": "Families agree"}),
    }


# What each role gets from each write URL on a Central Bedfordshire update.
# 302 = done (or, for the anonymous, sent to sign in); 403 = refused; 404 = nothing to restore.
MATRIX = {
    "anonymous": {
        "add": "login",
        "edit": "login",
        "withdraw": "login",
        "restore": "login",
        "respond": "login",
    },
    "own officer": {"add": 302, "edit": 302, "withdraw": 302, "restore": 404, "respond": 403},
    "other area's officer": {
        "add": 403,
        "edit": 403,
        "withdraw": 403,
        "restore": 404,
        "respond": 403,
    },
    "forum": {"add": 403, "edit": 403, "withdraw": 403, "restore": 404, "respond": 302},
    "admin": {"add": 302, "edit": 302, "withdraw": 302, "restore": 404, "respond": 302},
}


@pytest.fixture
def users(olivia, luke, fiona, admin_user):
    return {
        "anonymous": None,
        "own officer": olivia,
        "other area's officer": luke,
        "forum": fiona,
        "admin": admin_user,
    }


@pytest.mark.parametrize("role", MATRIX)
@pytest.mark.parametrize("action", ["add", "edit", "withdraw", "restore", "respond"])
def test_permission_matrix(client, users, amber_update, role, action):
    if users[role]:
        login(client, users[role])
    url, data = write_urls(amber_update)[action]
    before = ProgressUpdate.history.count()
    response = client.post(url, data)
    expected = MATRIX[role][action]
    if expected == "login":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected
    if expected in ("login", 403, 404):
        assert ProgressUpdate.history.count() == before  # nothing was written


def test_an_admin_restores_a_withdrawn_update(client, admin_user, amber_update, olivia):
    login(client, olivia)
    client.post(reverse("progress:withdraw", args=[amber_update.pk]))
    client.logout()
    login(client, admin_user)
    assert client.post(reverse("progress:restore", args=[amber_update.pk])).status_code == 302
    amber_update.refresh_from_db()
    assert amber_update.withdrawn_at is None


def test_an_officer_cannot_restore_even_in_their_own_area(client, olivia, amber_update):
    login(client, olivia)
    client.post(reverse("progress:withdraw", args=[amber_update.pk]))
    assert client.post(reverse("progress:restore", args=[amber_update.pk])).status_code == 403


def test_the_add_form_itself_is_refused_to_another_areas_officer(client, luke):
    login(client, luke)
    assert client.get(reverse("progress:add", args=["weakness", "CB-2019-1"])).status_code == 403


def test_the_dashboard_needs_a_sign_in(client):
    response = client.get(reverse("progress:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
