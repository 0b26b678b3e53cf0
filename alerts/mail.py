"""Alert emails: signed links, the confirmation email, and sending what is new.

Links carry a signed token (django.core.signing) naming the subscription and its address:
a confirmation link expires after CONFIRM_DAYS; an unsubscribe link never does, so every
email ever sent can still stop the next one.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alerts import news
from alerts.models import SentAlert, Subscription
from areas.models import Area

logger = logging.getLogger(__name__)

CONFIRM_DAYS = 7
CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def make_token(subscription: Subscription, salt: str) -> str:
    return signing.dumps({"id": subscription.pk, "email": subscription.email}, salt=salt)


def read_token(token: str, salt: str, max_age: dt.timedelta | None = None) -> Subscription:
    """The subscription a token names; raises signing.BadSignature (or its subclass
    SignatureExpired) for a forged, altered or expired one, Subscription.DoesNotExist
    where the subscription has gone or its address changed."""
    data = signing.loads(token, salt=salt, max_age=max_age)
    return Subscription.objects.select_related("area").get(pk=data["id"], email=data["email"])


def confirm_url(subscription: Subscription) -> str:
    token = make_token(subscription, CONFIRM_SALT)
    return settings.SITE_URL + reverse("alerts:confirm", args=[token])


def unsubscribe_url(subscription: Subscription) -> str:
    token = make_token(subscription, UNSUBSCRIBE_SALT)
    return settings.SITE_URL + reverse("alerts:unsubscribe", args=[token])


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
        subscription.save(update_fields=["unsubscribed_at", "confirmed_at"])
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


def send_alerts() -> int:
    """Email every confirmed subscription what is new in its area; returns emails sent.

    Each subscription is handled in its own transaction, locked: its items are recorded
    (the unique constraint refusing any already recorded), then the email is sent; if
    sending fails the records roll back and the next run tries again.
    """
    sent = 0
    for subscription_id in Subscription.objects.confirmed().values_list("pk", flat=True):
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
