"""Alert emails: signed links, the confirmation email, and sending what is new.

Links carry a random token stored on the subscription, naming neither it nor its address: a
confirmation link lasts CONFIRM_DAYS from its email, or until a newer one replaces it; an unsubscribe link works until the address subscribes again, when a new one replaces it.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alerts import news
from alerts.models import SentAlert, Subscription, new_token
from areas.models import Area

logger = logging.getLogger(__name__)

CONFIRM_DAYS = 7


class LinkExpired(Exception):
    """A confirmation link older than CONFIRM_DAYS."""


def confirming(token: str) -> Subscription:
    """The subscription a confirmation link is for; raises Subscription.DoesNotExist for a
    token no subscription holds (altered, or replaced) and LinkExpired for an old one."""
    subscription = Subscription.objects.select_related("area").get(confirm_token=token)
    sent = subscription.confirm_sent_at
    if sent is None or timezone.now() - sent > dt.timedelta(days=CONFIRM_DAYS):
        raise LinkExpired
    return subscription


def unsubscribing(token: str) -> Subscription:
    """The subscription an unsubscribe link is for; raises Subscription.DoesNotExist."""
    return Subscription.objects.select_related("area").get(unsubscribe_token=token)


def confirm_url(subscription: Subscription) -> str:
    return settings.SITE_URL + reverse("alerts:confirm", args=[subscription.confirm_token])


def unsubscribe_url(subscription: Subscription) -> str:
    return settings.SITE_URL + reverse("alerts:unsubscribe", args=[subscription.unsubscribe_token])


def _message(
    subscription: Subscription, subject: str, template: str, context: dict[str, object]
) -> EmailMessage:
    unsubscribe = unsubscribe_url(subscription)
    body = render_to_string(
        template,
        {
            **context,
            "subscription": subscription,
            "area": subscription.area,
            "area_url": settings.SITE_URL + subscription.area.get_absolute_url(),
            "unsubscribe_url": unsubscribe,
        },
    )
    return EmailMessage(
        subject,
        body,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_confirmation(subscription: Subscription) -> None:
    # A new link with each email: the one before it ends.
    subscription.confirm_token = new_token()
    subscription.confirm_sent_at = timezone.now()
    subscription.save(update_fields=["confirm_token", "confirm_sent_at"])
    _message(
        subscription,
        f"Confirm your alerts for {subscription.area.name}",
        "alerts/email/confirm.txt",
        {"confirm_url": confirm_url(subscription), "days": CONFIRM_DAYS},
    ).send()


def subscribe(email: str, area: Area) -> Subscription:
    """Start (or restart) a subscription and send the confirmation link.

    A confirmed, active subscription stays as it is: the link just confirms it again.
    """
    subscription, _ = Subscription.objects.get_or_create(email=email.lower(), area=area)
    if subscription.unsubscribed_at is not None:
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
        # Links in the emails of the earlier subscription end here.
        subscription.unsubscribe_token = new_token()
        subscription.save(update_fields=["unsubscribed_at", "confirmed_at", "unsubscribe_token"])
    send_confirmation(subscription)
    return subscription


def confirm(subscription: Subscription) -> None:
    """Confirm the address; what the area already has is recorded as known, not sent."""
    with transaction.atomic():
        locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if locked.is_active:
            return
        locked.confirmed_at = timezone.now()
        locked.unsubscribed_at = None
        locked.save(update_fields=["confirmed_at", "unsubscribed_at"])
        known = set(locked.sent_alerts.values_list("item", flat=True))
        SentAlert.objects.bulk_create(
            [
                SentAlert(subscription=locked, item=item.key, emailed=False)
                for item in news.everything(Area.objects.filter(pk=locked.area_id))
                if item.key not in known
            ]
        )
    subscription.refresh_from_db()


def unsubscribe(subscription: Subscription) -> None:
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])


def send_alerts(area_ids: list[int] | None = None) -> int:
    """Email every confirmed subscription (to these areas) what is new in its area; returns
    emails sent.

    Each subscription is handled in its own transaction, locked: its items are recorded
    (the unique constraint refusing any already recorded), then the email is sent; if
    sending fails the records roll back and the next run tries again.
    """
    sent = 0
    subscriptions = Subscription.objects.confirmed()
    if area_ids is not None:
        subscriptions = subscriptions.filter(area_id__in=area_ids)
    for subscription_id in subscriptions.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                sent += _send_one(subscription_id)
        except IntegrityError:
            logger.warning("Subscription %s was alerted by another run", subscription_id)
        except Exception:
            logger.exception("Could not send alerts to subscription %s", subscription_id)
    return sent


def _send_one(subscription_id: int) -> int:
    subscription = (
        Subscription.objects.confirmed()
        .select_for_update()
        .select_related("area")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:
        return 0  # unsubscribed since the list was read
    known = set(subscription.sent_alerts.values_list("item", flat=True))
    items = [
        item
        for item in news.everything(Area.objects.filter(pk=subscription.area_id))
        if item.key not in known
    ]
    if not items:
        return 0
    SentAlert.objects.bulk_create(
        [SentAlert(subscription=subscription, item=item.key) for item in items]
    )
    count = len(items)
    subject = (
        f"{subscription.area.name}: {items[0].title.split(': ', 1)[1]}"
        if count == 1
        else f"{subscription.area.name}: {count} new letters, decisions and updates"
    )
    _message(subscription, subject, "alerts/email/alert.txt", {"items": items}).send()
    return 1
