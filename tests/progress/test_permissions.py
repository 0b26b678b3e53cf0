"""Every write URL checks its user on the server: the permission matrix."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from areas.models import Area
from progress.models import Membership, ProgressUpdate, Role
from tests.progress.conftest import date_input, login

pytestmark = pytest.mark.django_db

UPDATE = {**date_input("2026-11-01"), "rag": "amber", "summary": "Progress", "visibility": "public"}


def edit_data(update):
    return {**UPDATE, "version": update.version}  # as the edit form carries it


def write_urls(update):
    return {
        "add": (reverse("progress:add", args=["weakness", "CB-2019-1"]), UPDATE),
        "edit": (reverse("progress:edit", args=[update.pk]), edit_data(update)),
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
    "staff with no permissions or role": {
        "add": 403,
        "edit": 403,
        "withdraw": 403,
        "restore": 404,
        "respond": 403,
    },
}


@pytest.fixture
def staff(db, django_user_model):
    """Staff, so they may open the admin, but given no permissions and no area role."""
    return django_user_model.objects.create_user("sam", "sam@example.org", "x", is_staff=True)


def grant(user, *codenames: str):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)  # a fresh object: Django caches permissions


@pytest.fixture
def users(olivia, luke, fiona, admin_user, staff):
    return {
        "anonymous": None,
        "own officer": olivia,
        "other area's officer": luke,
        "forum": fiona,
        "admin": admin_user,
        "staff with no permissions or role": staff,
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


def test_being_staff_alone_shows_no_internal_updates_and_no_officer_buttons(
    client, staff, amber_update
):
    amber_update.visibility = "internal"
    amber_update.save()
    login(client, staff)
    page = client.get("/weaknesses/CB-2019-1/").text
    assert "Two thirds" not in page and "Add a progress update" not in page
    history = reverse("progress:history", args=[amber_update.pk])
    assert client.get(history).status_code == 404
    dashboard = client.get(reverse("progress:dashboard")).text
    assert "Central Bedfordshire" not in dashboard


def test_a_staff_officer_has_their_areas_powers_and_no_others(client, staff, amber_update):
    Membership.objects.create(
        user=staff, area=Area.objects.get(slug="central-bedfordshire"), role=Role.OFFICER
    )
    login(client, staff)
    assert (
        client.post(
            reverse("progress:edit", args=[amber_update.pk]), edit_data(amber_update)
        ).status_code
        == 302
    )
    luton = reverse("progress:add", args=["weakness", "LUT-2018-1"])
    assert client.post(luton, UPDATE).status_code == 403


def test_permission_to_add_updates_lets_staff_add_anywhere_but_not_edit_or_withdraw(
    client, staff, amber_update
):
    login(client, grant(staff, "add_progressupdate"))
    luton = reverse("progress:add", args=["weakness", "LUT-2018-1"])
    assert client.post(luton, UPDATE).status_code == 302
    assert (
        client.post(
            reverse("progress:edit", args=[amber_update.pk]), edit_data(amber_update)
        ).status_code
        == 403
    )
    assert client.post(reverse("progress:withdraw", args=[amber_update.pk])).status_code == 403
    assert "Withdraw" not in client.get("/weaknesses/CB-2019-1/").text


def test_permission_to_change_updates_lets_staff_edit_withdraw_and_restore_anywhere(
    client, staff, amber_update
):
    login(client, grant(staff, "change_progressupdate"))
    page = client.get("/weaknesses/CB-2019-1/").text
    assert "Withdraw" in page and "Add a progress update" not in page
    assert (
        client.post(
            reverse("progress:edit", args=[amber_update.pk]), edit_data(amber_update)
        ).status_code
        == 302
    )
    assert client.post(reverse("progress:withdraw", args=[amber_update.pk])).status_code == 302
    assert client.post(reverse("progress:restore", args=[amber_update.pk])).status_code == 302


def test_permission_to_view_updates_shows_staff_every_internal_update_and_its_history(
    client, staff, amber_update
):
    amber_update.visibility = "internal"
    amber_update.save()
    login(client, grant(staff, "view_progressupdate"))
    assert "Two thirds" in client.get("/weaknesses/CB-2019-1/").text
    assert client.get(reverse("progress:history", args=[amber_update.pk])).status_code == 200
    assert "Central Bedfordshire" in client.get(reverse("progress:dashboard")).text


def test_staff_who_may_only_view_updates_cannot_withdraw_them_in_the_admin(
    client, staff, amber_update
):
    login(client, grant(staff, "view_progressupdate"))
    changelist = reverse("admin:progress_progressupdate_changelist")
    page = client.get(changelist).text
    assert 'value="withdraw"' not in page and 'value="restore"' not in page
    client.post(changelist, {"action": "withdraw", "_selected_action": [amber_update.pk]})
    amber_update.refresh_from_db()
    assert amber_update.withdrawn_at is None


def test_another_areas_internal_update_answers_as_if_there_were_none(client, luke, amber_update):
    """403 for an update that exists and 404 for one that does not would tell another area's
    officer which internal updates Central Bedfordshire has: both are 404."""
    amber_update.visibility = "internal"
    amber_update.save()
    login(client, luke)
    missing = ProgressUpdate.objects.order_by("-pk").first().pk + 1000
    for name in ("edit", "withdraw"):
        for pk in (amber_update.pk, missing):
            assert client.get(reverse(f"progress:{name}", args=[pk])).status_code == 404
            assert client.post(reverse(f"progress:{name}", args=[pk])).status_code == 404
    amber_update.withdrawn_at = amber_update.updated_at
    amber_update.save()
    for pk in (amber_update.pk, missing):
        assert client.post(reverse("progress:restore", args=[pk])).status_code == 404
    amber_update.refresh_from_db()
    assert amber_update.visibility == "internal" and amber_update.is_withdrawn
