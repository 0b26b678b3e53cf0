"""The letters and reports shipped in full: the three seed letters and the 2023-framework
reports in letters/data/reports/.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from functools import cache

from areas.models import Area
from inspections.models import DateEvent, Inspection, InspectionKind, Source, SourceKind
from inspections.saving import save
from letters.reader import LetterResult, date_from_file_name
from letters.recording import (
    Matched,
    Themes,
    WeaknessMatch,
    outcome_of,
    outcome_word,
    record_letter,
    verdict_of,
)
from national_data.common import (
    DATA_DIR,
    LoadReport,
    read_csv,
    record_date,
    source_with_address,
)
from national_data.sources import seed_source

SEED_LETTERS_JSON = DATA_DIR / "seed_letters.json"
EARLIER_REPORT_LINKS_CSV = DATA_DIR / "earlier_report_links.csv"

# --- The three seed letters, in full ----------------------------------------------

SEED_PARTNERS = {
    # From the letters' addressees: the council and today's NHS body (ICBs since July 2022).
    "823": (
        "Central Bedfordshire Council",
        "Bedfordshire, Luton and Milton Keynes Integrated Care Board",
    ),
    "821": ("Luton Borough Council", "Bedfordshire, Luton and Milton Keynes Integrated Care Board"),
    # The 2022 letter was addressed to Buckinghamshire CCG, abolished in July 2022; the area's
    # health partner is now the ICB that the Oxfordshire report names for the same footprint.
    "825": (
        "Buckinghamshire Council",
        "Buckinghamshire, Oxfordshire and Berkshire West Integrated Care Board",
    ),
}
COUNCIL_PAGE_PUBLISHED = dt.date(2020, 2, 24)


def load_seed_letters(report: LoadReport) -> None:
    letters = json.loads(SEED_LETTERS_JSON.read_text(encoding="utf-8"))["letters"]
    areas = Area.objects.in_bulk(field_name="code")
    for letter in letters:
        area = areas[letter["area_code"]]
        council, health = SEED_PARTNERS[area.code]
        area.council_name, area.health_partner_name = council, health
        save(area)
        letter_source = seed_source(letter["file"])
        result = seed_result(letter, area)
        weaknesses = seed_weaknesses(letter, result)
        if result.kind == InspectionKind.INITIAL:
            load_initial_letter(area, result, weaknesses, letter_source)
        else:
            load_revisit_letter(area, result, weaknesses, letter_source)
    report.counts["seed letters"] = len(letters)


def seed_result(letter: dict, area: Area) -> LetterResult:
    """A letter of seed_letters.json as the reader's typed result: its "consequence" is what
    the reader calls the decision, its judgements the strengths and areas for development."""
    values = {**letter, "area": area.name, "framework": "2016"}
    if "consequence" in values:
        values["decision"] = values.pop("consequence")
    judgements = values.pop("judgements", [])
    values["strengths"] = {j["heading"]: j["strengths"] for j in judgements}
    values["areas_for_development"] = {j["heading"]: j["areas_for_development"] for j in judgements}
    return LetterResult.from_json_dict(values)


def seed_weaknesses(letter: dict, result: LetterResult) -> list[WeaknessMatch]:
    """The letter's weaknesses, numbered, titled and themed as the file gives them."""
    return [
        WeaknessMatch(
            item["number"],
            weakness.text,
            verdict_of(weakness.verdict),
            weakness.narrative,
            theme=item["theme"],
            title=item["title"],
        )
        for item, weakness in zip(letter["weaknesses"], result.weaknesses, strict=True)
    ]


def load_initial_letter(
    area: Area, result: LetterResult, weaknesses: list[WeaknessMatch], letter_source: Source
) -> None:
    inspection = area.inspections.get(kind=InspectionKind.INITIAL, visit_start=result.visit_start)
    inspection.summary = (
        "The inspection raises significant concerns about the effectiveness of the area."
    )
    record_letter(result, Matched(area, inspection, weaknesses=weaknesses), letter_source)
    record_date(inspection, DateEvent.LETTER, inspection.letter_date, letter_source)


def load_revisit_letter(
    area: Area, result: LetterResult, weaknesses: list[WeaknessMatch], letter_source: Source
) -> None:
    revisit = area.inspections.get(kind=InspectionKind.REVISIT, visit_start=result.visit_start)
    wsoa = revisit.wsoa
    if wsoa is None:
        raise ValueError(f"{area.name}: the revisit of {revisit.visit_start} revisits no WSOA")
    initial = wsoa.inspection
    # The revisit letter quotes each weakness from the initial letter, in order.
    first_letter = (
        initial.sources.filter(kind=SourceKind.LETTER).exclude(pk=letter_source.pk).first()
    )
    record_letter(
        result,
        Matched(area, revisit, wsoa, weaknesses),
        letter_source,
        weakness_source=first_letter or letter_source,
        decisions_known=True,  # the table of decisions, loaded later, has this one
    )
    record_date(revisit, DateEvent.LETTER, revisit.letter_date, letter_source)
    wsoa.sources.add(letter_source)
    initial.sources.add(letter_source)
    # The revisit letter gives its own publication date for the first letter: keep both.
    statistics = initial.sources.filter(kind=SourceKind.STATISTICS).first()
    if statistics:
        record_date(initial, DateEvent.PUBLISHED, initial.published_on, statistics)
    record_date(initial, DateEvent.PUBLISHED, result.initial_letter_published, letter_source)
    record_date(revisit, DateEvent.WSOA_FIT_FOR_PURPOSE, wsoa.fit_for_purpose_on, letter_source)

    if area.code == "823":
        # The council's own page gives a third publication date for the first letter.
        council_page = seed_source("001_bd980bdd6110b73a.txt")
        initial.sources.add(council_page)
        record_date(initial, DateEvent.PUBLISHED, COUNCIL_PAGE_PUBLISHED, council_page)
        revisit.sources.add(seed_source("002_3b1f14300e0944c4.txt"))


