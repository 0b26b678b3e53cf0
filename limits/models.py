"""How many times each client has done a limited thing this hour, counted in the database.

The database is the one store every worker and every server shares, so a limit holds however
many there are, and a count is one UPDATE, so two requests at once can never both read the
same number. Rows older than a day are removed as new ones come.
"""

from __future__ import annotations

from django.db import models


class Tally(models.Model):
    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "tallies"
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="limits_tally_one_per_key_per_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="limits_tally_window")]

    def __str__(self) -> str:
        return f"{self.key}: {self.count} since {self.window_start:%H:%M}"
