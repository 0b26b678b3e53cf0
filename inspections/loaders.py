"""Loads the real national data shipped in inspections/data/ into the database.

Each loader is idempotent: it looks records up by their natural key (area and visit
date, area and decision kind and day, source citation) and updates them, so running
`load_national_data` twice changes nothing. Every record is validated with
full_clean() before it is saved, and the whole load runs in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from areas.loaders import load_areas
from areas.models import Area
from inspections import standing
from inspections.models import (
    DateEvent,
    DatePrecision,
    Decision,
    DecisionKind,
    Finding,
    FindingKind,
    Framework,
    Inspection,
    InspectionKind,
    JudgementArea,
    Outcome,
    ReportedDate,
    RevisitResult,
    RevisitVerdict,
    SignificantWeakness,
    Source,
    SourceKind,
    WrittenStatementOfAction,
    WsoaStatus,
    result_from_counts,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
STATISTICS_CSV = DATA_DIR / "ofsted_area_send_2016_to_2022.csv"
LATER_REVISITS_CSV = DATA_DIR / "revisits_sep_to_dec_2022.csv"
FRAMEWORK_2_CSV = DATA_DIR / "area_send_2023_framework_outcomes.csv"
MANAGEMENT_INFORMATION_CSV = DATA_DIR / "ofsted_mi_2023_framework_winter_2022_23.csv"
DECISIONS_CSV = DATA_DIR / "dfe_nhse_decisions.csv"
SEED_LETTERS_JSON = DATA_DIR / "seed_letters.json"
WEAKNESS_WORDING_CSV = DATA_DIR / "weakness_wording_from_public_pages.csv"
WSOA_MILESTONES_CSV = DATA_DIR / "wsoa_milestones_and_monitoring.csv"
FORMER_AREA_INSPECTIONS_CSV = DATA_DIR / "former_area_inspections.csv"
SEEDS_DIR = DATA_DIR / "seeds"

STATISTICS_URL = (
    "https://www.gov.uk/government/statistics/area-send-inspections-and-outcomes-in-england"
    "-as-at-31-august-2022"
)
OUTCOME_BY_GRADE = {"1.0": Outcome.POSITIVE, "2.0": Outcome.INCONSISTENT, "3.0": Outcome.WIDESPREAD}
OUTCOME_BY_TEXT = {
    "Typically positive experiences and outcomes": Outcome.POSITIVE,
    "Inconsistent experiences and outcomes": Outcome.INCONSISTENT,
    "Widespread and/or systemic failings": Outcome.WIDESPREAD,
}
NO_PREVIOUS_INSPECTION = "01/01/1900"
STATISTICS_PROGRESS = "Number significant weaknesses where sufficient progress"


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> Iterator[str]:
        for name, count in self.counts.items():
            yield f"{name}: {count}"
        for warning in self.warnings:
            yield f"note (nothing to do; the data has a gap): {warning}"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def parse_date(value: str) -> dt.date | None:
    """ISO (2019-11-18, with or without a time), dd/mm/yyyy or dd/mm/yy; else None."""
    value = value.strip()
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def text_fingerprint(text: str) -> str:
    """SHA-256 of a document's words, blind to line breaks and spacing."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def save(instance):
    """Validates and saves, unless nothing changed (so a reload writes no history).

    The named constraints are left to the database, which enforces them in the load's
    transaction (checking each here cost a query of its own); fields and clean() still run."""
    instance.full_clean(validate_constraints=False)
    if instance.pk is not None:
        fields = [f.attname for f in instance._meta.concrete_fields]
        stored = type(instance).objects.filter(pk=instance.pk).values(*fields).first()
        if stored == {name: getattr(instance, name) for name in fields}:
            return instance
    instance.save()
    return instance


def update_or_create(model, defaults: dict, **lookup):
    """`update_or_create`, but a record that already holds these values is not saved again,
    so a reload sends no signals and stamps no area as changed."""
    found = model.objects.filter(**lookup).first()
    if found is not None and all(getattr(found, k) == v for k, v in defaults.items()):
        return found
    return model.objects.update_or_create(**lookup, defaults=defaults)[0]


def source(kind: str, title: str, url: str = "", published_on: dt.date | None = None, **extra):
    return update_or_create(
        Source, {"published_on": published_on, **extra}, kind=kind, title=title, url=url
    )


