"""The admin's progress pages: updates and their responses are withdrawn, never deleted."""

import pytest
from django.urls import reverse

from progress.models import ForumResponse

pytestmark = pytest.mark.django_db


def test_a_forum_response_cannot_be_deleted_from_inside_its_update(admin_client, amber_update):
    ForumResponse.objects.create(update=amber_update, author=amber_update.author, text="Agreed")
    url = reverse("admin:progress_progressupdate_change", args=[amber_update.pk])
    page = admin_client.get(url).text
    assert 'name="responses-0-text"' in page and 'name="responses-0-DELETE"' not in page


def test_updates_cannot_be_deleted_in_the_admin(admin_client, amber_update):
    changelist = admin_client.get(reverse("admin:progress_progressupdate_changelist")).text
    assert 'value="delete_selected"' not in changelist and 'value="withdraw"' in changelist
    delete = reverse("admin:progress_progressupdate_delete", args=[amber_update.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
