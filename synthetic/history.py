"""Synthetic national history, many times the real one, for benchmarks and scale tests.

`multiply_history(scale, seed=...)` works on the current database, which must hold the real
data (`load_national_data`) and nothing synthetic yet. It adds:

- `scale - 1` earlier cycles of every area's real history. Cycle k is the real history moved
  back by k x 12 years (the real history runs from May 2016 to 2026, under 12 years, so the
  cycles never overlap and each area's sequence stays in order: inspection, written statement
  of action, revisit with its verdicts, DfE and NHS England decision; and twelve years keep
  29 February on a leap year outside the century years). The 2023 framework began in
  January 2023 (`Inspection.clean()` refuses an earlier 2023-framework visit), so a cycle's copy
  of a 2023-framework full inspection is a 2016-framework inspection modelled on it: its areas
  for priority action become the significant weaknesses of a written statement of action
  (signed off without a revisit), its areas for improvement become areas for development.
  Every cycle has its own copies of the sources, cited as the real ones are, with no address.
- Progress updates, at every scale (the real data has none): officers log about one update a
  quarter on each significant weakness and area for priority action, and one every six months
  on each area for improvement, from the letter or report until the weakness is judged
  sufficient, the area's next inspection or today, times `scale`. Updates can only be dated
  from 1 January 2014 (the SEND reforms; see `progress.validators`), so the subjects of cycles
  wholly before then get none. About a quarter are internal, a few are withdrawn, some are
  edited, and parent carer forums respond to about a third of the public ones.
- Two officers and a forum representative (with memberships) in every current area, named
  synthetic-officer-<area>-1 and -2 and synthetic-forum-<area>, with unusable passwords.
- simple-history rows: each copy gets as many as the record it copies has; each update gets
  one for its creation and one for each edit or withdrawal.

Everything synthetic says so: titles and text start "Synthetic", sources are titled
"Synthetic source ...", notes say the record is not real. Every record satisfies its model's
validation (`tests/inspections/test_synthetic.py` runs `full_clean()` on a sample). Records are
written in batches of plain INSERTs (see `_Writer`), which send no signals, so the generation
ends by calling `inspections.standing.after_bulk_changes()`. The same seed and day give the same
records.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from inspections.models import (
    Decision,
    Finding,
    Inspection,
    ReportedDate,
    RevisitVerdict,
    SignificantWeakness,
    Source,
    SourceKind,
    WrittenStatementOfAction,
)
from inspections.standing import after_bulk_changes
from progress.models import ForumResponse, Membership, ProgressUpdate
from synthetic.cycles import _copy_cycle, _Real
from synthetic.updates import _progress
from synthetic.writer import HISTORY_LABEL, LINKS_LABEL, _label, _noon, _Writer

MAX_SCALE = 50  # cycle 49 starts in 1428: weakness references need a four-digit year
MARKER_TITLE = "Synthetic history marker: built by generate_synthetic"


def counted_tables() -> dict[str, list[str]]:
    """The tables behind each count that multiply_history returns, in the order it builds."""
    built = [Source, Inspection, WrittenStatementOfAction, SignificantWeakness, RevisitVerdict]
    built += [Finding, Decision, ReportedDate, get_user_model(), Membership, ProgressUpdate]
    built.append(ForumResponse)
    tables = {_label(model): [model._meta.db_table] for model in built}
    tables[HISTORY_LABEL] = [m.history.model._meta.db_table for m in built if hasattr(m, "history")]
    tables[LINKS_LABEL] = [
        model.sources.through._meta.db_table
        for model in (Inspection, WrittenStatementOfAction, Decision)
    ]
    return tables


def is_synthetic_database() -> bool:
    """Whether this database already holds synthetic history."""
    return Source.objects.filter(kind=SourceKind.OTHER, title__startswith=MARKER_TITLE).exists()


def marker_title(scale: int, seed: int) -> str:
    return f"{MARKER_TITLE} (scale {scale}, seed {seed})"


def multiply_history(scale: int, seed: int = 1, today: dt.date | None = None) -> Counter:
    """Makes the database's real history about `scale` times as big; returns what it built.

    The database must hold the real data and no synthetic history. Deterministic for a given
    seed and day (`today`, by default today: updates run up to it).
    """
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"The scale is a whole number from 1 to {MAX_SCALE}.")
    if is_synthetic_database():
        raise ValueError("This database already holds synthetic history: start from the real data.")
    if not Inspection.objects.exists():
        raise ValueError("No real data to multiply: run load_national_data first.")
    rng = random.Random(seed)
    today = today or timezone.localdate()
    writer = _Writer(default_when=_noon(today))
    with transaction.atomic():
        real = _Real.read()
        real.check_span()
        for cycle in range(1, scale):
            _copy_cycle(real, writer, cycle)
        _progress(writer, rng, scale, today)
        writer.reset_sequences()  # before anything else is saved the ordinary way
        Source.objects.create(
            kind=SourceKind.OTHER,
            title=marker_title(scale, seed),
            published_on=today,
        )
    after_bulk_changes()
    return writer.counts