def area_for_code(code: str, areas_by_code: dict[str, Area]) -> Area:
    area = areas_by_code.get(code) or Area.objects.with_code(code)
    if area is None:
        raise ValueError(f"No local area has the code {code!r}")
    return area


def upsert_inspection(area: Area, visit_start: dt.date | None, **fields) -> Inspection:
    """Finds the area's inspection of this kind starting that day (or the undated one)."""
    found = Inspection.objects.filter(
        area=area, kind=fields["kind"], visit_start=visit_start
    ).first()
    inspection = found or Inspection(area=area, visit_start=visit_start)
    for name, value in fields.items():
        setattr(inspection, name, value)
    return save(inspection)


def set_if_known(instance, **fields) -> None:
    """Fills fields a richer source knows, without blanking what another gave."""
    for name, value in fields.items():
        if value not in (None, ""):
            setattr(instance, name, value)


# --- Framework 1: the official statistics and later revisits ---------------------


def load_framework_1_statistics(report: LoadReport) -> None:
    statistics = source(
        SourceKind.STATISTICS,
        "Area SEND inspections and outcomes in England, as at 31 August 2022",
        STATISTICS_URL,
        dt.date(2022, 11, 17),
    )
    areas = {area.ons_code: area for area in Area.objects.all()}
    initial_count = revisit_count = 0
    for row in read_csv(STATISTICS_CSV):
        area = area_for_code(row["Local authority code"], areas)
        wsoa_required = row["Inspection outcome: written statement of action required?"] == "Yes"
        initial = upsert_inspection(
            area,
            parse_date(row["Inspection start date"]),
            framework=Framework.LOCAL_AREA_2016,
            kind=InspectionKind.INITIAL,
            published_on=parse_date(row["Inspection publication date"]),
            wsoa_required=wsoa_required,
        )
        initial.sources.add(statistics)
        initial_count += 1
        if not wsoa_required:
            continue
        count = row["Number significant weaknesses identified in written statement of action"]
        wsoa, _ = WrittenStatementOfAction.objects.get_or_create(inspection=initial)
        wsoa.reported_weakness_count = int(float(count)) if count else None
        save(wsoa).sources.add(statistics)
        revisit_start = parse_date(row["Revisit start date"])
        if revisit_start is None:
            continue
        sufficient = int(
            float(row["Number significant weaknesses where sufficient progress has been made"])
        )
        not_sufficient = int(
            float(row["Number significant weaknesses where sufficient progress has not been made"])
        )
        revisit = upsert_inspection(
            area,
            revisit_start,
            framework=Framework.LOCAL_AREA_2016,
            kind=InspectionKind.REVISIT,
            wsoa=wsoa,
            published_on=parse_date(row["Revisit publication date"]),
            revisit_result=result_from_counts(sufficient, not_sufficient),
            reported_sufficient=sufficient,
            reported_not_sufficient=not_sufficient,
        )
        revisit.sources.add(statistics)
        revisit_count += 1
    report.counts["framework-1 inspections (statistics)"] = initial_count
    report.counts["framework-1 revisits (statistics)"] = revisit_count


def latest_wsoa(area: Area, before: dt.date | None = None) -> WrittenStatementOfAction | None:
    wsoas = WrittenStatementOfAction.objects.filter(inspection__area=area)
    if before:
        wsoas = wsoas.filter(inspection__visit_start__lt=before)
    return wsoas.order_by("-inspection__visit_start").first()


def load_later_revisits(report: LoadReport) -> None:
    """Revisits after the statistics' 31 August 2022 cut-off, from public pages."""
    loaded = 0
    for row in read_csv(LATER_REVISITS_CSV):
        area = area_for_code(row["ons_code"], {})
        start = parse_date(row["revisit_start"])
        wsoa = latest_wsoa(area, before=start)
        if wsoa is None:
            report.warnings.append(f"{area.name}: revisit on {start} but no WSOA to revisit")
            continue
        sufficient, not_sufficient = int(row["sufficient"]), int(row["not_sufficient"])
        revisit = upsert_inspection(
            area,
            start,
            framework=Framework.LOCAL_AREA_2016,
            kind=InspectionKind.REVISIT,
            wsoa=wsoa,
            visit_end=parse_date(row["revisit_end"]),
            letter_date=parse_date(row["letter_date"]),
            published_on=parse_date(row["publication_date"]),
            revisit_result=result_from_counts(sufficient, not_sufficient),
            reported_sufficient=sufficient,
            reported_not_sufficient=not_sufficient,
        )
        if wsoa.reported_weakness_count is None:
            wsoa.reported_weakness_count = int(row["weaknesses"])
            save(wsoa)
        if row["source"].startswith("http"):
            revisit.sources.add(
                source(SourceKind.COUNCIL_PAGE, f"{area.name}: revisit outcome", row["source"])
            )
        loaded += 1
    report.counts["framework-1 revisits (after the statistics)"] = loaded