# --- The 2023-framework reports shipped in data/reports/ ---------------------------


@cache
def earlier_report_links() -> dict[str, str]:
    """Report addresses that today's outcomes table no longer gives (it keeps each area's
    latest inspection only), by the shipped report's file name, from an earlier table."""
    return {row["file"]: row["report_url"] for row in read_csv(EARLIER_REPORT_LINKS_CSV)}


def published_from_file_name(name: str) -> dt.date | None:
    """bury_07-may-2024.pdf was published on 7 May 2024 (the reports carry no such date):
    the reader's one rule for such names."""
    named = date_from_file_name(name)
    return named.date if named else None


def report_result(entry: dict) -> tuple[LetterResult, Themes]:
    """A report of framework_2_findings.json as the reader's typed result, with the themes
    its findings were given."""
    improvements = entry["areas_for_improvement"]
    result = LetterResult.from_json_dict(
        {
            **entry,
            "framework": "2023",
            "kind": InspectionKind.FULL,
            "areas_for_improvement": [item["text"] for item in improvements],
            "improvement_bodies": [item["responsible_body"] for item in improvements],
        }
    )
    themes = Themes(
        priority_actions=tuple(item["theme"] for item in entry["priority_actions"]),
        areas_for_improvement=tuple(item["theme"] for item in improvements),
    )
    return result, themes


def load_report_findings(report: LoadReport) -> None:
    """Each shipped report: its findings, its dates, and the report itself as a source."""
    from letters.shipped import shipped_findings

    loaded = findings = 0
    for entry in shipped_findings():
        area = Area.objects.named(entry["area"])
        if area is None:
            report.warnings.append(f"{entry['file']}: no local area is called {entry['area']!r}")
            continue
        result, themes = report_result(entry)
        start, end = result.visit_start, result.visit_end
        published = published_from_file_name(entry["file"])
        full = area.inspections.filter(kind=InspectionKind.FULL)
        inspection = (
            full.filter(visit_start=start).first() or full.filter(visit_start__isnull=True).first()
        )
        outcome = outcome_of(result)
        if inspection is None:
            # A report the outcomes table lacks (it lists only each area's latest).
            inspection = Inspection(area=area, kind=InspectionKind.FULL, published_on=published)
        if inspection.pk and start and inspection.visit_start and start != inspection.visit_start:
            # The report and the outcomes table disagree on the first day: keep both.
            index = inspection.sources.filter(kind=SourceKind.REPORT_INDEX).first()
            if index:
                record_date(inspection, DateEvent.VISIT_START, inspection.visit_start, index)
            disagreement = start
        else:
            disagreement = None
        if outcome is not None and inspection.outcome not in (None, outcome):
            report.warnings.append(
                f"{entry['file']}: the report's outcome ({outcome}) differs from the "
                f"outcomes table's ({inspection.outcome})"
            )
        # The outcomes table's dates, outcome and plan stand where it gives them.
        if inspection.pk:
            result = dataclasses.replace(
                result,
                visit_start=inspection.visit_start or start,
                visit_end=inspection.visit_end or end,
                outcome=outcome_word(inspection.outcome) or result.outcome,
                priority_action_plan_required=inspection.priority_action_plan_required,
            )
        if not inspection.report_url and entry["file"] in earlier_report_links():
            inspection.report_url = earlier_report_links()[entry["file"]]
        letter = source_with_address(
            SourceKind.LETTER,
            f"Area SEND inspection of {area.name} Local Area Partnership",
            inspection.report_url,
            published_on=inspection.published_on or published,
            content_hash=entry["fingerprint"],
        )
        record_letter(result, Matched(area, inspection), letter, themes=themes, themes_chosen=False)
        record_date(inspection, DateEvent.VISIT_START, disagreement, letter)
        if published and inspection.published_on and published != inspection.published_on:
            index = inspection.sources.filter(kind=SourceKind.REPORT_INDEX).first()
            if index:
                record_date(inspection, DateEvent.PUBLISHED, inspection.published_on, index)
            record_date(inspection, DateEvent.PUBLISHED, published, letter)
        findings += len(result.priority_actions) + len(result.areas_for_improvement)
        loaded += 1
    report.counts["2023-framework reports read"] = loaded
    report.counts["2023-framework findings"] = findings
