"""The CSV files on /data/, each described column by column.

The columns listed here are both what the files hold (a row with any other key is an
error) and what the data dictionary page says about them, so the two cannot drift apart.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import mark_safe

from areas.models import Area
from inspections.models import Inspection, Outcome
from inspections.runs_to import data_runs_to
from inspections.spreadsheet_cells import shown_not_run
from opendata import records

BOM = "\ufeff"  # so spreadsheet programs read the files as UTF-8


@dataclass(frozen=True)
class Column:
    name: str
    description: str

    @property
    def name_html(self) -> str:
        """The name with a line-break opportunity after each underscore, for narrow screens."""
        return mark_safe("_<wbr>".join(escape(part) for part in self.name.split("_")))


@dataclass(frozen=True)
class DataFile:
    name: str  # the file is <name>.csv
    title: str
    description: str
    row: str  # what one row is
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable[dict[str, Any]]]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def fieldnames(self) -> list[str]:
        return [column.name for column in self.columns]

    def lines(self) -> Iterator[str]:
        """The file, a line at a time: the byte order mark, the header, then each row."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=self.fieldnames, lineterminator="\r\n")

        def flush() -> str:
            text = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            return text

        writer.writeheader()
        yield BOM + flush()
        for row in self.rows():
            writer.writerow({key: _cell(value) for key, value in row.items()})
            yield flush()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return shown_not_run(value)
    return str(value)  # dates as YYYY-MM-DD


AREA_KEYS = (
    Column("area_slug", "The area's key, as in its page's address (/areas/<area_slug>/)."),
    Column("area_name", "The local area's name."),
    Column("dfe_code", "The DfE 3-digit local authority code."),
)


def _area_keys(area: Area) -> dict[str, Any]:
    return {"area_slug": area.slug, "area_name": area.name, "dfe_code": area.code}


def area_rows() -> Iterator[dict[str, Any]]:
    as_of = data_runs_to()
    areas = Area.objects.prefetch_related("successors")
    for area in areas:
        summary = records.area_summary(area, as_of)
        expected = summary["next_expected"] or {}
        yield {
            **_area_keys(area),
            "ons_code": area.ons_code,
            "region": area.region,
            "region_name": area.get_region_display(),
            "area_type": area.get_area_type_display(),
            "council_name": area.council_name,
            "health_partner_name": area.health_partner_name,
            "abolished_on": area.abolished_on,
            "successors": " ".join(a.slug for a in area.successors.all()),
            "status": summary["status"]["key"],
            "status_label": summary["status"]["label"],
            "framework_1_status": summary["framework_1_status"]["key"],
            "framework_1_status_label": summary["framework_1_status"]["label"],
            "framework_2_outcome": summary["framework_2_outcome"],
            "framework_2_outcome_label": summary["framework_2_outcome_label"],
            "next_expected_event": expected.get("label"),
            "next_expected_date": expected.get("date"),
            "next_expected_basis": expected.get("basis"),
            "next_expected_date_passed_without_record": expected.get("date_passed_without_record"),
            "next_expected_date_precision": expected.get("date_precision"),
            "next_expected_date_passed_since_data_end": expected.get("date_passed_since_data_end"),
        }


def inspection_rows() -> Iterator[dict[str, Any]]:
    inspections = (
        Inspection.objects.select_related("area", "wsoa__inspection")
        .prefetch_related("sources")
        .order_by("area__name", "visit_start", "published_on")
    )
    for inspection in inspections:
        yield {
            **_area_keys(inspection.area),
            "framework": inspection.framework,
            "kind": inspection.kind,
            "kind_label": inspection.get_kind_display(),
            "visit_start": inspection.visit_start,
            "visit_end": inspection.visit_end,
            "visit_precision": inspection.visit_precision,
            "letter_date": inspection.letter_date,
            "published_on": inspection.published_on,
            "published_precision": inspection.published_precision,
            "wsoa_required": inspection.wsoa_required,
            "revisit_of": inspection.wsoa.inspection.visit_start if inspection.wsoa else None,
            "revisit_result": inspection.revisit_result,
            "reported_sufficient": inspection.reported_sufficient,
            "reported_not_sufficient": inspection.reported_not_sufficient,
            "outcome": inspection.outcome,
            "outcome_label": Outcome(inspection.outcome).label if inspection.outcome else None,
            "outcome_basis": inspection.outcome_basis,
            "next_inspection_by": inspection.next_inspection_by,
            "report_url": inspection.report_url,
            "source_urls": " ".join(s.url for s in inspection.sources.all() if s.url),
        }


