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
        ]

    def __str__(self) -> str:
        if self.published_on:
            return f"{self.title} ({self.published_on:%-d %B %Y})"
        return self.title
