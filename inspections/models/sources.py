"""Sources: the documents that facts came from."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .choices import SourceKind


class Source(models.Model):
    """A document that facts came from: a letter, a statistics release, a web page."""

    kind = models.CharField(max_length=30, choices=SourceKind.choices)
    title = models.CharField(max_length=300)
    url = models.URLField("address", max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    document = models.FileField(upload_to="sources/%Y/", blank=True)
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the document's text, to spot re-imports."
    )
    # Where no address of the document itself is held, the pages say why, and where it is.
    not_linked_because = models.CharField(
        "why there is no link",
        max_length=300,
        blank=True,
        help_text="Said beside a source with no address: why, and where the document can be found.",
    )
    found_at_url = models.URLField(
        "page that holds or links it",
        max_length=500,
        blank=True,
        help_text="A page that holds or links the document, when its own address is not held.",
    )
    found_at_title = models.CharField(
        "that page's link text",
        max_length=300,
        blank=True,
        help_text="What the link to that page says (\"Central Bedfordshire Council's page that "
        'links the letter").',
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~Q(content_hash=""),
                name="inspections_source_unique_content_hash",
                violation_error_message="This document has already been imported.",
            ),
            models.UniqueConstraint(
                fields=["kind", "title", "url"], name="inspections_source_unique_citation"
            ),
            models.CheckConstraint(
                condition=Q(found_at_url="") | ~Q(found_at_title=""),
                name="inspections_source_found_at_has_title",
                violation_error_message="Give the link text of the page that holds or links "
                "the document.",
            ),
        ]

    def __str__(self) -> str:
        if self.published_on:
            return f"{self.title} ({self.published_on:%-d %B %Y})"
        return self.title

    # Said of a source with no address when nothing more is known.
    NOT_LINKED = "the tracker holds no web address for it"

    @property
    def not_linked_reason(self) -> str:
        """Why a source with no address is not a link, and where it can be found."""
        return self.not_linked_because or self.NOT_LINKED