# --- Framework 2 ------------------------------------------------------------------


def report_link(cell: str) -> str:
    match = re.search(r"\[(https?://[^\]]+)\]", cell)
    return match.group(1) if match else ""


def load_framework_2_outcomes(report: LoadReport) -> None:
    index = source(
        SourceKind.REPORT_INDEX,
        "Area SEND inspection outcomes from Ofsted's report pages (Data to Insight)",
    )
    areas = Area.objects.in_bulk(field_name="code")
    loaded = 0
    for row in read_csv(FRAMEWORK_2_CSV):
        area = area_for_code(row["La Code"], areas)
        outcome = OUTCOME_BY_GRADE.get(row["Outcome Grade"])
        outcome_text = " ".join(row["Inspection Outcome Text"].split())
        notes = ""
        if outcome is None:
            outcome_text = ""
            notes = "The outcome could not be read from Ofsted's report page: see the report."
        within = row["Next Inspection"] if row["Next Inspection"] != "NaN" else ""
        start, published = (
            parse_date(row["Inspection Start Date"]),
            parse_date(row["Publication Date"]),
        )
        if start is None:
            # The table lacks the dates (Derbyshire): the shipped report may have given them.
            known = area.inspections.filter(kind=InspectionKind.FULL, published_on=published)
            start = known.values_list("visit_start", flat=True).first()
        inspection = upsert_inspection(
            area,
            start,
            framework=Framework.AREA_2023,
            kind=InspectionKind.FULL,
            visit_end=parse_date(row["Inspection End Date"])
            or (inspection_end(area, start) if start else None),
            published_on=published,
            outcome=outcome,
            outcome_text=outcome_text,
            priority_action_plan_required=None if outcome is None else outcome == 3,
            next_inspection_within=within,
            next_inspection_by=parse_date(row["Next Inspection By Date"]),
            report_url=report_link(row["Inspection Link"]),
            notes=notes,
        )
        inspection.sources.add(index)
        loaded += 1
    report.counts["framework-2 full inspections"] = loaded


def inspection_end(area: Area, start: dt.date) -> dt.date | None:
    return area.inspections.filter(visit_start=start).values_list("visit_end", flat=True).first()


def link_previous_visits(report: LoadReport) -> None:
    """Each framework-2 row cites the last day of the area's previous visit."""
    index = Source.objects.get(kind=SourceKind.REPORT_INDEX)
    areas = Area.objects.in_bulk(field_name="code")
    for row in read_csv(FRAMEWORK_2_CSV):
        previous_end = parse_date(row["Previous Inspection Date"])
        if previous_end and row["Previous Inspection Date"] != NO_PREVIOUS_INSPECTION:
            record_previous_visit_end(areas[row["La Code"]], previous_end, index, report)


def record_previous_visit_end(
    area: Area, visit_end: dt.date, cited: Source, report: LoadReport
) -> None:
    """A framework-2 report cites the last day of the area's previous visit."""
    previous = (
        Inspection.objects.filter(Q(area=area) | Q(area__successors=area))
        .filter(
            Q(visit_start__range=(visit_end - dt.timedelta(days=7), visit_end))
            # A visit known only to its month (Dorset County, January 2017).
            | Q(visit_precision=DatePrecision.MONTH, visit_start=visit_end.replace(day=1))
        )
        .order_by("-visit_start")
        .first()
    )
    if previous is None:
        report.warnings.append(
            f"{area.name}: a report cites a previous visit ending {visit_end:%-d %B %Y}, "
            "which no loaded inspection matches"
        )
        return
    if previous.visit_end is None:
        previous.visit_end = visit_end
        save(previous).sources.add(cited)
    record_date(previous, DateEvent.VISIT_END, visit_end, cited)


