"""The letters and reports shipped in full: the three seed letters and the 2023-framework
reports in letters/data/reports/.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from areas.models import Area
from inspections.models import (
    DateEvent,
    FindingKind,
    Framework,
    Inspection,
    InspectionKind,
    Outcome,
    RevisitVerdict,
    Source,
    SourceKind,
)
from inspections.saving import save
from letters.recording import save_framework_1_findings, save_framework_2_findings, save_weaknesses
from national_data.common import DATA_DIR, LoadReport, parse_date, record_date, set_if_known, source
from national_data.sources import seed_source

SEED_LETTERS_JSON = DATA_DIR / "seed_letters.json"

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
        if letter["kind"] == "initial":
            load_initial_letter(area, letter, letter_source)
        else:
            load_revisit_letter(area, letter, letter_source)
    report.counts["seed letters"] = len(letters)


def letter_fields(letter: dict) -> dict:
    return {
        "visit_end": parse_date(letter["visit_end"]),
        "letter_date": parse_date(letter["letter_date"]),
        "inspectors": "\n".join(letter["inspectors"]),
    }


def load_initial_letter(area: Area, letter: dict, letter_source: Source) -> None:
    inspection = area.inspections.get(
        kind=InspectionKind.INITIAL, visit_start=parse_date(letter["visit_start"])
    )
    set_if_known(inspection, **letter_fields(letter))
    inspection.wsoa_required = letter["wsoa_required"]
    inspection.summary = (
        "The inspection raises significant concerns about the effectiveness of the area."
    )
    save(inspection).sources.add(letter_source)
    record_date(inspection, DateEvent.LETTER, inspection.letter_date, letter_source)
    save_framework_1_findings(
        inspection,
        letter["main_findings"],
        strengths={h["heading"]: h["strengths"] for h in letter["judgements"]},
        areas_for_development={
            h["heading"]: h["areas_for_development"] for h in letter["judgements"]
        },
    )
    wsoa = inspection.written_statement
    wsoa.responsible_bodies = letter["responsible_bodies"]
    save(wsoa).sources.add(letter_source)
    save_weaknesses(wsoa, letter["weaknesses"], letter_source)


def load_revisit_letter(area: Area, letter: dict, letter_source: Source) -> None:
    revisit = area.inspections.get(
        kind=InspectionKind.REVISIT, visit_start=parse_date(letter["visit_start"])
    )
    set_if_known(revisit, **letter_fields(letter))
    revisit.summary = letter["overall"]
    revisit.consequence = letter["consequence"]
    save(revisit).sources.add(letter_source)
    record_date(revisit, DateEvent.LETTER, revisit.letter_date, letter_source)

    wsoa = revisit.wsoa
    if wsoa is None:
        raise ValueError(f"{area.name}: the revisit of {revisit.visit_start} revisits no WSOA")
    wsoa.responsible_bodies = letter["responsible_bodies"]
    wsoa.fit_for_purpose_on = parse_date(letter["wsoa_fit_for_purpose"])
    save(wsoa).sources.add(letter_source)
    initial = wsoa.inspection
    initial.sources.add(letter_source)
    # The revisit letter gives its own publication date for the first letter: keep both.
    statistics = initial.sources.filter(kind=SourceKind.STATISTICS).first()
    if statistics:
        record_date(initial, DateEvent.PUBLISHED, initial.published_on, statistics)
    record_date(
        initial, DateEvent.PUBLISHED, parse_date(letter["initial_letter_published"]), letter_source
    )
    record_date(revisit, DateEvent.WSOA_FIT_FOR_PURPOSE, wsoa.fit_for_purpose_on, letter_source)

    # The revisit letter quotes each weakness from the initial letter, in order.
    first_letter = (
        initial.sources.filter(kind=SourceKind.LETTER).exclude(pk=letter_source.pk).first()
    )
    weaknesses = save_weaknesses(wsoa, letter["weaknesses"], first_letter or letter_source)
    for weakness, item in zip(weaknesses, letter["weaknesses"], strict=True):
        verdict = RevisitVerdict.objects.filter(revisit=revisit, weakness=weakness).first()
        verdict = verdict or RevisitVerdict(revisit=revisit, weakness=weakness)
        verdict.verdict, verdict.narrative = item["verdict"], item["narrative"]
        save(verdict)
    save(revisit)  # re-validates the result against the verdict counts

    if area.code == "823":
        # The council's own page gives a third publication date for the first letter.
        council_page = seed_source("001_bd980bdd6110b73a.txt")
        initial.sources.add(council_page)
        record_date(initial, DateEvent.PUBLISHED, COUNCIL_PAGE_PUBLISHED, council_page)
        revisit.sources.add(seed_source("002_3b1f14300e0944c4.txt"))


# --- The 2023-framework reports shipped in data/reports/ ---------------------------

PARSER_OUTCOMES = {
    "positive": Outcome.POSITIVE,
    "inconsistent": Outcome.INCONSISTENT,
    "widespread": Outcome.WIDESPREAD,
}
_ICB_RE = re.compile(r"Integrated Care Board(?: \(ICB\))?|\bICB\b")


def published_from_file_name(name: str) -> dt.date | None:
    """bury_07-may-2024.pdf was published on 7 May 2024 (the reports carry no such date)."""
    match = re.search(r"_(\d{2}-[a-z]+-\d{4})\.pdf$", name)
    if not match:
        return None
    return dt.datetime.strptime(match.group(1), "%d-%B-%Y").date()


def partners(responsible_bodies: str, area_name: str) -> tuple[str, str] | None:
    """(council, ICB) from the report's "Bury Council and NHS Greater Manchester ICB".

    The council's name holds the area's name, and the ICB follows it after " and " or
    ", " ("The London Borough of Barking and Dagenham and North East London Integrated
    Care Board (ICB)"); anything after the ICB (a children's trust) is left out.
    """
    text = " ".join(responsible_bodies.split())
    icb = _ICB_RE.search(text)
    if not icb:
        return None
    text = text[: icb.end()]
    named = text.lower().find(area_name.lower())
    after = named + len(area_name) if named >= 0 else 0
    split = re.search(r",? and (?:the )?|, (?:the )?", text[after:])
    if not split:
        return None
    council = text[: after + split.start()].removeprefix("The ").removesuffix(" local authority")
    health = text[after + split.end() :]
    return council, health[:1].upper() + health[1:]


def load_report_findings(report: LoadReport) -> None:
    """Each shipped report: its findings, its dates, and the report itself as a source."""
    from letters.importing import find_area
    from letters.shipped import shipped_findings

    loaded = findings = 0
    for entry in shipped_findings():
        area = find_area(entry["area"])
        if area is None:
            report.warnings.append(f"{entry['file']}: no local area is called {entry['area']!r}")
            continue
        start, end = parse_date(entry["visit_start"] or ""), parse_date(entry["visit_end"] or "")
        published = published_from_file_name(entry["file"])
        full = area.inspections.filter(kind=InspectionKind.FULL)
        inspection = (
            full.filter(visit_start=start).first() or full.filter(visit_start__isnull=True).first()
        )
        outcome = PARSER_OUTCOMES.get(entry["outcome"] or "")
        if inspection is None:
            # A report the outcomes table lacks (it lists only each area's latest).
            inspection = Inspection(
                area=area,
                framework=Framework.AREA_2023,
                kind=InspectionKind.FULL,
                published_on=published,
                outcome=outcome,
                priority_action_plan_required=None if outcome is None else outcome == 3,
            )
        if inspection.pk and start and inspection.visit_start and start != inspection.visit_start:
            # The report and the outcomes table disagree on the first day: keep both.
            index = inspection.sources.filter(kind=SourceKind.REPORT_INDEX).first()
            if index:
                record_date(inspection, DateEvent.VISIT_START, inspection.visit_start, index)
            disagreement = start
        else:
            disagreement = None
        set_if_known(inspection, visit_start=inspection.visit_start or start)
        set_if_known(inspection, visit_end=inspection.visit_end or end)
        if inspection.outcome is None and outcome is not None:
            inspection.outcome = outcome
        elif outcome is not None and inspection.outcome != outcome:
            report.warnings.append(
                f"{entry['file']}: the report's outcome ({outcome}) differs from the "
                f"outcomes table's ({inspection.outcome})"
            )
        save(inspection)
        letter = source(
            SourceKind.LETTER,
            f"Area SEND inspection of {area.name} Local Area Partnership",
            inspection.report_url,
            inspection.published_on or published,
            content_hash=entry["fingerprint"],
        )
        inspection.sources.add(letter)
        record_date(inspection, DateEvent.VISIT_START, disagreement, letter)
        if published and inspection.published_on and published != inspection.published_on:
            index = inspection.sources.filter(kind=SourceKind.REPORT_INDEX).first()
            if index:
                record_date(inspection, DateEvent.PUBLISHED, inspection.published_on, index)
            record_date(inspection, DateEvent.PUBLISHED, published, letter)
        save_framework_2_findings(
            inspection,
            {
                FindingKind.PRIORITY_ACTION: entry["priority_actions"],
                FindingKind.IMPROVEMENT: entry["areas_for_improvement"],
            },
        )
        findings += len(entry["priority_actions"]) + len(entry["areas_for_improvement"])
        named = partners(entry["responsible_bodies"], area.name)
        if named and inspection == area.inspections.filter(kind=InspectionKind.FULL).last():
            area.council_name, area.health_partner_name = named
            save(area)
        loaded += 1
    report.counts["2023-framework reports read"] = loaded
    report.counts["2023-framework findings"] = findings