def weakness_rows() -> Iterator[dict[str, Any]]:
    for weakness in records.weaknesses():
        wsoa = weakness.wsoa
        area = wsoa.inspection.area
        common = {
            **_area_keys(area),
            "region": area.region,
            "reference": weakness.reference,
            "number": weakness.number,
            "title": weakness.title,
            "text": weakness.text,
            "wording_complete": weakness.wording_complete,
            "theme": weakness.theme,
            "theme_label": weakness.get_theme_display(),
            "inspection_visit_start": wsoa.inspection.visit_start,
            "wsoa_status": wsoa.status,
        }
        # One row per verdict; a weakness not yet given one still has its row.
        for verdict in weakness.verdicts.all() or [None]:
            yield {
                **common,
                "revisit_visit_start": verdict.revisit.visit_start if verdict else None,
                "revisit_published_on": verdict.revisit.published_on if verdict else None,
                "verdict": verdict.verdict if verdict else None,
                "verdict_label": verdict.get_verdict_display() if verdict else None,
                "narrative": verdict.narrative if verdict else None,
                "verdict_basis": verdict.basis if verdict else None,
                "verdict_note": None if verdict else wsoa.without_verdict.words,
            }


def finding_rows() -> Iterator[dict[str, Any]]:
    for finding in records.framework_2_findings():
        inspection = finding.inspection
        yield {
            **_area_keys(inspection.area),
            "region": inspection.area.region,
            "inspection_kind": inspection.kind,
            "inspection_visit_start": inspection.visit_start,
            "published_on": inspection.published_on,
            "outcome": inspection.outcome,
            "kind": finding.kind,
            "kind_label": finding.get_kind_display(),
            "number": finding.number,
            "title": finding.title,
            "text": finding.text,
            "theme": finding.theme,
            "theme_label": finding.get_theme_display() if finding.theme else None,
            "responsible_body": finding.responsible_body,
            "report_url": inspection.report_url,
            "latest_monitoring_verdict": finding.latest_monitoring_verdict,
            "latest_monitoring_month": f"{finding.latest_monitoring_visit:%Y-%m}"
            if finding.latest_monitoring_visit
            else None,
        }


DATES = "A date, YYYY-MM-DD; empty where not known."
PRECISION = (
    "How precisely that date is known: day; month (the date is the month's first day); or "
    "on_or_before."
)
REGION = Column(
    "region",
    "The region's key: north-east, north-west, yorkshire-and-the-humber, "
    "east-midlands, west-midlands, east-of-england, london, south-east or south-west.",
)
THEME = Column(
    "theme",
    "The theme's key, the tracker's own grouping (see the about page): such as ehc_plan_quality.",
)

