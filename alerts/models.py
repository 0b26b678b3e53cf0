"""Email alerts: who watches which area, and what each of them has been sent.

Double opt-in: a subscription gets alerts only once its address is confirmed from the
emailed link. When it is confirmed, everything the area already has is recorded as known
(`SentAlert` with `emailed=False`), so the first alert is about what is new since then;
each later item is recorded as it is emailed, and a unique constraint keeps it to once.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from areas.models import Area


def new_token() -> str:
    """A link's token: random, so it names no address and can be replaced to end a link."""
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    email = models.EmailField(max_length=254)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # Links carry these random tokens, never the address. The confirmation link's is replaced
    # with each confirmation email and lasts CONFIRM_DAYS from it; the unsubscribe link's is
    # replaced when the address subscribes again, so an old email's link ends with it.
    confirm_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    confirm_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    unsubscribe_token = models.CharField(
        max_length=64, unique=True, default=new_token, editable=False
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "area"],
                name="alerts_subscription_one_per_address_per_area",
                violation_error_message="This address already watches this area.",
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="alerts_subscription_email_lower_case",
                violation_error_message="Addresses are kept in lower case.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} watching {self.area.name}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class SentAlert(models.Model):
    """One item (a letter, decision or update, by its news key) a subscription has had."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="sent_alerts"
    )
    item = models.CharField(max_length=40, help_text="Such as inspection-12 or decision-3.")
    emailed = models.BooleanField(
        default=True, help_text="Off for what the area already had when the address was confirmed."
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["subscription", "sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "item"],
                name="alerts_sentalert_once_per_subscription",
                violation_error_message="This subscription has already had this item.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} to {self.subscription}"