def area_for_name(name: str) -> Area:
    wanted = slug_words(name)
    for area in Area.objects.current():
        if slug_words(area.name) == wanted or wanted in map(slug_words, area.also_known_as):
            return area
    raise ValueError(f"No local area is called {name!r}")


def slug_words(name: str) -> str:
    return " ".join(re.findall(r"[a-z]+", name.lower().replace("&", "and")))


def load_management_information(report: LoadReport) -> None:
    """Ofsted's first 16 framework-2 outcomes, with priority action plans and counts."""
    mi = source(
        SourceKind.MANAGEMENT_INFORMATION,
        "Area SEND inspections: management information, winter 2022 to 2023",
    )
    matched = 0
    for row in read_csv(MANAGEMENT_INFORMATION_CSV):
        area = area_for_name(row["Local.area.partnership"])
        start = parse_date(row["Inspection.start.date"])
        published = parse_date(row["Inspection.publication.date"])
        inspection = (
            area.inspections.filter(kind=InspectionKind.FULL, published_on=published).first()
            or area.inspections.filter(kind=InspectionKind.FULL, visit_start=start).first()
        )
        if inspection is None:
            inspection = Inspection(
                area=area,
                framework=Framework.AREA_2023,
                kind=InspectionKind.FULL,
                visit_start=start,
                published_on=published,
            )
        elif inspection.visit_start != start:
            # The two sources disagree on the first day: keep both, each with its source.
            record_date(
                inspection,
                DateEvent.VISIT_START,
                inspection.visit_start,
                *inspection.sources.filter(kind=SourceKind.REPORT_INDEX),
            )
            record_date(inspection, DateEvent.VISIT_START, start, mi)
        inspection.outcome = OUTCOME_BY_TEXT[row["Inspection.outcome"]]
        inspection.priority_action_plan_required = row["Priority.action.plan.required."] == "Yes"
        count = row["Number.of.areas.for.priority.action"]
        inspection.reported_priority_actions = int(count) if count.isdigit() else None
        save(inspection).sources.add(mi)
        matched += 1
    report.counts["framework-2 outcomes in the management information"] = matched


# --- DfE and NHS England decisions ------------------------------------------------

SOURCE_KIND_BY_HOST = {
    "parallelparliament": SourceKind.PARLIAMENT,
    "schoolsweek": SourceKind.NEWS_ARTICLE,
    "theisleofthanetnews": SourceKind.NEWS_ARTICLE,
}


def source_for_address(address: str, area: Area) -> Source:
    if address.startswith("seed "):
        return seed_source(address.removeprefix("seed "))
    host = re.sub(r"^https?://(www\.)?", "", address).split("/")[0]
    kind = next(
        (kind for key, kind in SOURCE_KIND_BY_HOST.items() if key in host),
        SourceKind.COUNCIL_PAGE if ".gov.uk" in host else SourceKind.OTHER,
    )
    title = (
        f"{host}: {area.name}"
        if kind != SourceKind.PARLIAMENT
        else f"Parliamentary record ({host})"
    )
    return source(kind, title, address)


def load_decisions(report: LoadReport) -> None:
    loaded = 0
    for row in read_csv(DECISIONS_CSV):
        area = area_for_code(row["ons_code"], {})
        decided_on = parse_date(row["date"])
        decision = Decision.objects.filter(
            area=area, kind=row["kind"], decided_on=decided_on
        ).first() or Decision(area=area, kind=row["kind"], decided_on=decided_on)
        decision.date_precision = row["date_precision"].replace(" ", "_")
        decision.notes = row["detail"]
        decision.wsoa = latest_wsoa(area, before=decided_on)
        save(decision).sources.add(source_for_address(row["source"], area))
        loaded += 1
    report.counts["DfE and NHS England decisions"] = loaded


