"""The daily check for new reports: read the public outcomes table, record what is new or
changed, and fetch each new report's PDF into the pending imports for an admin's review.

A run is recorded as a `Check`; only one runs at a time (its "running" row is the lock). The
table's rows are recorded in one transaction, so a run that fails part-way leaves nothing of
them half-saved; each report is then fetched and read on its own, its outcome kept on its
`FoundReport` (to review, or failed with the reason).

What is recorded, row by row, against the area's 2023-framework full inspections (matched by
the report's address, else the visit's first day, else the publication date):

- a row no inspection matches is a new report (a new area, or a newer inspection, as
  Cornwall's 2026 one beside its 2023 one): its outcome, dates and link are recorded with the
  table as their source, marked as awaiting review, and its report is queued;
- a row that gives another value for a fact the tracker holds corrects it, keeping each date
  with its source (`ReportedDate`); unless a person confirmed or corrected that record (an
  admin's edit or import review, or the report itself read and reviewed), when the
  disagreement becomes a warning for the admin and nothing changes;
- the table's placeholders are unknown, never facts, so they change nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from areas.models import Area
from freshness.fetching import FetchError, Limits, fetch
from freshness.models import Check, FoundReport, Result, Status
from freshness.status import forget as forget_freshness
from freshness.table import Row, TableError, parse_table
from inspections import standing
from inspections.models import (
    DateEvent,
    Framework,
    Inspection,
    InspectionKind,
    Outcome,
    ReportedDate,
    Source,
    SourceKind,
)
from inspections.saving import save
from letters import uploads
from letters.importing import own_letter, read_document
from letters.reader import LetterError

logger = logging.getLogger(__name__)

ABANDONED_AFTER = dt.timedelta(hours=1)  # a "running" check older than this has died
AUTOMATIC_ATTEMPTS = 3  # a failed download is tried again by later checks up to this often
TABLE_TITLE = "Area SEND inspection outcomes table (Data to Insight)"
Fetcher = Callable[[str, Limits], bytes]


class CheckRunning(Exception):
    """Another check holds the lock."""


@dataclass
class Recorded:
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    found: list[FoundReport] = field(default_factory=list)


# --- The run ------------------------------------------------------------------------


def run_check(*, url: str | None = None, fetcher: Fetcher = fetch) -> Check:
    """One check, recorded whatever happens. Raises CheckRunning (after recording that it
    did not run) when another check is running."""
    url = url or settings.OUTCOMES_TABLE_URL
    check = _start(url)
    try:
        page = fetcher(url, Limits.for_table())
        rows = parse_table(page.decode("utf-8", errors="replace"))
        check.rows = len(rows)
        with transaction.atomic(), standing.batched():
            recorded = record_rows(rows, check)
            # Failed downloads are tried again each day, a few times; the admin can retry later.
            retry = FoundReport.objects.filter(
                status=Status.FAILED, attempts__lt=AUTOMATIC_ATTEMPTS
            ).exclude(pk__in=[found.pk for found in recorded.found])
            recorded.found += list(retry.select_related("inspection__area"))
    except (FetchError, TableError) as error:
        return _finish(check, Result.FAILED, str(error))
    except Exception as error:  # recorded, then raised for the command's exit status and log
        _finish(check, Result.FAILED, f"The check stopped on an error: {error!r}")
        raise
    check.changes, check.warnings = recorded.changes, recorded.warnings
    check.new_reports = sum(found.found_by_id == check.pk for found in recorded.found)
    for found in recorded.found:
        try:
            outcome = fetch_report(found, fetcher=fetcher)
        except Exception as error:  # one report's trouble is not the check's: it waits, with why
            logger.exception("Fetching %s stopped on an error", found)
            found.status, found.reason = (
                Status.FAILED,
                f"Fetching it stopped on an error: {error!r}",
            )
            found.save()
            outcome = f"failed: {found.reason}"
        check.changes.append(f"{found}: {outcome}")
    return _finish(check, Result.SUCCEEDED)


def _start(url: str) -> Check:
    now = timezone.now()
    Check.objects.filter(result=Result.RUNNING, started_at__lt=now - ABANDONED_AFTER).update(
        result=Result.FAILED,
        finished_at=now,
        reason="Abandoned: it did not finish within an hour (the process stopped?).",
    )
    try:
        with transaction.atomic():
            return Check.objects.create(started_at=now, table_url=url)
    except IntegrityError:
        reason = "Another check for new reports was running, so this one did nothing."
        Check.objects.create(
            started_at=now, finished_at=now, table_url=url, result=Result.SKIPPED, reason=reason
        )
        logger.warning(reason)
        raise CheckRunning(reason) from None


def _finish(check: Check, result: str, reason: str = "") -> Check:
    check.result, check.reason, check.finished_at = result, reason, timezone.now()
    check.save()
    if result == Result.FAILED:
        logger.error("The check for new reports failed: %s", reason)
    forget_freshness()
    return check


# --- Recording the table's rows ----------------------------------------------------


def table_source(check: Check) -> Source:
    day = timezone.localdate(check.started_at)
    source, _ = Source.objects.get_or_create(
        kind=SourceKind.REPORT_INDEX,
        title=f"{TABLE_TITLE}, as read on {day:%-d %B %Y}",
        url=check.table_url[:500],
        defaults={"published_on": day},
    )
    return source


def area_of(row: Row) -> tuple[Area | None, str]:
    """The row's area, by its DfE code and its name; with a reason when neither fits or
    they disagree."""
    by_code = Area.objects.with_code(row.area_code) if row.area_code else None
    by_name = Area.objects.current().named(row.area_name)
    if by_code and by_name and by_code != by_name and by_code not in by_name.predecessors.all():
        return None, (
            f"{row.describe()}: its code {row.area_code} is {by_code.name}'s but its name is "
            f"{by_name.name}'s, so it was skipped."
        )
    area = by_code or by_name
    if area is None:
        return None, (
            f"{row.describe()}: no local area has the code “{row.area_code}” or the name "
            f"“{row.area_name}”, so it was skipped."
        )
    return area, ""


def matching_inspection(area: Area, row: Row) -> Inspection | None:
    held = area.inspections.filter(framework=Framework.AREA_2023, kind=InspectionKind.FULL)
    if row.link:
        found = held.filter(report_url=row.link).first()
        if found:
            return found
    if row.visit_start:
        found = held.filter(visit_start=row.visit_start).first()
        if found:
            return found
    if row.published_on:
        return held.filter(published_on=row.published_on).first()
    return None


def confirmed(inspection: Inspection) -> bool:
    """A person confirmed or corrected this record: an admin saved it (in the admin or an
    import review), or it holds its own report, read and reviewed."""
    if inspection.awaiting_review:
        return False
    return (
        inspection.history.filter(history_user__isnull=False).exists()
        or own_letter(inspection) is not None
    )


def record_rows(rows: list[Row], check: Check) -> Recorded:
    """Records each row against what the tracker holds. Call it in a transaction."""
    recorded = Recorded()
    seen: dict[str, Row] = {}
    cited: list[Source] = []

    def source() -> Source:
        if not cited:
            cited.append(table_source(check))
        return cited[0]

    for row in rows:
        area, problem = area_of(row)
        if area is None:
            recorded.warnings.append(problem)
            continue
        if row.link and row.link in seen:
            recorded.warnings.append(
                f"{row.describe()} gives the same report as {seen[row.link].describe()}: "
                "it was read once."
            )
            continue
        seen[row.link] = row
        try:
            with transaction.atomic():  # each row whole or not at all
                _record_row(area, row, check, source, recorded)
        except ValidationError as error:
            recorded.warnings.append(
                f"{row.describe()} was not recorded: {' '.join(error.messages)}"
            )
    return recorded


def _record_row(
    area: Area, row: Row, check: Check, source: Callable[[], Source], recorded: Recorded
) -> None:
    inspection = matching_inspection(area, row)
    if inspection is None:
        if row.visit_start is None and row.published_on is None:
            recorded.warnings.append(f"{row.describe()} gives no dates: it was skipped.")
            return
        inspection = _new_inspection(area, row)
        inspection.sources.add(source())
        _record_dates(inspection, row, source())
        held = area.inspections.filter(framework=Framework.AREA_2023).exclude(pk=inspection.pk)
        what = "a newer inspection beside the one held" if held.exists() else "a new area"
        recorded.changes.append(f"{area.name}: new report ({what}), {_describe(row)}")
        recorded.found.append(_queue(inspection, row, check))
        return
    _compare(inspection, row, source, recorded)


def _describe(row: Row) -> str:
    outcome = f"outcome {row.grade}" if row.grade else "outcome not given"
    published = f"published {row.published_on:%-d %B %Y}" if row.published_on else "no date"
    return f"{outcome}, {published}"


def _new_inspection(area: Area, row: Row) -> Inspection:
    return save(
        Inspection(
            area=area,
            framework=Framework.AREA_2023,
            kind=InspectionKind.FULL,
            visit_start=row.visit_start,
            visit_end=row.visit_end,
            published_on=row.published_on,
            outcome=row.grade,
            outcome_text=row.outcome_text if row.grade else "",
            priority_action_plan_required=None if row.grade is None else row.grade == 3,
            next_inspection_within=row.next_within,
            next_inspection_by=row.next_by,
            report_url=row.link,
            awaiting_review=True,
            notes="" if row.grade else "The outcomes table gave no outcome: see the report.",
        )
    )


def _record_dates(inspection: Inspection, row: Row, source: Source) -> None:
    for event, day in (
        (DateEvent.VISIT_START, row.visit_start),
        (DateEvent.VISIT_END, row.visit_end),
        (DateEvent.PUBLISHED, row.published_on),
    ):
        if day is not None:
            ReportedDate.objects.update_or_create(
                inspection=inspection, event=event, source=source, defaults={"date": day}
            )


DATE_FIELDS = {
    "visit_start": DateEvent.VISIT_START,
    "visit_end": DateEvent.VISIT_END,
    "published_on": DateEvent.PUBLISHED,
}


def _compare(
    inspection: Inspection, row: Row, source: Callable[[], Source], recorded: Recorded
) -> None:
    """The row against the inspection it matches: corrections, or warnings if confirmed."""
    given: dict[str, object] = {
        "visit_start": row.visit_start,
        "visit_end": row.visit_end,
        "published_on": row.published_on,
        "outcome": row.grade,
        "next_inspection_by": row.next_by,
        "report_url": row.link,
    }
    differ = {
        name: value
        for name, value in given.items()
        if value not in (None, "") and getattr(inspection, name) != value
    }
    if not differ:
        return
    area = inspection.area.name
    if confirmed(inspection):
        # What the record lacks is filled in; what it holds stays as confirmed.
        blank = {
            name: value for name, value in differ.items() if getattr(inspection, name) in (None, "")
        }
        held = {name: value for name, value in differ.items() if name not in blank}
        if blank:
            _apply(inspection, blank, row, source(), recorded)
        if not held:
            return
        words = "; ".join(
            f"{_label(name)} {_shown(getattr(inspection, name))} → {_shown(value)}"
            for name, value in held.items()
        )
        recorded.warnings.append(
            f"{area}: the table disagrees with the record an admin confirmed ({words}). "
            "Nothing was changed: check the report and correct whichever is wrong."
        )
        return
    _apply(inspection, differ, row, source(), recorded)


def _apply(
    inspection: Inspection, differ: dict[str, object], row: Row, table: Source, recorded: Recorded
) -> None:
    """Records the table's values, keeping each date held beside the table's."""
    words = "; ".join(
        f"{_label(name)} {_shown(getattr(inspection, name))} → {_shown(value)}"
        for name, value in differ.items()
    )
    for name, value in differ.items():
        event = DATE_FIELDS.get(name)
        before = getattr(inspection, name)
        if event and before is not None:
            # Keep the date held, with its sources, beside the table's.
            for cited in inspection.sources.exclude(pk=table.pk):
                ReportedDate.objects.get_or_create(
                    inspection=inspection, event=event, source=cited, defaults={"date": before}
                )
        setattr(inspection, name, value)
    if "outcome" in differ:
        inspection.priority_action_plan_required = inspection.outcome == Outcome.WIDESPREAD
        inspection.outcome_text = row.outcome_text or inspection.outcome_text
    save(inspection)
    inspection.sources.add(table)
    _record_dates(inspection, row, table)
    recorded.changes.append(f"{inspection.area.name}: corrected from the table ({words})")


def _label(name: str) -> str:
    return {
        "visit_start": "visit start",
        "visit_end": "visit end",
        "published_on": "publication date",
        "outcome": "outcome",
        "next_inspection_by": "next inspection by",
        "report_url": "report address",
    }[name]


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    return "none" if value in (None, "") else str(value)


def _queue(inspection: Inspection, row: Row, check: Check) -> FoundReport:
    found = FoundReport.objects.filter(link=row.link).first() if row.link else None
    if found is not None:  # the same link once led to another record (corrected since)
        return found
    return FoundReport.objects.create(
        inspection=inspection,
        link=row.link,
        found_by=check,
        found_at=check.started_at,
        status=Status.WAITING,
    )


# --- Fetching and reading a report ----------------------------------------------------


def fetch_report(found: FoundReport, *, fetcher: Fetcher = fetch) -> str:
    """Downloads the report's PDF into the pending imports and reads it; records the outcome
    on `found` (to review, or failed with the reason) and returns it in words."""
    found.attempts += 1
    found.last_attempt_at = timezone.now()
    try:
        data = _download(found, fetcher)
        text, letter, plan = read_document(data)
    except (FetchError, LetterError) as error:
        found.status, found.reason = Status.FAILED, str(error)
        found.save()
        logger.warning("%s: %s", found, error)
        return f"failed: {error}"
    warnings = [*plan.errors, *plan.warnings]
    inspection = found.inspection
    if plan.area is not None and plan.area != inspection.area:
        warnings.insert(
            0,
            f"The report is about {plan.area.name}, but the table gave it as "
            f"{inspection.area.name}'s.",
        )
    if plan.duplicate_of is not None:
        holder = plan.duplicate_inspection
        found.status, found.reason = (
            Status.FAILED,
            (
                f"This report has already been imported as “{plan.duplicate_of}”"
                + (f" ({holder})" if holder else "")
                + ": nothing to review. Mark this inspection reviewed if it is the same one."
            ),
        )
        found.save()
        return "already imported"
    _fill_visit_from_report(inspection, letter.visit_start, letter.visit_end, warnings)
    uploads.keep(plan.fingerprint, data)
    found.status, found.reason = Status.TO_REVIEW, ""
    found.fingerprint, found.warnings = plan.fingerprint, warnings
    found.save()
    return "downloaded and read, waiting for review"


def _download(found: FoundReport, fetcher: Fetcher) -> bytes:
    link = found.link
    if not link:
        raise FetchError("The table gives no link to the report.")
    if not link.startswith(tuple(settings.REPORT_LINK_PREFIXES)):
        raise FetchError(
            f"{link} is not on Ofsted's file service ({', '.join(settings.REPORT_LINK_PREFIXES)}):"
            " not downloaded."
        )
    data = fetcher(link, Limits.for_reports())
    if not uploads.is_pdf(data):
        start = data[:40].decode("utf-8", errors="replace").strip()
        raise FetchError(f"{link} is not a PDF (it begins “{start}”).")
    return data


def _fill_visit_from_report(
    inspection: Inspection,
    start: dt.date | None,
    end: dt.date | None,
    warnings: list[str],
) -> None:
    """Where the table gave no visit dates, the report's (so its review finds this record);
    where they differ, a warning for the review."""
    if start and inspection.visit_start is None:
        inspection.visit_start = start
        inspection.visit_end = inspection.visit_end or end
        try:
            with transaction.atomic():
                save(inspection)
        except (ValidationError, IntegrityError) as error:
            warnings.append(f"The report's visit dates could not be recorded: {error}")
    elif start and start != inspection.visit_start:
        warnings.append(
            f"The table says the visit began on {inspection.visit_start:%-d %B %Y}; the report "
            f"says {start:%-d %B %Y}. Correct the visit dates on the review."
        )
