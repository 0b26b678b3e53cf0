"""Watching an area by email: double opt-in, alerts sent once, one-click unsubscribe."""

import base64
import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail as outbox
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from alerts.mail import unsubscribe_url
from alerts.models import SentAlert, Subscription
from areas.models import Area
from inspections.models import Framework, Inspection, InspectionKind, Source, SourceKind
from progress.models import ProgressUpdate, Rag, Visibility

pytestmark = pytest.mark.django_db

FORUM = "Forum@CentralBedsPCF.example.org"
SUBSCRIBE = "/areas/central-bedfordshire/alerts/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def link(message, kind):
    return re.search(rf"http://127\.0\.0\.1:8000(/alerts/{kind}/[^/\s]+/)", message.body).group(1)


def subscribe(client, email=FORUM, url=SUBSCRIBE):
    response = client.post(url, {"email": email})
    assert response.status_code == 302
    return response


def confirmed_subscription(client, email=FORUM):
    subscribe(client, email)
    confirm = link(outbox.outbox[-1], "confirm")
    assert client.post(confirm).status_code == 200
    outbox.outbox.clear()
    return Subscription.objects.get(email=email.lower())


def new_letter(slug="central-bedfordshire", published=dt.date(2026, 11, 20)):
    """What an admin's import leaves: an inspection with its report stored as a letter source."""
    area = Area.objects.get(slug=slug)
    inspection = Inspection.objects.create(
        area=area,
        framework=Framework.AREA_2023,
        kind=InspectionKind.FULL,
        visit_start=published - dt.timedelta(days=60),
        visit_end=published - dt.timedelta(days=56),
        published_on=published,
        outcome=2,
    )
    inspection.sources.add(
        Source.objects.create(
            kind=SourceKind.LETTER,
            title=f"{area.name} area SEND inspection report, {published:%B %Y}",
            published_on=published,
        )
    )
    return inspection


def send_alerts():
    call_command("send_alerts", stdout=io.StringIO())


def test_the_done_when_case_a_forum_gets_exactly_one_email_for_a_new_letter(client):
    page = client.get("/areas/central-bedfordshire/").content.decode()
    assert SUBSCRIBE in page
    assert client.get(SUBSCRIBE).status_code == 200
    response = subscribe(client)
    assert response.url == "/areas/central-bedfordshire/alerts/check-your-email/"
    assert FORUM.lower() in client.get(response.url).content.decode()
    (confirmation,) = outbox.outbox
    assert confirmation.to == [FORUM.lower()]
    assert confirmation.subject == "Confirm your alerts for Central Bedfordshire"
    confirm = link(confirmation, "confirm")
    # Opening the link asks; only the button confirms (mail scanners open links).
    assert "Confirm and start alerts" in client.get(confirm).content.decode()
    assert not Subscription.objects.get().is_active
    assert "Alerts confirmed" in client.post(confirm).content.decode()
    assert Subscription.objects.get().is_active
    outbox.outbox.clear()

    send_alerts()
    assert outbox.outbox == []  # nothing new since confirming: the history is not news

    letter = new_letter()
    send_alerts()
    (alert,) = outbox.outbox
    assert alert.to == [FORUM.lower()]
    assert alert.subject == "Central Bedfordshire: inspection report published"
    assert "Outcome 2: inconsistent" in alert.body
    assert "http://127.0.0.1:8000/areas/central-bedfordshire/" in alert.body
    assert SentAlert.objects.filter(item=f"inspection-{letter.pk}", emailed=True).count() == 1

    send_alerts()
    assert len(outbox.outbox) == 1


def test_an_unconfirmed_address_gets_nothing(client):
    subscribe(client)
    outbox.outbox.clear()
    new_letter()
    send_alerts()
    assert outbox.outbox == []
    assert not SentAlert.objects.exists()


def test_every_email_can_unsubscribe_in_one_click(client):
    subscribe(client)
    confirmation = outbox.outbox[0]
    unsubscribe = link(confirmation, "unsubscribe")
    assert confirmation.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{unsubscribe}>"
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    client.post(link(confirmation, "confirm"))
    outbox.outbox.clear()
    new_letter()
    send_alerts()
    (alert,) = outbox.outbox
    # Each email signs its own link (with the time it was sent); the alert's works too.
    alert_unsubscribe = link(alert, "unsubscribe")
    assert alert_unsubscribe.startswith("/alerts/unsubscribe/")
    assert alert.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{alert_unsubscribe}>"

    response = client.get(alert_unsubscribe)
    assert response.status_code == 200 and "Unsubscribe</button>" in response.content.decode()
    assert Subscription.objects.get().is_active
    response = client.post(alert_unsubscribe)
    assert response.status_code == 200 and "You have unsubscribed" in response.content.decode()
    assert not Subscription.objects.get().is_active
    new_letter(published=dt.date(2027, 3, 1))
    send_alerts()
    assert len(outbox.outbox) == 1


def test_a_mail_client_can_unsubscribe_by_post_without_a_cookie():
    client = Client(enforce_csrf_checks=True)
    confirmed = confirmed_subscription(Client())
    url = unsubscribe_url(confirmed).removeprefix("http://127.0.0.1:8000")
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    confirmed.refresh_from_db()
    assert not confirmed.is_active


def test_the_subscribe_form_is_csrf_protected():
    client = Client(enforce_csrf_checks=True)
    assert client.post(SUBSCRIBE, {"email": FORUM}).status_code == 403
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Enter your email address"), ("not-an-address", "correct format")],
)
def test_a_bad_address_gets_a_clear_message(client, email, message):
    response = client.post(SUBSCRIBE, {"email": email})
    assert response.status_code == 400
    content = response.content.decode()
    assert "govuk-error-summary" in content and message in content
    assert content.count("<title>Error: ") == 1
    assert not Subscription.objects.exists() and outbox.outbox == []


