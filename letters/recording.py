"""Recording what a letter or report found: its findings, weaknesses and their words."""

from __future__ import annotations

from inspections.models import (
    Finding,
    FindingKind,
    Inspection,
    JudgementArea,
    SignificantWeakness,
    Source,
)
from inspections.saving import save


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