def settle_wsoa_statuses() -> None:
    """Sets each WSOA's status from what followed it: revisit, decision or new framework."""
    escalating = {
        DecisionKind.ACCELERATED_PROGRESS_PLAN,
        DecisionKind.IMPROVEMENT_NOTICE,
        DecisionKind.STATUTORY_DIRECTION,
        DecisionKind.COMMISSIONER_APPOINTED,
        DecisionKind.NEXT_STEPS_PENDING,
    }
    wsoas = WrittenStatementOfAction.objects.select_related("inspection__area").prefetch_related(
        "revisits", "decisions"
    )
    reinspected_areas = set(Inspection.objects.framework_2().values_list("area_id", flat=True))
    for wsoa in wsoas:
        revisit = max(wsoa.revisits.all(), key=lambda r: r.visit_start, default=None)
        decisions = {d.kind for d in wsoa.decisions.all()}
        if revisit:
            status = WsoaStatus.CLOSED if revisit.revisit_result == "all" else WsoaStatus.ESCALATED
        elif decisions & escalating:
            status = WsoaStatus.ESCALATED
        elif DecisionKind.MONITORING_CEASES in decisions:
            status = WsoaStatus.SIGNED_OFF
        elif wsoa.inspection.area_id in reinspected_areas:
            status = WsoaStatus.SUPERSEDED
        else:
            status = WsoaStatus.OPEN
        if wsoa.status != status:
            wsoa.status = status
            wsoa.save(update_fields=["status"])


# --- The three seed letters, in full ----------------------------------------------

SEED_TITLES = {
    "000_aed773c308996f1a.txt": (
        SourceKind.LETTER,
        "Joint area SEND revisit in Central Bedfordshire",
    ),
    "001_bd980bdd6110b73a.txt": (
        SourceKind.COUNCIL_PAGE,
        "Central Bedfordshire Council: SEND inspection by Ofsted and the CQC",
    ),
    "002_3b1f14300e0944c4.txt": (
        SourceKind.NEWS_ARTICLE,
        "News: Ofsted and CQC to revisit Central Bedfordshire SEND services",
    ),
    "003_7f757aee72001148.txt": (SourceKind.LETTER, "Joint area SEND revisit in Luton"),
    "004_65f15d48a5b54d28.txt": (
        SourceKind.LETTER,
        "Joint area SEND inspection in Buckinghamshire",
    ),
}
SEED_DATES = {
    "000_aed773c308996f1a.txt": dt.date(2022, 9, 8),
    "002_3b1f14300e0944c4.txt": dt.date(2022, 6, 23),
    "003_7f757aee72001148.txt": dt.date(2022, 12, 6),
    "004_65f15d48a5b54d28.txt": dt.date(2022, 4, 26),
}
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


def seed_source(filename: str) -> Source:
    kind, title = SEED_TITLES[filename]
    text = (SEEDS_DIR / filename).read_text(encoding="utf-8")
    return source(
        kind, title, published_on=SEED_DATES.get(filename), content_hash=text_fingerprint(text)
    )


def record_date(inspection: Inspection, event: str, date: dt.date | None, *sources: Source) -> None:
    if date is None:
        return
    for cited in sources:
        update_or_create(
            ReportedDate, {"date": date}, inspection=inspection, event=event, source=cited
        )


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


def save_framework_1_findings(
    inspection: Inspection,
    main_findings: list[str],
    strengths: dict[str, list[str]],
    areas_for_development: dict[str, list[str]],
) -> None:
    """A framework-1 letter's main findings, and its strengths and areas for development
    under each of the three headings, numbered as the letter lists them."""
    groups = [(FindingKind.MAIN_FINDING, "", main_findings)]
    for heading in JudgementArea.values:
        groups.append((FindingKind.STRENGTH, heading, strengths.get(heading, [])))
        groups.append(
            (FindingKind.AREA_FOR_DEVELOPMENT, heading, areas_for_development.get(heading, []))
        )
    for kind, heading, texts in groups:
        for number, text in enumerate(texts, start=1):
            key = {"kind": kind, "judgement_area": heading, "number": number}
            finding = inspection.findings.filter(**key).first() or Finding(
                inspection=inspection, **key
            )
            finding.text = text
            save(finding)


def framework_2_finding(inspection: Inspection, kind: str, number: int, item: dict) -> Finding:
    """The finding stored at this place in the report (or a new one), with the item's words."""
    finding = inspection.findings.filter(kind=kind, number=number).first() or Finding(
        inspection=inspection, kind=kind, number=number
    )
    finding.text = item["text"]
    finding.responsible_body = item.get("responsible_body") or ""
    return finding


