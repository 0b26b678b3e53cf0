"""What councils say about their progress, next to what inspectors found.

Area officers log dated updates, with a RAG rating, against each significant
weakness, area for priority action or area for improvement. Forum representatives
respond to public updates. Nothing is hard-deleted: a withdrawn update is hidden,
kept, and can be restored by an admin; every change is kept in its history.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from areas.models import Area
from inspections.models import Finding, FindingKind, SignificantWeakness
from progress.validators import (
    VisibleTextValidator,
    length_limit,
    validate_links,
    validate_update_date,
)
from progress.words import first_words

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


STALE_AFTER = dt.timedelta(days=90)


class Role(models.TextChoices):
    OFFICER = "officer", "Area officer"
    FORUM = "forum", "Parent carer forum representative"


class Membership(models.Model):
    """Who may write what for an area. Admins need none: their permissions reach every area."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "area", "role"],
                name="progress_membership_unique",
                violation_error_message="This person already has that role in this area.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display().lower()}, {self.area.name}"


class Rag(models.TextChoices):
    RED = "red", "Red: off track"
    AMBER = "amber", "Amber: some concerns"
    GREEN = "green", "Green: on track"
    COMPLETE = "complete", "Complete"


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public: families can see it"
    INTERNAL = "internal", "Internal: officers of this area and admins only"


def sees_every_update(user: User | AnonymousUser) -> bool:
    """Internal updates in every area, as the admin shows them to whoever may view or change them."""
    return user.has_perm("progress.view_progressupdate") or user.has_perm(
        "progress.change_progressupdate"
    )


class ProgressUpdateQuerySet(models.QuerySet["ProgressUpdate"]):
    def current(self) -> ProgressUpdateQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def public(self) -> ProgressUpdateQuerySet:
        return self.current().filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user: User | AnonymousUser) -> ProgressUpdateQuerySet:
        """Public updates for everyone; internal ones for that area's officers and admins."""
        if not user.is_authenticated:
            return self.public()
        if sees_every_update(user):
            return self.current()
        officer_areas = Membership.objects.filter(user=user, role=Role.OFFICER).values("area")
        return self.current().filter(Q(visibility=Visibility.PUBLIC) | Q(area__in=officer_areas))


class ProgressUpdate(models.Model):
    """A council's dated account of progress against one weakness or finding."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="progress_updates")
    weakness = models.ForeignKey(
        SignificantWeakness,
        on_delete=models.PROTECT,
        related_name="progress_updates",
        null=True,
        blank=True,
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.PROTECT,
        related_name="progress_updates",
        null=True,
        blank=True,
        limit_choices_to={"kind__in": [FindingKind.PRIORITY_ACTION, FindingKind.IMPROVEMENT]},
    )
    date = models.DateField(
        help_text="The date the update describes.", validators=[validate_update_date]
    )
    rag = models.CharField("RAG rating", max_length=10, choices=Rag.choices)
    summary = models.CharField(
        max_length=200, validators=[VisibleTextValidator("Enter a one-line summary")]
    )
    details = models.TextField(blank=True, validators=[length_limit("Details", 10_000)])
    evidence_links = models.TextField(
        blank=True, validators=[validate_links], help_text="One web address a line."
    )
    next_steps = models.TextField(blank=True, validators=[length_limit("Next steps", 5_000)])
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Moves on by one at every save."
    )
    history = HistoricalRecords()

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        get_latest_by = "date"
        indexes = [
            # Each subject's latest update, found without reading all the others.
            models.Index(
                fields=["weakness", "-date", "-created_at"], name="progress_latest_on_weakness"
            ),
            models.Index(
                fields=["finding", "-date", "-created_at"], name="progress_latest_on_finding"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(weakness__isnull=False, finding__isnull=True)
                | Q(weakness__isnull=True, finding__isnull=False),
                name="progress_update_one_subject",
                violation_error_message="An update is about one weakness or one finding.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_reference} {self.date:%-d %b %Y}: {self.get_rag_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Every save moves the version on, so an edit begun on an older one can be refused."""
        self.version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.weakness:
            subject_area = self.weakness.wsoa.inspection.area_id
        elif self.finding:
            subject_area = self.finding.inspection.area_id
        else:
            return
        if self.area_id and subject_area != self.area_id:
            raise ValidationError("That weakness or finding belongs to another area.")
        if self.finding and self.finding.kind not in (
            FindingKind.PRIORITY_ACTION,
            FindingKind.IMPROVEMENT,
        ):
            raise ValidationError(
                {"finding": "Updates are logged against areas for priority action or improvement."}
            )

    @property
    def subject(self) -> SignificantWeakness | Finding | None:
        return self.weakness or self.finding

    @property
    def subject_reference(self) -> str:
        if self.weakness:
            return self.weakness.reference
        if self.finding:
            return (
                f"{self.finding.get_kind_display()} {self.finding.number}: "
                f"{first_words(self.finding.text)}"
            )
        return ""

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def evidence_list(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]


class ForumResponse(models.Model):
    """A parent carer forum's reply to a public update."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="responses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_responses"
    )
    text = models.TextField(
        validators=[
            VisibleTextValidator("Enter the forum's response"),
            length_limit("The response", 5_000),
        ]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Response to {self.update} by {self.author}"

    def clean(self) -> None:
        if self.update_id and self.update.visibility != Visibility.PUBLIC:
            raise ValidationError("Forums respond to public updates only.")