def test_subscribing_is_rate_limited_per_address_and_per_ip(client):
    for n in range(5):
        subscribe(client, f"parent{n}@example.org")
    response = client.post(SUBSCRIBE, {"email": "parent6@example.org"})
    assert response.status_code == 400
    assert "try again later" in response.content.decode()
    assert Subscription.objects.count() == 5


def test_nobody_can_flood_an_inbox_with_confirmations(client):
    for n in range(4):
        subscribe(Client(REMOTE_ADDR=f"10.0.0.{n}"), "target@example.org")
    assert len(outbox.outbox) == 3


def test_an_altered_or_expired_link_does_not_confirm(client):
    subscribe(client)
    confirm = link(outbox.outbox[0], "confirm")
    assert client.post(confirm[:-3] + "xyz/").status_code == 400
    Subscription.objects.update(confirm_sent_at=timezone.now() - dt.timedelta(days=8))
    response = client.post(confirm)
    assert response.status_code == 400 and "expired" in response.content.decode()
    assert not Subscription.objects.get().is_active


def test_alerts_cover_decisions_and_public_progress_updates_only(client):
    subscription = confirmed_subscription(client)
    area = subscription.area
    officer = get_user_model().objects.create_user("olu", "olu@example.org", "x")
    weakness = area.inspections.get(kind="initial").written_statement.weaknesses.first()

    def update(summary, **fields):
        return ProgressUpdate.objects.create(
            area=area,
            weakness=weakness,
            date=dt.date(2026, 11, 1),
            rag=Rag.AMBER,
            summary=summary,
            author=officer,
            **fields,
        )

    update("Waiting times are down to 14 weeks")
    update("Internal note on staffing", visibility=Visibility.INTERNAL)
    update("Withdrawn draft", withdrawn_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC))
    area.decisions.create(kind="improvement_notice", decided_on=dt.date(2026, 11, 5))
    send_alerts()
    (alert,) = outbox.outbox
    assert alert.subject == "Central Bedfordshire: 2 new letters, decisions and updates"
    assert "Waiting times are down to 14 weeks" in alert.body
    assert "Improvement notice" in alert.body
    assert "Internal note" not in alert.body and "Withdrawn draft" not in alert.body


def test_nothing_is_sent_twice_across_runs_and_only_new_items_follow(client):
    confirmed_subscription(client)
    confirmed_subscription(client, "second@example.org")
    new_letter()
    send_alerts()
    assert sorted(m.to[0] for m in outbox.outbox) == [
        "forum@centralbedspcf.example.org",
        "second@example.org",
    ]
    send_alerts()
    assert len(outbox.outbox) == 2
    new_letter(published=dt.date(2027, 3, 1))
    send_alerts()
    assert len(outbox.outbox) == 4
    for message in outbox.outbox[2:]:
        assert "(1 March 2027)" in message.body and "(20 November 2026)" not in message.body


def test_a_failed_send_is_tried_again_next_run(client, monkeypatch):
    confirmed_subscription(client)
    new_letter()

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    send_alerts()
    assert not SentAlert.objects.filter(emailed=True).exists()
    monkeypatch.undo()
    send_alerts()
    assert len(outbox.outbox) == 1


def test_opening_the_unsubscribe_link_changes_nothing_until_the_button_is_pressed(client):
    """Mail scanners (Safe Links and the like) open every link in an email: a GET must not
    unsubscribe, or the first alert would silently end every council officer's alerts."""
    subscription = confirmed_subscription(client)
    url = unsubscribe_url(subscription).removeprefix("http://127.0.0.1:8000")
    for _ in range(2):
        response = Client().get(url)
        assert response.status_code == 200
        assert "Stop alerts about Central Bedfordshire" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active
    new_letter()
    send_alerts()
    assert len(outbox.outbox) == 1  # the alert still comes


def test_subscribing_again_after_unsubscribing_needs_confirming_again(client):
    subscription = confirmed_subscription(client)
    client.post(unsubscribe_url(subscription).removeprefix("http://127.0.0.1:8000"))
    subscribe(client)
    subscription.refresh_from_db()
    assert not subscription.is_active and len(outbox.outbox) == 1
    new_letter()
    send_alerts()
    assert len(outbox.outbox) == 1


def test_links_carry_a_random_token_and_no_address(client):
    """The address must not be readable from a link (a signed token's payload is only
    base64), and a newer email's links replace the older ones."""
    subscribe(client, "parent.carer@example.org")
    first = outbox.outbox[-1]
    for name in ("confirm", "unsubscribe"):
        token = link(first, name).rstrip("/").rsplit("/", 1)[1]
        assert len(token) >= 40
        padded = token + "=" * (-len(token) % 4)
        assert b"parent" not in base64.urlsafe_b64decode(padded)
        assert "parent" not in token and ":" not in token

    subscribe(client, "parent.carer@example.org")  # asks again: a new confirmation email
    assert client.post(link(first, "confirm")).status_code == 400  # the older link has ended
    assert client.post(link(outbox.outbox[-1], "confirm")).status_code == 200


def test_subscribing_again_ends_the_old_emails_unsubscribe_links(client):
    subscription = confirmed_subscription(client)
    old_link = unsubscribe_url(subscription).removeprefix("http://127.0.0.1:8000")
    assert client.post(old_link).status_code == 200  # unsubscribed
    subscribe(client)
    client.post(link(outbox.outbox[-1], "confirm"))
    assert Subscription.objects.get().is_active
    assert client.get(old_link).status_code == 400
    assert client.post(old_link).status_code == 400
    assert Subscription.objects.get().is_active