def save_framework_2_findings(
    inspection: Inspection, groups: dict[str, list[dict]], *, chosen: bool = False
) -> None:
    """A report's areas for priority action and for improvement, numbered as it lists them.

    `groups` maps a finding kind to items {text, responsible_body, theme}. A theme left
    empty is suggested by the rules. A theme an admin already set on a stored finding is
    kept, unless `chosen` says these themes were chosen by an admin just now (the import's
    review step).
    """
    from inspections.theme_rules import suggest_theme

    for kind, items in groups.items():
        for number, item in enumerate(items, start=1):
            finding = framework_2_finding(inspection, kind, number, item)
            given = item.get("theme") or ""
            if chosen and given:
                finding.theme = given
            else:
                finding.theme = finding.theme or given or suggest_theme(item["text"])
            save(finding)


def save_weaknesses(
    wsoa, weaknesses: list[dict], letter_source: Source
) -> list[SignificantWeakness]:
    saved = []
    for item in weaknesses:
        weakness = wsoa.weaknesses.filter(number=item["number"]).first() or SignificantWeakness(
            wsoa=wsoa, number=item["number"]
        )
        weakness.title, weakness.text, weakness.theme = item["title"], item["text"], item["theme"]
        weakness.source = weakness.source or letter_source
        saved.append(save(weakness))
    return saved


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


# --- Facts gathered from public pages ---------------------------------------------

_MONTH_RE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December) (\d{4})\b"
)


def month_in(text: str) -> dt.date | None:
    """The first "August 2019" in a note, as the month's first day."""
    match = _MONTH_RE.search(text)
    return (
        dt.datetime.strptime(f"1 {match.group(1)} {match.group(2)}", "%d %B %Y").date()
        if (match)
        else None
    )


def load_weakness_wording(report: LoadReport) -> None:
    """Significant weaknesses as councils and forums quoted them (Warwickshire, Kent, Surrey)."""
    from inspections.letter_import import weakness_title
    from inspections.theme_rules import suggest_theme

    loaded = 0
    unnumbered: dict[int, int] = {}
    for row in read_csv(WEAKNESS_WORDING_CSV):
        area = area_for_code(row["area_code"], {})
        published = parse_date(row["inspection_published"])
        wsoa = WrittenStatementOfAction.objects.filter(
            inspection__area=area, inspection__published_on=published
        ).first()
        if wsoa is None:
            report.warnings.append(
                f"{area.name}: weakness wording for a letter published {published}, "
                "which no loaded WSOA matches"
            )
            continue
        if row["number"]:
            number = int(row["number"])
        else:  # quoted without the letter's numbering: numbered in the order quoted
            number = unnumbered[wsoa.pk] = unnumbered.get(wsoa.pk, 0) + 1
        weakness = wsoa.weaknesses.filter(number=number).first() or SignificantWeakness(
            wsoa=wsoa, number=number
        )
        text = row["text"].strip()
        cited = source_for_address(row["source"], area)
        if weakness.source_id and weakness.source.kind == SourceKind.LETTER:
            continue  # the letter itself was entered: it wins over a quotation
        weakness.text = text + ("…" if row["completeness"] == "truncated" else "")
        weakness.title = weakness.title or weakness_title(text)
        weakness.theme = weakness.theme or suggest_theme(text)
        weakness.wording_complete = row["completeness"] != "truncated"
        weakness.numbered_by_letter = bool(row["number"])
        weakness.source = cited
        save(weakness)
        wsoa.sources.add(cited)
        loaded += 1
    report.counts["weaknesses quoted on public pages"] = loaded


MILESTONE_FIELDS = {
    "WSOA declared fit for purpose": ("fit_for_purpose_on", "fit_for_purpose_precision"),
    "WSOA accepted": ("fit_for_purpose_on", "fit_for_purpose_precision"),
    "WSOA submitted": ("submitted_on", "submitted_precision"),
}


