"""Two people changing one update at once: nobody's change is lost or undone without a word."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from progress.forms import ProgressUpdateForm
from progress.models import ProgressUpdate
from tests.progress.conftest import date_input, login

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
EDIT = {**date_input("2026-10-01"), "rag": "green", "visibility": "public"}


def open_edit_form(client, update) -> str:
    """The version the edit form carries, as a browser would send it back."""
    page = client.get(reverse("progress:edit", args=[update.pk]), headers=HTMX).text
    found = re.search(r'name="version" value="(\d+)"', page)
    return found[1] if found else ""


def test_the_edit_form_carries_the_version_it_was_opened_at(client, olivia, amber_update):
    login(client, olivia)
    assert open_edit_form(client, amber_update) == str(amber_update.version)
    assert (
        'type="hidden" name="version"'
        in client.get(reverse("progress:edit", args=[amber_update.pk])).text
    )


def test_every_save_moves_the_version_on(olivia, amber_update):
    first = amber_update.version
    amber_update.summary = "Three quarters reviewed on time"
    amber_update.save()
    amber_update.withdrawn_at = timezone.now()
    amber_update.save(update_fields=["withdrawn_at"])
    amber_update.refresh_from_db()
    assert amber_update.version == first + 2


def test_a_second_officer_saving_an_old_copy_is_told_and_changes_nothing(
    olivia, oscar, amber_update
):
    mine, theirs = login(Client(), olivia), login(Client(), oscar)
    edit = reverse("progress:edit", args=[amber_update.pk])
    my_version, their_version = (
        open_edit_form(mine, amber_update),
        open_edit_form(theirs, amber_update),
    )
    saved = mine.post(edit, {**EDIT, "summary": "Olivia's wording", "version": my_version})
    assert saved.status_code == 302
    versions = amber_update.history.count()

    stale = theirs.post(
        edit, {**EDIT, "summary": "Oscar's wording", "version": their_version}, headers=HTMX
    )
    assert stale.status_code == 200
    assert "There is a problem" in stale.text
    assert "This update was changed by someone else since you opened it" in stale.text
    assert "Oscar&#x27;s wording" in stale.text  # kept in the form, to copy
    amber_update.refresh_from_db()
    assert amber_update.summary == "Olivia's wording"
    assert amber_update.history.count() == versions


def test_an_edit_racing_a_withdraw_does_not_put_the_update_back(
    client, olivia, oscar, amber_update, monkeypatch
):
    login(client, olivia)
    version = open_edit_form(client, amber_update)
    check = ProgressUpdateForm.clean

    def withdrawn_meanwhile(form):
        # Oscar withdraws the update while Olivia's edit is being checked.
        other = ProgressUpdate.objects.get(pk=amber_update.pk)
        other.withdrawn_at, other.withdrawn_by = timezone.now(), oscar
        other.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        return check(form)

    monkeypatch.setattr(ProgressUpdateForm, "clean", withdrawn_meanwhile)
    response = client.post(
        reverse("progress:edit", args=[amber_update.pk]),
        {**EDIT, "summary": "Reviews on time", "version": version},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "This update was withdrawn since you opened it" in response.text
    amber_update.refresh_from_db()
    assert amber_update.is_withdrawn and amber_update.withdrawn_by == oscar
    assert amber_update.summary == "Two thirds of EHC plans now reviewed on time"
    monkeypatch.undo()
    history = client.get(reverse("progress:history", args=[amber_update.pk])).text
    assert "Withdrawn" in history and "Restored" not in history


def test_a_withdrawn_update_cannot_be_edited_and_the_words_typed_are_kept(
    client, olivia, amber_update
):
    login(client, olivia)
    version = open_edit_form(client, amber_update)
    client.post(reverse("progress:withdraw", args=[amber_update.pk]))
    edit = reverse("progress:edit", args=[amber_update.pk])
    response = client.post(edit, {**EDIT, "summary": "Back again", "version": version})
    assert response.status_code == 200
    assert "withdrawn" in response.text and 'value="Back again"' in response.text
    assert client.get(edit).status_code == 404  # no new edit of a withdrawn update begins
    amber_update.refresh_from_db()
    assert amber_update.is_withdrawn and amber_update.summary != "Back again"