FILES = (
    DataFile(
        name="areas",
        title="Local areas",
        description="Every local area in England, with the former areas that reorganisations "
        "replaced, and where each stands now.",
        row="One local area.",
        columns=(
            *AREA_KEYS,
            Column("ons_code", "The ONS (GSS) code, such as E06000056."),
            REGION,
            Column("region_name", "The region's name."),
            Column(
                "area_type",
                "County council, unitary authority, metropolitan district or London borough.",
            ),
            Column("council_name", "The council, as its latest report names it."),
            Column(
                "health_partner_name",
                "The NHS body (an integrated care board since July "
                "2022) that commissions health services.",
            ),
            Column("abolished_on", "For a former area, when it was abolished. " + DATES),
            Column(
                "successors",
                "For a former area, the area_slug of each area that replaced "
                "it, separated by spaces.",
            ),
            Column(
                "status",
                "Where the area stands now, as a key: its 2023-framework outcome "
                "(outcome-1, outcome-2, outcome-3, or outcome-3-improvement-notice where a "
                "DfE improvement notice followed an outcome 3) if it has one, otherwise its "
                "2016-framework status (such as revisit-some or dfe-decision).",
            ),
            Column("status_label", "The same, in the words the site shows."),
            Column(
                "framework_1_status", "Where the area stands under the 2016 framework, as a key."
            ),
            Column("framework_1_status_label", "The same, in words."),
            Column(
                "framework_2_outcome",
                "1, 2 or 3: the outcome of the latest 2023-framework "
                "full inspection; empty if none is held.",
            ),
            Column("framework_2_outcome_label", "The same, in Ofsted's words."),
            Column(
                "next_expected_event",
                "What the rules expect next, such as “Next full "
                "inspection”; empty for former areas.",
            ),
            Column("next_expected_date", "When, where the rules give a date. " + DATES),
            Column("next_expected_basis", "The rule or fact that date rests on, in plain words."),
            Column(
                "next_expected_date_passed_without_record",
                "true where the expected date "
                "is before the date the data runs to and no record of the event is held. It "
                "does not mean the event is late, only that the tracker has no record of it.",
            ),
            Column(
                "next_expected_date_precision",
                "day where a source gives the date itself (the event is due by that day), "
                "month where it is worked out from a rule of thumb (around that month).",
            ),
            Column(
                "next_expected_date_passed_since_data_end",
                "true where the expected date (or month) has passed by the day the file was "
                "made but is after the date the data runs to: the tracker cannot say whether "
                "the event has happened.",
            ),
        ),
        rows=area_rows,
    ),
    DataFile(
        name="inspections",
        title="Inspections",
        description="Every inspection and revisit under the 2016 framework, and every full and "
        "monitoring inspection under the 2023 framework.",
        row="One inspection visit and the letter or report that followed.",
        columns=(
            *AREA_KEYS,
            Column(
                "framework", "2016 (local area SEND inspections) or 2023 (area SEND inspections)."
            ),
            Column("kind", "initial or revisit (2016 framework); full or monitoring (2023)."),
            Column("kind_label", "The same, in words."),
            Column("visit_start", "When the visit began. " + DATES),
            Column("visit_end", "When the visit ended. " + DATES),
            Column("visit_precision", PRECISION),
            Column("letter_date", "The date on the letter or report. " + DATES),
            Column("published_on", "When it was published. " + DATES),
            Column("published_precision", PRECISION),
            Column(
                "wsoa_required",
                "For a 2016-framework inspection: true if it required a "
                "written statement of action, false if not, empty if not known.",
            ),
            Column(
                "revisit_of",
                "For a revisit: the visit_start of the inspection whose "
                "written statement of action it checked.",
            ),
            Column(
                "revisit_result",
                "For a revisit: all, some or none: on how many weaknesses "
                "inspectors found sufficient progress.",
            ),
            Column(
                "reported_sufficient",
                "For a revisit: weaknesses with sufficient progress, "
                "as the official statistics count them.",
            ),
            Column(
                "reported_not_sufficient",
                "For a revisit: weaknesses without sufficient "
                "progress, as the official statistics count them.",
            ),
            Column("outcome", "For a 2023-framework full inspection: 1, 2 or 3."),
            Column("outcome_label", "The same, in Ofsted's words."),
            Column(
                "outcome_basis",
                "Where neither the report nor Ofsted's outcomes table gave the outcome: the "
                "public pages it is taken from and what they say (their addresses are in "
                "source_urls). Empty otherwise.",
            ),
            Column(
                "next_inspection_by",
                "The date Ofsted's report page gives for the next inspection: the next full "
                "inspection after outcome 1 or 2, the monitoring inspection after outcome 3. "
                + DATES,
            ),
            Column("report_url", "The letter or report on Ofsted's site."),
            Column(
                "source_urls",
                "The web address of every source this record comes from, separated by spaces.",
            ),
        ),
        rows=inspection_rows,
    ),
    DataFile(
        name="weaknesses",
        title="Significant weaknesses and verdicts",
        description="Every significant weakness held word for word from a written statement of "
        "action (2016 framework), with each revisit's verdict on it.",
        row="One weakness and one verdict on it. A weakness with no verdict yet has one row, "
        "with the verdict columns empty.",
        columns=(
            *AREA_KEYS,
            REGION,
            Column(
                "reference",
                "The weakness's public reference, such as CB-2019-3: its page is "
                "/weaknesses/<reference>/.",
            ),
            Column("number", "Its place in the letter, from 1."),
            Column("title", "A short plain-English title, the tracker's own."),
            Column("text", "The weakness in the letter's own words."),
            Column("wording_complete", "false where the only copy found is cut off."),
            THEME,
            Column("theme_label", "The theme's name."),
            Column(
                "inspection_visit_start",
                "When the inspection that found the weakness began. " + DATES,
            ),
            Column(
                "wsoa_status",
                "The written statement of action's status: open, closed, "
                "escalated, signed_off or superseded.",
            ),
            Column(
                "revisit_visit_start", "When the revisit that gave this verdict began. " + DATES
            ),
            Column("revisit_published_on", "When that revisit's letter was published. " + DATES),
            Column(
                "verdict",
                "sufficient or not_sufficient: whether inspectors found "
                "sufficient progress; empty where no verdict is held.",
            ),
            Column("verdict_label", "The same, in words."),
            Column("narrative", "What the inspectors wrote about it."),
            Column(
                "verdict_basis",
                "letter where the revisit letter gives the verdict on this weakness; count "
                "where it follows from the revisit's count (every weakness, or none, "
                "sufficient).",
            ),
            Column(
                "verdict_note",
                "Where the row has no verdict: why, or what is known (a revisit that judged "
                "the plan but whose verdict on each weakness is not held).",
            ),
        ),
        rows=weakness_rows,
    ),
    DataFile(
        name="findings",
        title="2023-framework findings",
        description="Every area for priority action and area for improvement in the "
        "2023-framework reports held word for word.",
        row="One area for priority action or area for improvement.",
        columns=(
            *AREA_KEYS,
            REGION,
            Column("inspection_kind", "full or monitoring."),
            Column("inspection_visit_start", "When the inspection began. " + DATES),
            Column("published_on", "When the report was published. " + DATES),
            Column("outcome", "The report's outcome: 1, 2 or 3."),
            Column(
                "kind",
                "priority_action (an area for priority action) or improvement (an "
                "area for improvement).",
            ),
            Column("kind_label", "The same, in words."),
            Column("number", "Its place in the report's list, from 1."),
            Column("title", "A short title, where one is held."),
            Column("text", "The finding in the report's own words."),
            THEME,
            Column("theme_label", "The theme's name."),
            Column(
                "responsible_body",
                "For an area for priority action, the body the report makes responsible for it.",
            ),
            Column("report_url", "The report on Ofsted's site."),
            Column(
                "latest_monitoring_verdict",
                "For an area for priority action: what the latest monitoring inspection found "
                "on it, effective (effective action being taken) or not_effective; empty where "
                "no monitoring inspection of it is recorded.",
            ),
            Column(
                "latest_monitoring_month",
                "The month that monitoring inspection visited, YYYY-MM (monitoring visits "
                "are often known only to the month).",
            ),
        ),
        rows=finding_rows,
    ),
)
FILES_BY_NAME = {data_file.name: data_file for data_file in FILES}