def load_wsoa_milestones(report: LoadReport) -> None:
    """When WSOAs were submitted and declared fit for purpose, where a public page says.

    Only the first date found for each step is kept (a WSOA sent back and resubmitted
    keeps its first submission), and a date known only to the month is kept as a month.
    """
    loaded = 0
    for row in read_csv(WSOA_MILESTONES_CSV):
        fields = MILESTONE_FIELDS.get(row["event"])
        if fields is None:
            continue
        area = area_for_code(row["area_code"], {})
        date = parse_date(row["start_date"])
        precision = DatePrecision.DAY
        if date is None and row["date_precision"] == "month":
            date, precision = month_in(row["outcome_or_note"]), DatePrecision.MONTH
        if date is None:
            continue  # the page gives no usable date (see its note)
        wsoa = latest_wsoa(area, before=date)
        if wsoa is None:
            continue
        date_field, precision_field = fields
        current = getattr(wsoa, date_field)
        if current is None or (
            getattr(wsoa, precision_field) == DatePrecision.MONTH and precision == DatePrecision.DAY
        ):
            setattr(wsoa, date_field, date)
            setattr(wsoa, precision_field, precision)
            save(wsoa)
        wsoa.sources.add(source_for_address(row["source"].split(" ; ")[0], area))
        loaded += 1
    report.counts["WSOA milestones from public pages"] = loaded


def load_former_area_inspections(report: LoadReport) -> None:
    """Dorset County's and Northamptonshire's 2017 inspections, missing from the statistics."""
    loaded = 0
    notes = source(  # the release's notes sheet (notes 2 and 3)
        SourceKind.STATISTICS,
        "Area SEND inspections and outcomes in England, as at 31 August 2022",
        STATISTICS_URL,
        dt.date(2022, 11, 17),
    )
    initial_by_area: dict[int, Inspection] = {}
    for row in read_csv(FORMER_AREA_INSPECTIONS_CSV):
        area = area_for_code(row["ons_code"], {})
        cited = [notes]
        for address in row["source"].split(" ; ")[1:]:
            cited.append(source_for_address(f"https://{address.strip()}", area))
        if row["event"] == "framework-1 inspection":
            month = month_in(row["notes"])
            inspection = upsert_inspection(
                area,
                month,
                framework=Framework.LOCAL_AREA_2016,
                kind=InspectionKind.INITIAL,
                visit_precision=DatePrecision.MONTH,
                wsoa_required=row["verdict_summary"].startswith("Written statement"),
                notes=row["notes"],
            )
            inspection.sources.add(*cited)
            initial_by_area[area.pk] = inspection
            if inspection.wsoa_required:
                wsoa, _ = WrittenStatementOfAction.objects.get_or_create(inspection=inspection)
                wsoa.reported_weakness_count = int(row["weaknesses"]) if row["weaknesses"] else None
                save(wsoa).sources.add(*cited)
            loaded += 1
        elif row["event"] == "framework-1 revisit":
            initial = initial_by_area[area.pk]
            revisit = upsert_inspection(
                area,
                parse_date(row["start_date"]),
                framework=Framework.LOCAL_AREA_2016,
                kind=InspectionKind.REVISIT,
                wsoa=initial.written_statement,
                revisit_result=RevisitResult.SOME
                if row["verdict_summary"].startswith("Some")
                else "",
                notes=row["notes"],
            )
            revisit.sources.add(*cited)
            loaded += 1
    report.counts["former areas' inspections (from the statistics' notes)"] = loaded


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
    from inspections.letter_import import find_area
    from inspections.report_findings import shipped_findings

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


# --- Everything, in order ---------------------------------------------------------


@transaction.atomic
def load_national_data() -> LoadReport:
    report = LoadReport()
    # Each area's stored standing is worked out once, at the end, not after every save.
    with standing.batched():
        report.counts["local areas (153 today and 5 former ones)"] = load_areas()
        load_framework_1_statistics(report)
        load_later_revisits(report)
        load_former_area_inspections(report)
        load_framework_2_outcomes(report)
        load_management_information(report)
        link_previous_visits(report)
        load_seed_letters(report)
        load_report_findings(report)
        load_weakness_wording(report)
        load_wsoa_milestones(report)
        load_decisions(report)
        settle_wsoa_statuses()
        # Areas new to this database, or loaded before their standing was stored. A reload
        # that changes nothing stamps nothing, so cached pages stay valid.
        standing.note_changed(
            Area.objects.filter(changed_at__isnull=True).values_list("pk", flat=True)
        )
    return report
