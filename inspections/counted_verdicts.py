"""Verdicts known from a revisit's count alone.

The statistics (and some councils' pages) give a revisit's result as a count: "sufficient
progress on 0 of 9 weaknesses". Where the count is all or none, every weakness of the plan
had that verdict, so each weakness held gets it, marked as worked out from the count
(`VerdictBasis.COUNT`). Where it is some, which weaknesses were sufficient is not known, and
no weakness gets a verdict: `WrittenStatementOfAction.without_verdict` says what is known.
A verdict read from the letter is never replaced.
"""

from __future__ import annotations

from inspections.models import (
    Inspection,
    InspectionKind,
    RevisitResult,
    RevisitVerdict,
    Verdict,
    VerdictBasis,
    result_from_counts,
)
from inspections.saving import save

COUNTED: dict[str, Verdict] = {
    RevisitResult.ALL: Verdict.SUFFICIENT,
    RevisitResult.NONE: Verdict.NOT_SUFFICIENT,
}


def counted_result(revisit: Inspection) -> str:
    """The revisit's result from its counts where both are given, else as recorded."""
    if revisit.reported_sufficient is not None and revisit.reported_not_sufficient is not None:
        return result_from_counts(revisit.reported_sufficient, revisit.reported_not_sufficient)
    return revisit.revisit_result


def give_counted_verdicts() -> int:
    """Gives each weakness held its verdict where its revisit found all or none sufficient;
    returns how many verdicts were added."""
    added = 0
    revisits = Inspection.objects.filter(kind=InspectionKind.REVISIT).prefetch_related(
        "wsoa__weaknesses", "verdicts"
    )
    for revisit in revisits:
        verdict = COUNTED.get(counted_result(revisit))
        if verdict is None or revisit.wsoa is None:
            continue
        judged = {v.weakness_id for v in revisit.verdicts.all()}
        for weakness in revisit.wsoa.weaknesses.all():
            if weakness.pk not in judged:
                save(
                    RevisitVerdict(
                        revisit=revisit,
                        weakness=weakness,
                        verdict=verdict,
                        basis=VerdictBasis.COUNT,
                    )
                )
                added += 1
    return added
